"""Opaque keyset cursors: the sort-key values of a row, typed, JSON-encoded, base64url'd."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import orjson

from subgraphs.kit.errors import BadUserInput


def _tag(value: Any) -> list[Any]:
    if isinstance(value, dt.datetime):
        return ["t", value.isoformat()]
    if isinstance(value, uuid.UUID):
        return ["u", str(value)]
    if isinstance(value, Decimal):
        return ["d", str(value)]
    if value is None or isinstance(value, bool | int | float | str):
        return ["v", value]
    raise TypeError(f"cannot put {type(value).__name__} in a cursor")


def _untag(item: Any) -> Any:
    kind, raw = item
    if kind == "t":
        return dt.datetime.fromisoformat(raw)
    if kind == "u":
        return uuid.UUID(raw)
    if kind == "d":
        return Decimal(raw)
    if kind == "v":
        return raw
    raise ValueError(kind)


def encode_cursor(values: tuple[Any, ...]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([_tag(v) for v in values])).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> tuple[Any, ...]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        items = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
        values = tuple(_untag(item) for item in items)
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError) as error:
        raise BadUserInput("The cursor is not valid.", argument="after") from error
    if len(values) != arity:
        raise BadUserInput("The cursor does not belong to this list.", argument="after")
    return values
