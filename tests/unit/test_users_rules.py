"""Domain rules of the users subgraph that need no database."""

from __future__ import annotations

import pytest

from subgraphs.kit.errors import DomainError
from subgraphs.users.rules import validation


@pytest.mark.parametrize("password", ["short1a", "onlyletters", "123456789", "a" * 7 + "1" * 122])
def test_weak_passwords(password: str) -> None:
    with pytest.raises(DomainError) as caught:
        validation.check_password(password, "someone@example.test")
    assert caught.value.code == "WEAK_PASSWORD"


def test_password_may_not_be_the_email() -> None:
    with pytest.raises(DomainError):
        validation.check_password("Someone1@example.test", "someone1@example.test")


def test_good_password() -> None:
    validation.check_password("correct-horse-42", "someone@example.test")


@pytest.mark.parametrize("email", ["plain", "a@b", "a b@c.de", "@c.de", "x" * 250 + "@c.de"])
def test_invalid_emails(email: str) -> None:
    with pytest.raises(DomainError) as caught:
        validation.normalise_email(email)
    assert caught.value.code == "INVALID_EMAIL"


def test_email_is_normalised() -> None:
    assert validation.normalise_email("  Ada@Example.ORG ") == "ada@example.org"


def test_timezone_must_be_iana() -> None:
    assert validation.clean_timezone("Asia/Tokyo") == "Asia/Tokyo"
    with pytest.raises(DomainError):
        validation.clean_timezone("GMT+25")
