"""Input rules of channels, posts and comments; each failure is a `DomainError` with a code."""

from __future__ import annotations

import uuid

from subgraphs.kit.checks import long_text
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.ids import existing_id
from subgraphs.kit.urls import web_url

CHANNEL_NAME = (3, 100)
DESCRIPTION_MAX = 2000
POST_TITLE = (5, 200)
POST_BODY = (10, 20000)
COMMENT_BODY = (2, 1000)


def _within(value: str, bounds: tuple[int, int], code: Code, field: str, what: str) -> str:
    low, high = bounds
    if not low <= len(value) <= high:
        raise DomainError(code, f"{what} must have {low} to {high} characters.", field)
    return value


def clean_channel_name(value: str) -> str:
    return _within(value.strip(), CHANNEL_NAME, Code.INVALID_NAME, "name", "The name")


def clean_description(value: str | None) -> str:
    return long_text(value, "description", most=DESCRIPTION_MAX, what="The description")


def clean_title(value: str) -> str:
    return _within(value.strip(), POST_TITLE, Code.INVALID_TITLE, "title", "The title")


def clean_post_body(value: str) -> str:
    return _within(value.strip(), POST_BODY, Code.INVALID_BODY, "body", "The body")


def clean_comment_body(value: str) -> str:
    return _within(value.strip(), COMMENT_BODY, Code.INVALID_BODY, "body", "A comment")


def clean_image_url(value: str | None) -> str | None:
    return web_url(value, "imageUrl") if value else None


def parse_id(value: object, field: str, what: str) -> uuid.UUID:
    """An id from the client; a malformed one is simply not found (subgraphs.kit.ids)."""
    return existing_id(value, field, what)
