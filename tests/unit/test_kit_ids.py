"""Ids from clients (subgraphs.kit.ids): a UUID in any accepted spelling, and anything else
NOT_FOUND (or the caller's own not-found code), never a crash or a hint at the id's form."""

from __future__ import annotations

import uuid

import pytest

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.ids import existing_id, optional_id, parse_uuid

ID = uuid.UUID("0af76519-16cd-43dd-8448-eb211c80319c")


@pytest.mark.parametrize("value", [ID, str(ID), str(ID).upper(), ID.hex])
def test_a_uuid_in_any_spelling(value: object) -> None:
    assert parse_uuid(value) == ID
    assert existing_id(value, "gigId", "gig") == ID


@pytest.mark.parametrize("value", ["nope", "", "1' OR 1=1", 42, None])
def test_anything_else_is_not_found(value: object) -> None:
    assert parse_uuid(value) is None
    with pytest.raises(DomainError) as raised:
        existing_id(value, "gigId", "gig")
    error = raised.value.to_user_error()
    assert (error.code, error.field, error.message) == ("NOT_FOUND", "gigId", "No such gig.")


def test_an_id_left_out_stays_left_out() -> None:
    assert optional_id(None, "categoryId", "category") is None
    assert optional_id(str(ID), "categoryId", "category") == ID


def test_a_caller_may_name_its_own_not_found_code() -> None:
    with pytest.raises(DomainError) as raised:
        optional_id("nope", "categoryId", "category", Code.CATEGORY_NOT_FOUND)
    assert raised.value.to_user_error().code == "CATEGORY_NOT_FOUND"
