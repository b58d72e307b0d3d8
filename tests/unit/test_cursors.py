from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from subgraphs.kit.connections import page_size
from subgraphs.kit.cursors import decode_cursor, encode_cursor
from subgraphs.kit.errors import BadUserInput


def test_cursor_round_trip_keeps_types() -> None:
    values = (
        dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        uuid.uuid4(),
        Decimal("12.50"),
        3,
        "x",
        None,
    )
    cursor = encode_cursor(values)
    assert "=" not in cursor and "{" not in cursor  # opaque and URL-safe
    assert decode_cursor(cursor, len(values)) == values


@pytest.mark.parametrize("cursor", ["", "!!!", encode_cursor((1,)) + "x", "eyJ9"])
def test_garbage_cursors_are_bad_input(cursor: str) -> None:
    with pytest.raises(BadUserInput):
        decode_cursor(cursor, 1)


def test_cursor_of_another_list_is_refused() -> None:
    with pytest.raises(BadUserInput):
        decode_cursor(encode_cursor((1, 2)), 1)


def test_page_size_is_capped() -> None:
    assert page_size(None) == 20
    assert page_size(100) == 100
    with pytest.raises(BadUserInput):
        page_size(101)
