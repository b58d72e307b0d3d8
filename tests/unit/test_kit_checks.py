"""The kit's shared input checks: the rule and its code are the kit's."""

from __future__ import annotations

import pytest

from subgraphs.kit.checks import long_text, not_cleared
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
