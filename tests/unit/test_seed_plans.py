"""The seed's plans: the same every time, every status in them, and parts that share no rows
(two writers running at once must never lock the same gig, product or channel)."""

from __future__ import annotations

import uuid

from agora.seed import content, freelance_plan, marketplace
from agora.seed.accounts import Account, people
from agora.seed.sizes import SIZES

SMALL = SIZES["small"]


def _accounts() -> list[Account]:
    """The planned accounts, as the users database would give them back."""
    return [
        Account(
            p.index, uuid.uuid5(uuid.NAMESPACE_DNS, p.email), p.email, frozenset(p.roles), p.demo
        )
        for p in people(SMALL)
    ]


def test_people_have_unique_emails_and_every_role() -> None:
    everyone = people(SIZES["medium"])
    assert len({person.email for person in everyone}) == len(everyone) == 1004
    assert {role for person in everyone for role in person.roles} == {
        "ADMIN",
        "MODERATOR",
        "FREELANCER",
        "SELLER",
    }


def test_plans_are_the_same_every_time() -> None:
    accounts = _accounts()
    assert freelance_plan.plan(SMALL, accounts) == freelance_plan.plan(SMALL, accounts)
    assert marketplace.plan(SMALL, accounts) == marketplace.plan(SMALL, accounts)
    assert content.plan(SMALL, accounts) == content.plan(SMALL, accounts)


def test_every_status_is_planned() -> None:
    accounts = _accounts()
    work = freelance_plan.plan(SMALL, accounts)
    assert {gig.final for gig in work.gigs} == {final for final, _ in freelance_plan.GIG_FINALS}
    assert {order.steps for order in work.orders} >= {
        steps for steps, _ in freelance_plan.ORDER_PATHS if "revision" not in steps
    }
    assert any(order.review and order.review.reply for order in work.orders)
    goods = marketplace.plan(SMALL, accounts)
    assert {product.final for product in goods.products} == set(marketplace.FINALS)


def test_planned_titles_and_names_are_unique() -> None:
    accounts = _accounts()
    work = freelance_plan.plan(SMALL, accounts)
    titles = [gig.title.lower() for gig in work.gigs]
    assert len(set(titles)) == len(titles)
    talk = content.plan(SMALL, accounts)
    names = [channel.name.lower() for channel in talk.channels]
    assert len(set(names)) == len(names)
    posts = {(post.channel.index, post.title.lower()) for post in talk.posts}
    assert len(posts) == len(talk.posts)
    pairs = [(order.buyer.index, order.gig.index) for order in work.orders]
    assert len(set(pairs)) == len(pairs)
    assert all(order.buyer.index != order.gig.seller.index for order in work.orders)


def test_parts_split_the_plan_by_the_rows_they_lock() -> None:
    accounts = _accounts()
    work = freelance_plan.plan(SMALL, accounts)
    shares = [work.part(number, 4) for number in range(4)]
    assert sum(len(share.orders) for share in shares) == len(work.orders)
    sellers = [{gig.seller.index for gig in share.gigs} for share in shares]
    assert all(not (a & b) for i, a in enumerate(sellers) for b in sellers[i + 1 :])
    for share, mine in zip(shares, sellers, strict=True):
        assert all(order.gig.seller.index in mine for order in share.orders)
        assert all(gig.seller.index in mine for _, gig in share.favorites)
    talk = content.plan(SMALL, accounts)
    pieces = [talk.part(number, 3) for number in range(3)]
    assert sum(len(piece.posts) for piece in pieces) == len(talk.posts)
    for piece in pieces:
        channels = {channel.index for channel in piece.channels}
        assert all(post.channel.index in channels for post in piece.posts)
