"""Input limits of the freelance domain; each failure is a `DomainError` with a stable code."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.urls import web_url

MAX_PRICE = Decimal("1000000")
MAX_TAGS = 10


def text(value: str, field: str, *, low: int, high: int) -> str:
    """Stripped text whose length is within [low, high]: `TOO_SHORT` / `TOO_LONG` otherwise."""
    cleaned = value.strip()
    if len(cleaned) < low:
        code = Code.REQUIRED if not cleaned else Code.TOO_SHORT
        raise DomainError(code, f"Use at least {low} characters.", field)
    if len(cleaned) > high:
        raise DomainError(Code.TOO_LONG, f"Use at most {high} characters.", field)
    return cleaned


def price(value: Decimal, field: str = "price") -> Decimal:
    if not Decimal("0") < value <= MAX_PRICE:
        raise DomainError(Code.INVALID_PRICE, "A price is above 0 and at most 1 000 000.", field)
    if value != value.quantize(Decimal("0.01")):
        raise DomainError(Code.INVALID_PRICE, "A price has at most 2 decimal places.", field)
    return value


def delivery_days(value: int, field: str = "deliveryDays") -> int:
    if not 1 <= value <= 365:
        raise DomainError(Code.INVALID_DELIVERY_DAYS, "Delivery takes 1 to 365 days.", field)
    return value


def revisions(value: int, field: str = "revisions") -> int:
    if not 0 <= value <= 100:
        raise DomainError(Code.INVALID_REVISIONS, "Revisions are between 0 and 100.", field)
    return value


def rating(value: int | None, field: str, *, required: bool = False) -> int | None:
    if value is None:
        if required:
            raise DomainError(Code.REQUIRED, "Give a rating from 1 to 5.", field)
        return None
    if not 1 <= value <= 5:
        raise DomainError(Code.INVALID_RATING, "Ratings are from 1 to 5.", field)
    return value


def url(value: str, field: str) -> str:
    return web_url(value.strip(), field)


def urls(values: Sequence[str], field: str, *, most: int) -> list[str]:
    if len(values) > most:
        raise DomainError(Code.TOO_MANY, f"At most {most} URLs.", field)
    return [url(value, field) for value in values]


def tags(
    values: Sequence[str], field: str = "tags", *, most: int = MAX_TAGS, each: int = 50
) -> list[str]:
    """Trimmed, lower-cased, de-duplicated (first occurrence kept)."""
    cleaned: list[str] = []
    for value in values:
        tag = value.strip().lower()
        if not tag:
            raise DomainError(Code.INVALID_TAG, "Tags cannot be empty.", field)
        if len(tag) > each:
            raise DomainError(Code.INVALID_TAG, f"Each tag is at most {each} characters.", field)
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > most:
        raise DomainError(Code.TOO_MANY_TAGS, f"At most {most} tags.", field)
    return cleaned
