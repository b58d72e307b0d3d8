"""The kit's shared input checks: the rule is the kit's, the code the caller's."""

from __future__ import annotations

from enum import StrEnum

import pytest

from subgraphs.kit.checks import URL_MAX, http_url, long_text, not_cleared
from subgraphs.kit.errors import DomainError


class Code(StrEnum):
    INVALID_URL = "INVALID_URL"
    TOO_LONG = "TOO_LONG"
    REQUIRED = "REQUIRED"


@pytest.mark.parametrize("value", [None, ""])
def test_an_empty_link_is_none(value: str | None) -> None:
    assert http_url(value, "imageUrl", Code.INVALID_URL) is None


def test_an_http_link_is_kept() -> None:
    assert http_url("https://img.test/a.png", "imageUrl", Code.INVALID_URL) == (
        "https://img.test/a.png"
    )


@pytest.mark.parametrize(
    "value",
    ["ftp://img.test/a.png", "javascript:alert(1)", "https://", "https://x.test/" + "a" * URL_MAX],
)
def test_other_links_are_refused_with_the_callers_code_and_field(value: str) -> None:
    with pytest.raises(DomainError) as refused:
        http_url(value, "avatarUrl", Code.INVALID_URL)
    assert (refused.value.code, refused.value.field) == (Code.INVALID_URL, "avatarUrl")


def test_long_text_is_trimmed_and_bounded() -> None:
    assert long_text("  hi  ", "description", Code.TOO_LONG, most=2, what="The description") == "hi"
    assert long_text(None, "description", Code.TOO_LONG, most=2, what="The description") == ""
    with pytest.raises(DomainError) as refused:
        long_text("abc", "description", Code.TOO_LONG, most=2, what="The description")
    assert refused.value.message == "The description is at most 2 characters."


def test_a_partial_update_may_leave_a_field_out_but_not_clear_it() -> None:
    not_cleared({"title": "x"}, ["title", "body"], Code.REQUIRED)
    with pytest.raises(DomainError) as refused:
        not_cleared({"body": None}, ["title", "body"], Code.REQUIRED)
    assert (refused.value.code, refused.value.field) == (Code.REQUIRED, "body")
