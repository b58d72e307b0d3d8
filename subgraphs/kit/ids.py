"""Ids from clients. Ids are opaque: one that is not a UUID names nothing, so it is "not found"
(`NOT_FOUND`), never a validation error that would reveal their form."""

from __future__ import annotations

import uuid

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError


def parse_uuid(value: object) -> uuid.UUID | None:
    """`value` as a UUID, or None when it is not one."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def existing_id(
    value: object, field: str, what: str, not_found: Code = Code.NOT_FOUND
) -> uuid.UUID:
    """The UUID of `value`, or `not_found` naming `field`: "No such <what>."."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise DomainError(not_found, f"No such {what}.", field)
    return parsed


def optional_id(
    value: object | None, field: str, what: str, not_found: Code = Code.NOT_FOUND
) -> uuid.UUID | None:
    """`existing_id`, with None (the argument left out) kept as None."""
    return None if value is None else existing_id(value, field, what, not_found)
