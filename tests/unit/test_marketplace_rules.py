"""Pure rules of the marketplace: slugs, money, discount, images, status machine, folding."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from subgraphs.kit.errors import DomainError
from subgraphs.marketplace.models import ProductStatus
from subgraphs.marketplace.rules.folding import CYRILLIC_LOWER, CYRILLIC_UPPER, fold_key
from subgraphs.marketplace.rules.products import PRODUCT_SLUGS
from subgraphs.marketplace.rules.statuses import (
    PRODUCT_MACHINE,
    Transition,
    after_quantity_change,
)
from subgraphs.marketplace.rules.validation import (
    ImageSpec,
    check_old_price,
    clean_images,
    clean_price,
    discount_percent,
)

ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Велосипед Stels 24", "velosiped-stels-24"),
        ("  Ёлка — новогодняя!  ", "iolka-novogodniaia"),
        ("Café crème", "cafe-creme"),
        ("iPhone 15 Pro (256 GB)", "iphone-15-pro-256-gb"),
        ("★★★", "product-12345678"),
        ("", "product-12345678"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert PRODUCT_SLUGS.base(title, row_id=ID) == slug


def test_long_slugs_are_cut_without_a_trailing_dash() -> None:
    slug = PRODUCT_SLUGS.base("word " * 40, row_id=ID)
    assert len(slug) <= PRODUCT_SLUGS.max_length and not slug.endswith("-")


@pytest.mark.parametrize(
    ("price", "old", "percent"),
    [
        ("90", "100", 10),
        ("99.99", "100", 0),
        ("1", "3", 66),
        ("50", None, None),
        ("10", "10", None),
    ],
)
def test_discount_percent(price: str, old: str | None, percent: int | None) -> None:
    assert discount_percent(Decimal(price), None if old is None else Decimal(old)) == percent


@pytest.mark.parametrize("price", ["0", "-1", "0.001", "100000000.01"])
def test_bad_prices(price: str) -> None:
    with pytest.raises(DomainError) as error:
        clean_price(Decimal(price))
    assert (error.value.code, error.value.field) == ("INVALID_PRICE", "price")


def test_prices_get_two_places_and_old_price_must_be_higher() -> None:
    assert str(clean_price(Decimal("5"))) == "5.00"
    assert check_old_price(Decimal("5.00"), None) is None
    assert check_old_price(Decimal("5.00"), Decimal("5.01")) == Decimal("5.01")
    with pytest.raises(DomainError) as error:
        check_old_price(Decimal("5.00"), Decimal("5.00"))
    assert (error.value.code, error.value.field) == ("INVALID_OLD_PRICE", "oldPrice")


def test_images_keep_order_and_get_one_primary() -> None:
    specs = [ImageSpec(f"https://x.example/{i}", None, False) for i in range(3)]
    assert [image.is_primary for image in clean_images(specs)] == [True, False, False]
    specs[2] = ImageSpec("https://x.example/2", " Back ", True)
    cleaned = clean_images(specs)
    assert [image.is_primary for image in cleaned] == [False, False, True]
    assert cleaned[2].caption == "Back" and [i.url for i in cleaned] == [s.url for s in specs]
    assert clean_images([]) == []


ALL = list(ProductStatus)
# The machine's table as (sources, target) per transition.
TRANSITIONS = {step: (move.sources, move.target) for step, move in PRODUCT_MACHINE.moves.items()}


def next_status(current: str, step: Transition) -> ProductStatus | None:
    return PRODUCT_MACHINE.target(step, ProductStatus(current))


@pytest.mark.parametrize("step", list(Transition))
@pytest.mark.parametrize("status", ALL)
def test_transition_table(step: Transition, status: ProductStatus) -> None:
    sources, target = TRANSITIONS[step]
    if status in sources:
        assert next_status(status.value, step) is target
    else:
        with pytest.raises(DomainError) as error:
            next_status(status.value, step)
        assert error.value.code == "INVALID_TRANSITION"


def test_archived_is_final_and_only_drafts_are_deleted() -> None:
    assert all(ProductStatus.ARCHIVED not in sources for sources, _ in TRANSITIONS.values())
    assert TRANSITIONS[Transition.DELETE] == (frozenset({ProductStatus.DRAFT}), None)


@pytest.mark.parametrize(
    ("status", "quantity", "after"),
    [
        ("ACTIVE", 0, "SOLD"),
        ("ACTIVE", 3, "ACTIVE"),
        ("SOLD", 2, "ACTIVE"),
        ("SOLD", 0, "SOLD"),
        ("DRAFT", 0, "DRAFT"),
        ("ARCHIVED", 5, "ARCHIVED"),
    ],
)
def test_quantity_drives_sold(status: str, quantity: int, after: str) -> None:
    assert after_quantity_change(status, quantity).value == after


def test_folding() -> None:
    assert CYRILLIC_UPPER.translate(str.maketrans(CYRILLIC_UPPER, CYRILLIC_LOWER)) == CYRILLIC_LOWER
    assert CYRILLIC_UPPER.lower() == CYRILLIC_LOWER
    assert fold_key("  ЯРОСЛАВЛЬ  ") == fold_key("Ярославль") == "ярославль"
    assert fold_key("New   York") == "new york"
    assert fold_key("ß" * 100) == "s" * 100  # cut to the column's length
