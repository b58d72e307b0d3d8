"""Input rules of channels, posts and comments; each failure is a `DomainError` with a code."""

from __future__ import annotations

from subgraphs.kit.checks import long_text, sized_text
from subgraphs.kit.codes import Code
from subgraphs.kit.urls import web_url

CHANNEL_NAME = (3, 100)
DESCRIPTION_MAX = 2000
POST_TITLE = (5, 200)
POST_BODY = (10, 20000)
COMMENT_BODY = (2, 1000)


def _sized(text: str, field: str, code: Code, bounds: tuple[int, int]) -> str:
    low, high = bounds
    return sized_text(text, field, code, low=low, high=high)


def clean_channel_name(value: str) -> str:
    return _sized(value.strip(), "name", Code.INVALID_NAME, CHANNEL_NAME)


def clean_description(value: str | None) -> str:
    return long_text(value, "description", most=DESCRIPTION_MAX, what="The description")


def clean_title(value: str) -> str:
    return _sized(value.strip(), "title", Code.INVALID_TITLE, POST_TITLE)


def clean_post_body(value: str) -> str:
    return _sized(value.strip(), "body", Code.INVALID_BODY, POST_BODY)


def clean_comment_body(value: str) -> str:
    return _sized(value.strip(), "body", Code.INVALID_BODY, COMMENT_BODY)


def clean_image_url(value: str | None) -> str | None:
    return web_url(value, "imageUrl") if value else None
