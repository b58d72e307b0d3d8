"""Ids from clients: a malformed id is simply an object that does not exist (`NOT_FOUND`)."""

from __future__ import annotations

import uuid

from subgraphs.freelance.codes import Code
from subgraphs.kit import ids


def existing_id(value: object, field: str, what: str = "object") -> uuid.UUID:
    return ids.existing_id(value, field, what, Code.NOT_FOUND)


def optional_id(value: object | None, field: str, what: str = "object") -> uuid.UUID | None:
    return ids.optional_id(value, field, what, Code.NOT_FOUND)
