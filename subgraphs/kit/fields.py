"""Which fields of a GraphQL input the client sent: the basis of every partial update.

Strawberry leaves a field the client did not send as `UNSET`, and one sent as `null` as None:
"clear it" and "leave it" differ, so a partial update must look at `UNSET`, never at None.

`sent_fields(input)` is every sent field under its Python name, in declaration order; `skip`
leaves out the ones that are not changes (the id of the row to change), `only` keeps just the
ones named (when the input carries more than the update may touch).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from strawberry import UNSET


def sent_fields(
    input: Any, *, skip: Iterable[str] = (), only: Iterable[str] | None = None
) -> dict[str, Any]:
    """`{name: value}` of the fields of the strawberry input `input` the client sent."""
    left_out = set(skip)
    kept = None if only is None else set(only)
    return {
        field.name: getattr(input, field.name)
        for field in dataclasses.fields(input)
        if field.name not in left_out
        and (kept is None or field.name in kept)
        and getattr(input, field.name) is not UNSET
    }
