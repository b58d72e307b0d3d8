"""Input rules of the users domain; each failure is a `DomainError` with a stable code."""

from __future__ import annotations

import re
from zoneinfo import available_timezones

from subgraphs.kit.checks import sized_text
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.urls import web_url

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_MAX = 100
BIO_MAX = 1000
PASSWORD_MIN = 8
PASSWORD_MAX = 128
_TIMEZONES = frozenset(available_timezones())


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if len(value) > 254 or not EMAIL_RE.match(value):
        raise DomainError(Code.INVALID_EMAIL, "Enter a valid email address.", "email")
    return value


def check_password(password: str, email: str, field: str = "password") -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise DomainError(
            Code.WEAK_PASSWORD,
            f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters with a letter and a digit.",
            field,
        )
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        raise DomainError(Code.WEAK_PASSWORD, "Use at least one letter and one digit.", field)
    if password.strip().lower() == email.strip().lower():
        raise DomainError(Code.WEAK_PASSWORD, "The password must differ from the email.", field)


def clean_name(value: str, field: str) -> str:
    return sized_text(value.strip(), field, Code.INVALID_NAME, low=1, high=NAME_MAX)


def clean_bio(value: str | None) -> str | None:
    if value is not None and len(value) > BIO_MAX:
        raise DomainError(Code.TOO_LONG, f"The bio is at most {BIO_MAX} characters.", "bio")
    return value or None


def clean_avatar_url(value: str | None) -> str | None:
    return web_url(value, "avatarUrl") if value else None


def clean_timezone(value: str | None) -> str | None:
    if not value:
        return None
    if value not in _TIMEZONES:
        raise DomainError(
            Code.INVALID_TIMEZONE, "Use an IANA time zone such as Europe/Paris.", "timezone"
        )
    return value
