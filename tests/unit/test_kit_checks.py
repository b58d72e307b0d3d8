"""The kit's shared input checks: the rule and its code are the kit's."""

from __future__ import annotations

import pytest

from subgraphs.kit.checks import long_text, not_cleared, optional_text, sized_text, words
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError


def test_long_text_is_trimmed_and_bounded() -> None:
    assert long_text("  hi  ", "description", most=2, what="The description") == "hi"
    assert long_text(None, "description", most=2, what="The description") == ""
    with pytest.raises(DomainError) as refused:
        long_text("abc", "description", most=2, what="The description")
    assert (refused.value.code, refused.value.message) == (
        "TOO_LONG",
        "The description is at most 2 characters.",
    )


def test_a_partial_update_may_leave_a_field_out_but_not_clear_it() -> None:
    not_cleared({"title": "x"}, ["title", "body"])
    with pytest.raises(DomainError) as refused:
        not_cleared({"body": None}, ["title", "body"])
    assert (refused.value.code, refused.value.field) == ("REQUIRED", "body")


def test_sized_text_names_its_bounds_with_the_callers_code() -> None:
    assert sized_text("abc", "name", Code.INVALID_NAME, low=3, high=5) == "abc"
    for text in ("ab", "abcdef"):
        with pytest.raises(DomainError) as refused:
            sized_text(text, "name", Code.INVALID_NAME, low=3, high=5)
        error = refused.value.to_user_error()
        assert (error.code, error.field, error.message) == (
            "INVALID_NAME",
            "name",
            "Use 3 to 5 characters.",
        )


def test_optional_text_is_none_when_nothing_is_left() -> None:
    assert optional_text("   ", "icon", most=5, what="The icon") is None
    assert optional_text(" star ", "icon", most=5, what="The icon") == "star"


def test_words_folds_white_space() -> None:
    assert words("  New \t  York \n") == "New York"
