"""Input rules of the marketplace; each failure is a `DomainError` with a stable code."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from subgraphs.kit.checks import long_text, optional_text, sized_text, words
from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.urls import web_url

TITLE_MIN, TITLE_MAX = 5, 150
DESCRIPTION_MAX = 5000
CITY_MAX = 100
PRICE_MAX = Decimal("100000000")
QUANTITY_MAX = 1_000_000
IMAGES_MAX = 10
CAPTION_MAX = 200
CATEGORY_NAME_MIN, CATEGORY_NAME_MAX = 2, 100
RATING_MIN, RATING_MAX = 1, 5
COMMENT_MIN, COMMENT_MAX = 10, 2000
PROS_CONS_MAX = 1000


def clean_title(value: str) -> str:
    return sized_text(words(value), "title", Code.INVALID_TITLE, low=TITLE_MIN, high=TITLE_MAX)


def clean_description(value: str | None) -> str:
    return long_text(value, "description", most=DESCRIPTION_MAX, what="The description")


def clean_city(value: str) -> str:
    return sized_text(words(value), "city", Code.INVALID_CITY, low=1, high=CITY_MAX)


def _money(value: Decimal, field: str, code: Code) -> Decimal:
    if value <= 0 or value > PRICE_MAX or value != value.quantize(Decimal("0.01")):
        raise DomainError(
            code, f"Use a positive amount up to {PRICE_MAX} with at most 2 decimals.", field
        )
    return value.quantize(Decimal("0.01"))


def clean_price(value: Decimal) -> Decimal:
    return _money(value, "price", Code.INVALID_PRICE)


def check_old_price(price: Decimal, old_price: Decimal | None) -> Decimal | None:
    """`oldPrice` is the price before a discount, so it must be above the price."""
    if old_price is None:
        return None
    old = _money(old_price, "oldPrice", Code.INVALID_OLD_PRICE)
    if old <= price:
        raise DomainError(
            Code.INVALID_OLD_PRICE, "The old price must be higher than the price.", "oldPrice"
        )
    return old


def discount_percent(price: Decimal, old_price: Decimal | None) -> int | None:
    """The discount from `old_price`, in whole percent rounded down (never shows 100)."""
    if old_price is None or old_price <= price:
        return None
    return int((old_price - price) * 100 / old_price)


def clean_quantity(value: int) -> int:
    if not 0 <= value <= QUANTITY_MAX:
        raise DomainError(
            Code.INVALID_QUANTITY, f"Use a whole number from 0 to {QUANTITY_MAX}.", "quantity"
        )
    return value


@dataclass(frozen=True)
class ImageSpec:
    url: str
    caption: str | None
    is_primary: bool


def clean_url(value: str, field: str) -> str:
    return web_url(value.strip(), field)


def clean_images(images: list[ImageSpec]) -> list[ImageSpec]:
    """Ordered as given; exactly one primary (the first one unless another is marked)."""
    if len(images) > IMAGES_MAX:
        raise DomainError(Code.TOO_MANY_IMAGES, f"At most {IMAGES_MAX} images.", "images")
    if sum(image.is_primary for image in images) > 1:
        raise DomainError(
            Code.MULTIPLE_PRIMARY_IMAGES, "Mark at most one image as primary.", "images"
        )
    cleaned: list[ImageSpec] = []
    for image in images:
        caption = optional_text(image.caption, "images", most=CAPTION_MAX, what="A caption")
        cleaned.append(ImageSpec(clean_url(image.url, "images"), caption, image.is_primary))
    if cleaned and not any(image.is_primary for image in cleaned):
        first = cleaned[0]
        cleaned[0] = ImageSpec(first.url, first.caption, True)
    return cleaned


def clean_category_name(value: str) -> str:
    low, high = CATEGORY_NAME_MIN, CATEGORY_NAME_MAX
    return sized_text(words(value), "name", Code.INVALID_NAME, low=low, high=high)


def clean_rating(value: int) -> int:
    if not RATING_MIN <= value <= RATING_MAX:
        raise DomainError(Code.INVALID_RATING, f"Rate from {RATING_MIN} to {RATING_MAX}.", "rating")
    return value


def clean_comment(value: str) -> str:
    low, high = COMMENT_MIN, COMMENT_MAX
    return sized_text(value.strip(), "comment", Code.INVALID_COMMENT, low=low, high=high)


def clean_pros_cons(value: str | None, field: str) -> str | None:
    return optional_text(value, field, most=PROS_CONS_MAX, what="This field")
