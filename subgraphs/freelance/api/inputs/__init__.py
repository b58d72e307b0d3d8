"""Input types of the freelance subgraph (one `input` argument per mutation), per aggregate."""

from __future__ import annotations

from typing import Any

import strawberry

UNSET = strawberry.UNSET


def sent_fields(value: object, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an input the client actually sent (partial updates leave the rest)."""
    return {
        name: field
        for name, field in vars(value).items()
        if field is not UNSET and name not in skip
    }
