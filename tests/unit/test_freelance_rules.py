"""Pure rules of the freelance domain: status machines, slugs, search terms, limits, periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from subgraphs.freelance.models import GigStatus as GIG_STATUSES
from subgraphs.freelance.models import OrderStatus as ORDER_STATUSES
from subgraphs.freelance.rules import validation
from subgraphs.freelance.rules.analytics import period_start
from subgraphs.freelance.rules.gigs import GIG_SLUGS
from subgraphs.freelance.rules.machines import BUYER, GIG_MACHINE, MODERATOR, ORDER_MACHINE, SELLER
from subgraphs.freelance.rules.search import sort_keys, ts_query_text
from subgraphs.kit.errors import DomainError
from subgraphs.kit.slugs import slugify

# The order machine as drawn in DOMAIN.md §2: (action, from, to, who).
ORDER_EDGES = {
    ("accept", "PENDING", "IN_PROGRESS", SELLER),
    ("deliver", "IN_PROGRESS", "DELIVERED", SELLER),
    ("complete", "DELIVERED", "COMPLETED", BUYER),
    ("request_revision", "DELIVERED", "IN_PROGRESS", BUYER),
    ("cancel", "PENDING", "CANCELLED", BUYER),
    ("cancel", "PENDING", "CANCELLED", SELLER),
    ("cancel", "IN_PROGRESS", "CANCELLED", BUYER),
    ("cancel", "IN_PROGRESS", "CANCELLED", SELLER),
    ("open_dispute", "IN_PROGRESS", "DISPUTED", BUYER),
    ("open_dispute", "IN_PROGRESS", "DISPUTED", SELLER),
    ("open_dispute", "DELIVERED", "DISPUTED", BUYER),
    ("open_dispute", "DELIVERED", "DISPUTED", SELLER),
    ("resolve_for_seller", "DISPUTED", "COMPLETED", MODERATOR),
    ("resolve_for_buyer", "DISPUTED", "CANCELLED", MODERATOR),
}


def test_order_machine_is_exactly_the_drawing() -> None:
    edges = set()
    for action, transition in ORDER_MACHINE.moves.items():
        for source in transition.sources:
            for actor in transition.actors:
                edges.add((action, source, transition.target, actor))
    assert edges == ORDER_EDGES


@pytest.mark.parametrize("status", ORDER_STATUSES)
@pytest.mark.parametrize("action", sorted(ORDER_MACHINE.moves))
def test_every_other_order_move_is_invalid(action: str, status: str) -> None:
    transition = ORDER_MACHINE.moves[action]
    if status in transition.sources:
        assert ORDER_MACHINE.target(action, status) == transition.target
    else:
        with pytest.raises(DomainError) as error:
            ORDER_MACHINE.target(action, status)
        assert error.value.code == "INVALID_TRANSITION"


def test_terminal_order_statuses_have_no_way_out() -> None:
    for status in ("COMPLETED", "CANCELLED"):
        assert not any(status in t.sources for t in ORDER_MACHINE.moves.values())


def test_gig_machine() -> None:
    assert GIG_MACHINE.target("submit", "DRAFT") == "PENDING_APPROVAL"
    assert GIG_MACHINE.target("approve", "PENDING_APPROVAL") == "ACTIVE"
    assert GIG_MACHINE.target("reject", "PENDING_APPROVAL") == "DRAFT"
    assert GIG_MACHINE.target("pause", "ACTIVE") == "PAUSED"
    assert GIG_MACHINE.target("resume", "PAUSED") == "ACTIVE"
    for status in GIG_STATUSES:
        if status == "ARCHIVED":
            with pytest.raises(DomainError):
                GIG_MACHINE.target("archive", status)
        else:
            assert GIG_MACHINE.target("archive", status) == "ARCHIVED"
    assert GIG_MACHINE.may_take("approve", {MODERATOR})
    assert not GIG_MACHINE.may_take("approve", {SELLER})
    assert not GIG_MACHINE.may_take("pause", {MODERATOR})


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Logo Design for Startups!", "logo-design-for-startups"),
        ("Дизайн логотипа", "dizain-logotipa"),
        ("  Ünïcödé -- café  ", "unicode-cafe"),
        ("★★★", ""),
        ("a" * 300, "a" * 200),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title, GIG_SLUGS.max_length) == slug


def test_search_terms_are_prefixes_of_words_only() -> None:
    assert ts_query_text("Logo дизайн!") == "logo:* & дизайн:*"
    assert ts_query_text("a&b | !c:* (d)") == "a:* & b:* & c:* & d:*"
    assert ts_query_text("snake_case") == "snake:* & case:*"
    assert ts_query_text("  ?! ") is None
    assert ts_query_text(None) is None
    assert str(ts_query_text(" ".join(f"w{i}" for i in range(40)))).count("&") == 15


def test_relevance_without_words_sorts_by_popularity() -> None:
    assert sort_keys("RELEVANCE", None) == sort_keys("POPULAR", None)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (Decimal("0.01"), True),
        (Decimal("1000000"), True),
        (Decimal("0"), False),
        (Decimal("-5"), False),
        (Decimal("1000000.01"), False),
        (Decimal("1.005"), False),
    ],
)
def test_price_limits(value: Decimal, ok: bool) -> None:
    if ok:
        assert validation.price(value) == value
    else:
        with pytest.raises(DomainError) as error:
            validation.price(value)
        assert error.value.code == "INVALID_PRICE"


def test_text_limits() -> None:
    assert validation.text("  hello  ", "f", low=5, high=5) == "hello"
    for value, code in (("", "REQUIRED"), ("hi", "TOO_SHORT"), ("x" * 6, "TOO_LONG")):
        with pytest.raises(DomainError) as error:
            validation.text(value, "f", low=3, high=5)
        assert (error.value.code, error.value.field) == (code, "f")


def test_tags_are_cleaned() -> None:
    assert validation.tags([" A ", "b", "a"]) == ["a", "b"]
    with pytest.raises(DomainError):
        validation.tags([str(i) for i in range(11)])


def test_periods_start_at_midnight_utc() -> None:
    now = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)
    assert period_start("DAYS_7", now) == dt.datetime(2026, 3, 4, tzinfo=dt.UTC)
    assert period_start("DAYS_30", now) == dt.datetime(2026, 2, 9, tzinfo=dt.UTC)
    assert period_start("ALL", now) is None
