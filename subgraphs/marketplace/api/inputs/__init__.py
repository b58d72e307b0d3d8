"""Input types, one module per aggregate; `changes` reads what a partial update sent."""

from __future__ import annotations

from typing import Any

import strawberry


def changes(input: object) -> dict[str, Any]:
    """The fields the client sent but `id`, which names what changes (a partial update leaves
    the others out)."""
    return {
        name: value
        for name, value in vars(input).items()
        if value is not strawberry.UNSET and name != "id"
    }
