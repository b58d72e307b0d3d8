"""The codes of notifications's `UserError`s: stable values clients can rely on, each documented in
docs/rules/notifications.md (a test keeps the two in step)."""

from enum import StrEnum, unique


@unique
class Code(StrEnum):
    INVALID_TOKEN = "INVALID_TOKEN"
    INVALID_VALUE = "INVALID_VALUE"
    NOT_FOUND = "NOT_FOUND"
    TOO_MANY_DEVICES = "TOO_MANY_DEVICES"
