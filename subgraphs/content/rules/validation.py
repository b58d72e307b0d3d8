"""Input rules of channels, posts and comments; each failure is a `DomainError` with a code."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from subgraphs.content.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.ids import existing_id

CHANNEL_NAME = (3, 100)
DESCRIPTION_MAX = 2000
POST_TITLE = (5, 200)
POST_BODY = (10, 20000)
COMMENT_BODY = (2, 1000)
URL_MAX = 500


def _within(value: str, bounds: tuple[int, int], code: Code, field: str, what: str) -> str:
    low, high = bounds
    if not low <= len(value) <= high:
        raise DomainError(code, f"{what} must have {low} to {high} characters.", field)
    return value


def clean_channel_name(value: str) -> str:
    return _within(value.strip(), CHANNEL_NAME, Code.INVALID_NAME, "name", "The name")


def clean_description(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > DESCRIPTION_MAX:
        raise DomainError(
            Code.TOO_LONG,
            f"The description is at most {DESCRIPTION_MAX} characters.",
            "description",
        )
    return text


def clean_title(value: str) -> str:
    return _within(value.strip(), POST_TITLE, Code.INVALID_TITLE, "title", "The title")


def clean_post_body(value: str) -> str:
    return _within(value.strip(), POST_BODY, Code.INVALID_BODY, "body", "The body")


def clean_comment_body(value: str) -> str:
    return _within(value.strip(), COMMENT_BODY, Code.INVALID_BODY, "body", "A comment")


def clean_image_url(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    if len(value) > URL_MAX or parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError(
            Code.INVALID_URL, f"Use an http(s) URL of at most {URL_MAX} characters.", "imageUrl"
        )
    return value


def parse_id(value: object, field: str, what: str) -> uuid.UUID:
    """An id from the client; a malformed one is simply not found (subgraphs.kit.ids)."""
    return existing_id(value, field, what, Code.NOT_FOUND)
