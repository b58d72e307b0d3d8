"""Links from clients (subgraphs.kit.urls): an http(s) URL that fits the column, else
INVALID_URL on the field that sent it."""

from __future__ import annotations

import pytest

from subgraphs.kit.errors import DomainError
from subgraphs.kit.urls import URL_MAX, web_url


@pytest.mark.parametrize(
    "value",
    ["https://a.example/x.png", "http://a.example", "https://a.example/" + "x" * (URL_MAX - 18)],
)
def test_an_http_url_that_fits_is_kept(value: str) -> None:
    assert web_url(value, "imageUrl") == value


@pytest.mark.parametrize(
    "value",
    [
        "ftp://a.example/x",
        "javascript:alert(1)",
        "https://",
        "a.example/x.png",
        "https://a.example/" + "x" * (URL_MAX - 17),
    ],
)
def test_anything_else_is_refused_on_its_field(value: str) -> None:
    with pytest.raises(DomainError) as refused:
        web_url(value, "avatarUrl")
    error = refused.value.to_user_error()
    assert (error.code, error.field) == ("INVALID_URL", "avatarUrl")
