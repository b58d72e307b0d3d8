"""The kit's shared input checks: the rule is the kit's, the code the caller's."""

from __future__ import annotations

from enum import StrEnum

import pytest

from subgraphs.kit.checks import long_text, not_cleared
from subgraphs.kit.errors import DomainError


class Code(StrEnum):
    TOO_LONG = "TOO_LONG"
    REQUIRED = "REQUIRED"


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
