"""What the seed writes in the freelance subgraph: gigs, orders (every status), reviews,
disputes, favorites and views. A plan is a pure function of the size and the accounts, so
every process that writes a part of it computes the same plan."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from agora.seed import texts
from agora.seed.accounts import Account
from agora.seed.sizes import Size

# (final status, share of gigs). REJECTED ends as a DRAFT that carries the moderator's reason.
GIG_FINALS = (
    ("ACTIVE", 82),
    ("PAUSED", 4),
    ("ARCHIVED", 3),
    ("PENDING_APPROVAL", 4),
    ("REJECTED", 2),
    ("DRAFT", 5),
)
TAKES_ORDERS = frozenset({"ACTIVE", "PAUSED", "ARCHIVED"})  # paused or archived after its orders
# Each order's history, as the steps its parties take (status it ends in, share of orders).
ORDER_PATHS: tuple[tuple[tuple[str, ...], int], ...] = (
    ((), 8),  # PENDING
    (("accept",), 12),  # IN_PROGRESS
    (("accept", "deliver"), 8),  # DELIVERED
    (("accept", "deliver", "complete"), 45),  # COMPLETED
    (("accept", "deliver", "revision", "deliver", "complete"), 5),  # COMPLETED
    (("cancel_by_buyer",), 6),  # CANCELLED
    (("accept", "cancel_by_seller"), 6),  # CANCELLED
    (("accept", "deliver", "dispute"), 5),  # DISPUTED
    (("accept", "dispute", "resolve"), 5),  # COMPLETED or CANCELLED by a moderator
)
REVIEWED_SHARE = 0.7
REPLIED_SHARE = 0.25
DEMO_SELLER_GIGS = 12
DEMO_SELLER_ORDER_WEIGHT = 6.0  # the demo seller's gigs are popular: a lively dashboard
DEMO_BUYER_ORDERS = 40
DEMO_SELLER_VIEWS_PER_ORDER = 3


@dataclass(frozen=True)
class Package:
    tier: str
    name: str
    description: str
    price: Decimal
    delivery_days: int
    revisions: int
    features: tuple[str, ...]


@dataclass(frozen=True)
class GigPlan:
    index: int
    seller: Account
    category: str  # a leaf of texts.GIG_CATEGORIES
    title: str
    description: str
    tags: tuple[str, ...]
    images: tuple[str, ...]
    packages: tuple[Package, ...]
    final: str
    moderator: Account | None


@dataclass(frozen=True)
class ReviewPlan:
    rating: int
    comment: str
    communication: int
    quality: int
    delivery: int
    reply: str | None


@dataclass(frozen=True)
class OrderPlan:
    gig: GigPlan
    buyer: Account
    tier: str
    requirements: str
    steps: tuple[str, ...]
    review: ReviewPlan | None = None
    moderator: Account | None = None
    winner: str = "SELLER"


@dataclass
class FreelancePlan:
    gigs: list[GigPlan] = field(default_factory=list)
    orders: list[OrderPlan] = field(default_factory=list)
    favorites: list[tuple[Account, GigPlan]] = field(default_factory=list)
    views: dict[int, int] = field(default_factory=dict)  # gig index -> views to record

    @property
    def work(self) -> int:
        """About the SQL statements writing it takes (as measured): a gig 10, an order 4."""
        return 10 * len(self.gigs) + 4 * len(self.orders) + 2 * len(self.favorites)

    def part(self, number: int, parts: int) -> FreelancePlan:
        """The share of one writer: everything about the gigs of its sellers (the rows these
        lock), so writers running at once never wait for each other."""

        def mine(gig: GigPlan) -> bool:
            return gig.seller.index % parts == number

        return FreelancePlan(
            [gig for gig in self.gigs if mine(gig)],
            [order for order in self.orders if mine(order.gig)],
            [(user, gig) for user, gig in self.favorites if mine(gig)],
            {
                gig.index: self.views[gig.index]
                for gig in self.gigs
                if gig.index in self.views and mine(gig)
            },
        )


def _leaves() -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (root, leaf, tuple(offers))
        for root, leaves in texts.GIG_CATEGORIES.items()
        for leaf, offers in leaves.items()
    ]


def _packages(rng: random.Random, offer: str) -> tuple[Package, ...]:
    base = Decimal(rng.choice((5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150)))
    days = rng.randint(1, 7)
    tiers = ["BASIC"]
    if rng.random() < 0.7:
        tiers.append("STANDARD")
        if rng.random() < 0.7:
            tiers.append("PREMIUM")
    packages = []
    for step, tier in enumerate(tiers):
        features = tuple(rng.sample(texts.FEATURES, k=2 + step))
        packages.append(
            Package(
                tier=tier,
                name=texts.pick(rng, texts.PACKAGE_NAMES[tier]),
                description=f"{offer[0].upper()}{offer[1:]} with {', '.join(features)}.",
                price=(base * (1, 2, 4)[step]).quantize(Decimal("0.01")),
                delivery_days=days + 2 * step,
                revisions=rng.choice((0, 1, 2, 3)) + step,
                features=features,
            )
        )
    return tuple(packages)


def _gig(
    index: int,
    rng: random.Random,
    seller: Account,
    final: str,
    moderators: list[Account],
    titles: set[str],
) -> GigPlan:
    root, leaf, offers = texts.pick(rng, _leaves())
    offer = texts.pick(rng, offers)
    verb = texts.pick(rng, ("design", "create", "make", "deliver", "prepare", "craft"))
    tail = texts.pick(
        rng, ("", " in 24 hours", " with source files", " in 3 days", " you will love")
    )

    def title(r: random.Random) -> str:
        return f"I will {verb} {offer} for {texts.pick(r, texts.AUDIENCES)}{tail}"

    adjective = texts.pick(rng, texts.GIG_ADJECTIVES)
    description = (
        f"Looking for {offer}? I offer {adjective} work in {leaf.lower()} "
        f"({root.lower()}), made for you from the first sketch to the final files. "
        f"{texts.paragraph(rng, 3)}"
    )
    tags = (leaf.lower(), root.split(" ")[0].lower(), *offer.lower().split(" ")[-2:], adjective)
    images = tuple(
        f"https://picsum.photos/seed/agora-gig-{index}-{n}/800/600"
        for n in range(rng.randint(1, 3))
    )
    return GigPlan(
        index=index,
        seller=seller,
        category=leaf,
        title=texts.unique(rng, title, titles),
        description=description,
        tags=tuple(dict.fromkeys(tag[:50] for tag in tags)),
        images=images,
        packages=_packages(rng, offer),
        final=final,
        moderator=rng.choice(moderators) if moderators else None,
    )


def _gigs(size: Size, accounts: list[Account], rng: random.Random) -> list[GigPlan]:
    freelancers = [account for account in accounts if account.has("FREELANCER")]
    moderators = [account for account in accounts if account.has("MODERATOR")]
    if not freelancers:
        return []
    demo = [account for account in freelancers if account.demo]
    others = [account for account in freelancers if not account.demo] or freelancers
    weights = list(itertools.accumulate(rng.paretovariate(1.2) for _ in others))
    finals, shares = zip(*GIG_FINALS, strict=True)
    titles: set[str] = set()
    plans = []
    turn = 0  # of the gigs not the demo seller's
    for index in range(size.gigs):
        if demo and index < min(DEMO_SELLER_GIGS, size.gigs // 10):
            seller = demo[0]
            final = "ACTIVE" if index >= 3 else ("DRAFT", "PENDING_APPROVAL", "PAUSED")[index]
        else:
            seller = rng.choices(others, cum_weights=weights)[0]
            final = texts.choose(rng, turn, finals, shares)
            turn += 1
        if not moderators and final != "DRAFT":
            final = "PENDING_APPROVAL" if final != "REJECTED" else "DRAFT"
        plans.append(_gig(index, rng, seller, final, moderators, titles))
    return plans


def _review(rng: random.Random) -> ReviewPlan:
    stars = texts.rating(rng)
    communication, quality, delivery = (
        max(1, min(5, stars + rng.choice((-1, 0, 0, 1)))) for _ in range(3)
    )
    reply = None
    if rng.random() < REPLIED_SHARE:
        reply = texts.pick(
            rng,
            (
                "Thank you, it was a pleasure working with you!",
                "Thanks for the kind words, see you next time.",
                "Thank you for the feedback; I will keep it in mind.",
            ),
        )
    comment = texts.pick(rng, texts.REVIEW_COMMENTS[stars])
    return ReviewPlan(stars, comment, communication, quality, delivery, reply)


def _order(
    rng: random.Random, turn: int, gig: GigPlan, buyer: Account, moderators: list[Account]
) -> OrderPlan:
    paths, shares = zip(*ORDER_PATHS, strict=True)
    steps: tuple[str, ...] = texts.choose(rng, turn, paths, shares)
    package = rng.choice(gig.packages)
    if "revision" in steps and package.revisions == 0:
        steps = ("accept", "deliver", "complete")
    if "resolve" in steps and not moderators:
        steps = ("accept", "dispute")
    reviewed = steps[-1:] == ("complete",) and rng.random() < REVIEWED_SHARE
    return OrderPlan(
        gig=gig,
        buyer=buyer,
        tier=package.tier,
        requirements=f"Hi! I need {gig.title[7:].split(' for ')[0]}. {texts.paragraph(rng, 2)}",
        steps=steps,
        review=_review(rng) if reviewed else None,
        moderator=rng.choice(moderators) if moderators else None,
        winner=rng.choice(("BUYER", "SELLER")),
    )


def _orders(
    size: Size, accounts: list[Account], gigs: list[GigPlan], rng: random.Random
) -> list[OrderPlan]:
    open_gigs = [gig for gig in gigs if gig.final in TAKES_ORDERS]
    moderators = [account for account in accounts if account.has("MODERATOR")]
    if not open_gigs or len(accounts) < 2:
        return []
    weights = list(  # cumulative: one draw is a bisection, not a sum over every gig
        itertools.accumulate(
            rng.paretovariate(1.5) * (DEMO_SELLER_ORDER_WEIGHT if gig.seller.demo else 1.0)
            for gig in open_gigs
        )
    )
    demo_buyer = next((a for a in accounts if a.demo and not a.roles), None)
    taken: set[tuple[int, int]] = set()
    plans: list[OrderPlan] = []
    for index in range(size.orders):
        gig = rng.choices(open_gigs, cum_weights=weights)[0]
        for _ in range(10):
            if demo_buyer is not None and index % max(1, size.orders // DEMO_BUYER_ORDERS) == 0:
                buyer = demo_buyer
            else:
                buyer = accounts[rng.randrange(len(accounts))]
            if buyer.index != gig.seller.index and (buyer.index, gig.index) not in taken:
                break
            gig = rng.choices(open_gigs, cum_weights=weights)[0]
        else:
            continue
        taken.add((buyer.index, gig.index))
        plans.append(_order(rng, len(plans), gig, buyer, moderators))
    # One writer places a gig's orders together: its row lock is taken once per batch.
    plans.sort(key=lambda order: order.gig.index)
    return plans


def _favorites(
    size: Size, accounts: list[Account], gigs: list[GigPlan], rng: random.Random
) -> list[tuple[Account, GigPlan]]:
    active = [gig for gig in gigs if gig.final == "ACTIVE"]
    pairs: dict[tuple[int, int], tuple[Account, GigPlan]] = {}
    for _ in range(size.gig_favorites if active else 0):
        user, gig = accounts[rng.randrange(len(accounts))], rng.choice(active)
        if user.index != gig.seller.index:
            pairs[(user.index, gig.index)] = (user, gig)
    return sorted(pairs.values(), key=lambda pair: pair[1].index)


def plan(size: Size, accounts: list[Account]) -> FreelancePlan:
    rng = random.Random(f"agora-seed-freelance-{size.name}")
    gigs = _gigs(size, accounts, rng)
    orders = _orders(size, accounts, gigs, rng)
    # Views of the demo seller's gigs, so its dashboard shows a conversion rate.
    demo_orders = Counter(order.gig.index for order in orders if order.gig.seller.demo)
    views = {index: DEMO_SELLER_VIEWS_PER_ORDER * count for index, count in demo_orders.items()}
    return FreelancePlan(gigs, orders, _favorites(size, accounts, gigs, rng), views)
