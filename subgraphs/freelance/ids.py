"""Ids from clients: a malformed id is simply an object that does not exist."""

from __future__ import annotations

import uuid

import strawberry

from subgraphs.freelance.codes import Code
from subgraphs.freelance.loaders import parse_uuid
from subgraphs.kit.errors import DomainError


def existing_id(value: strawberry.ID | str, field: str, what: str = "object") -> uuid.UUID:
    parsed = parse_uuid(value)
    if parsed is None:
        raise DomainError(Code.NOT_FOUND, f"No such {what}.", field)
    return parsed


def optional_id(value: strawberry.ID | None, field: str, what: str = "object") -> uuid.UUID | None:
    return None if value is None else existing_id(value, field, what)
