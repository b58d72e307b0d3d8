"""The marketplace's share of the seed: a category tree, products in every status, their
reviews and favorites, written through the marketplace services.

Only SELLER accounts list products (the rule `createProduct` checks); products are looked up
by seller and title, reviews by author and product, favorites by user and product, and what
exists is skipped. One writer takes the products of its sellers with their reviews and
favorites: those are the rows the services lock.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from agora.seed import texts
from agora.seed.accounts import Account
from agora.seed.sizes import Size
from agora.seed.writes import Op, Tally, run_ops, seed_session
from subgraphs.kit.database import Database

FINALS, FINAL_SHARES = ("ACTIVE", "SOLD", "DRAFT", "ARCHIVED"), (80, 8, 6, 6)
PUBLIC = frozenset({"ACTIVE", "SOLD"})
CONDITIONS, CONDITION_SHARES = ("NEW", "USED", "REFURBISHED"), (30, 55, 15)
EXTRAS = (
    "", ", with charger", ", original box", ", 2 years old", ", with receipt",
    ", great condition", ", pick-up only", ", ships today", ", with accessories", ", as new",
)  # fmt: skip
COLOURS = ("", " (black)", " (white)", " (blue)", " (red)", " (green)")
DEMO_SELLER_PRODUCTS = 10


@dataclass(frozen=True)
class ProductPlan:
    index: int
    seller: Account
    category: str
    title: str
    description: str
    price: Decimal
    old_price: Decimal | None
    condition: str
    city: str
    quantity: int
    images: tuple[str, ...]
    final: str


@dataclass(frozen=True)
class ReviewPlan:
    author: Account
    product: ProductPlan
    rating: int
    comment: str
    pros: str | None
    cons: str | None


@dataclass
class MarketplacePlan:
    products: list[ProductPlan] = field(default_factory=list)
    reviews: list[ReviewPlan] = field(default_factory=list)
    favorites: list[tuple[Account, ProductPlan]] = field(default_factory=list)

    @property
    def work(self) -> int:
        """About the SQL statements writing it takes (as measured): a product 9, a review 5."""
        return 9 * len(self.products) + 5 * len(self.reviews) + 2 * len(self.favorites)

    def part(self, number: int, parts: int) -> MarketplacePlan:
        def mine(product: ProductPlan) -> bool:
            return product.seller.index % parts == number

        return MarketplacePlan(
            [product for product in self.products if mine(product)],
            [review for review in self.reviews if mine(review.product)],
            [(user, product) for user, product in self.favorites if mine(product)],
        )


LEAVES = [
    (root, leaf, tuple(items))
    for root, leaves in texts.PRODUCT_CATEGORIES.items()
    for leaf, items in leaves.items()
]


def _product(
    index: int, rng: random.Random, seller: Account, final: str, titles: set[str]
) -> ProductPlan:
    root, leaf, items = texts.pick(rng, LEAVES)
    item = texts.pick(rng, items)
    condition = rng.choices(CONDITIONS, CONDITION_SHARES)[0]
    adjective = "brand new" if condition == "NEW" else texts.pick(rng, texts.PRODUCT_ADJECTIVES)

    def title(r: random.Random) -> str:
        extra, colour = texts.pick(r, EXTRAS), texts.pick(r, COLOURS)
        return f"{item[0].upper()}{item[1:]}, {adjective}{extra}{colour}"

    price = Decimal(rng.randint(5, 400) * 5).quantize(Decimal("0.01"))
    old_price = (price * Decimal("1.25")).quantize(Decimal("0.01")) if rng.random() < 0.2 else None
    return ProductPlan(
        index=index,
        seller=seller,
        category=leaf,
        title=texts.unique(rng, title, titles),
        description=f"Selling my {item} ({leaf.lower()}, {root.lower()}). "
        + texts.paragraph(rng, 2),
        price=price,
        old_price=old_price,
        condition=condition,
        city=texts.pick(rng, texts.CITIES),
        quantity=rng.randint(2, 20) if condition == "NEW" else 1,
        images=tuple(
            f"https://picsum.photos/seed/agora-product-{index}-{n}/800/600"
            for n in range(rng.randint(1, 4))
        ),
        final=final,
    )


def plan(size: Size, accounts: list[Account]) -> MarketplacePlan:
    rng = random.Random(f"agora-seed-marketplace-{size.name}")
    sellers = [account for account in accounts if account.has("SELLER")]
    if not sellers:
        return MarketplacePlan()
    demo = [account for account in sellers if account.demo]
    others = [account for account in sellers if not account.demo] or sellers
    weights = list(itertools.accumulate(rng.paretovariate(1.3) for _ in others))
    titles: set[str] = set()
    products = []
    turn = 0  # of the products not the demo seller's
    for index in range(size.products):
        if demo and index < min(DEMO_SELLER_PRODUCTS, size.products // 10):
            seller, final = demo[0], "ACTIVE" if index else "DRAFT"
        else:
            seller = rng.choices(others, cum_weights=weights)[0]
            final = texts.choose(rng, turn, FINALS, FINAL_SHARES)
            turn += 1
        products.append(_product(index, rng, seller, final, titles))
    public = [product for product in products if product.final in PUBLIC]
    reviews: dict[tuple[int, int], ReviewPlan] = {}
    favorites: dict[tuple[int, int], tuple[Account, ProductPlan]] = {}
    for _ in range(size.product_reviews if public else 0):
        author, product = accounts[rng.randrange(len(accounts))], rng.choice(public)
        if author.index != product.seller.index:
            stars = texts.rating(rng)
            pros = "Fair price and an honest description." if stars >= 4 else None
            cons = "Pick-up was a bit far away." if rng.random() < 0.3 else None
            comment = texts.pick(rng, texts.PRODUCT_REVIEWS[stars])
            reviews[(author.index, product.index)] = ReviewPlan(
                author, product, stars, comment, pros, cons
            )
    for _ in range(size.product_favorites if public else 0):
        user, product = accounts[rng.randrange(len(accounts))], rng.choice(public)
        if user.index != product.seller.index:
            favorites[(user.index, product.index)] = (user, product)
    return MarketplacePlan(
        products,
        sorted(reviews.values(), key=lambda review: review.product.index),
        sorted(favorites.values(), key=lambda pair: pair[1].index),
    )


async def seed_categories(db: Database, tally: Tally, advance: Callable[[int], None]) -> None:
    from subgraphs.marketplace.models import ProductCategory
    from subgraphs.marketplace.rules import categories

    async with seed_session(db) as session:
        rows = (
            await session.execute(
                select(ProductCategory.id, ProductCategory.name, ProductCategory.parent_id)
            )
        ).all()
        existing = {(row.name.lower(), row.parent_id): row.id for row in rows}
        for root, leaves in texts.PRODUCT_CATEGORIES.items():
            parent_id = existing.get((root.lower(), None))
            if parent_id is None:
                parent_id = (
                    await categories.CATEGORIES.create(
                        session, name=root, parent_id=None, icon=None
                    )
                ).id
                tally.written += 1
            for leaf in leaves:
                if (leaf.lower(), parent_id) not in existing:
                    await categories.CATEGORIES.create(
                        session, name=leaf, parent_id=parent_id, icon=None
                    )
                    tally.written += 1
            advance(1 + len(leaves))
        await session.commit()


async def _list(product: ProductPlan, category_id: uuid.UUID | None, session: AsyncSession) -> None:
    from subgraphs.marketplace.models import ProductCondition
    from subgraphs.marketplace.rules import products
    from subgraphs.marketplace.rules.statuses import Transition
    from subgraphs.marketplace.rules.validation import ImageSpec

    seller = product.seller.id
    row = await products.create_product(
        session,
        seller,
        title=product.title,
        description=product.description,
        price=product.price,
        old_price=product.old_price,
        condition=ProductCondition(product.condition),
        city=product.city,
        quantity=product.quantity,
        category_id=category_id,
        images=[ImageSpec(url, None, n == 0) for n, url in enumerate(product.images)],
    )
    if product.final == "DRAFT":
        return
    await products.transition(session, seller, row.id, Transition.PUBLISH)
    if product.final == "SOLD":
        await products.transition(session, seller, row.id, Transition.SELL)
    elif product.final == "ARCHIVED":
        await products.transition(session, seller, row.id, Transition.ARCHIVE)


async def _review(review: ReviewPlan, product_id: uuid.UUID, session: AsyncSession) -> None:
    from subgraphs.marketplace.rules import reviews

    await reviews.create_review(
        session,
        review.author.id,
        product_id,
        rating=review.rating,
        comment=review.comment,
        pros=review.pros,
        cons=review.cons,
    )


async def _favorite(user: uuid.UUID, product_id: uuid.UUID, session: AsyncSession) -> None:
    from subgraphs.marketplace.rules import favorites

    await favorites.favorite(session, user, product_id)


async def _existing_products(db: Database, plan: MarketplacePlan) -> dict[int, uuid.UUID]:
    from subgraphs.marketplace.models import Product

    sellers = list({product.seller.id for product in plan.products})
    async with db.session() as session:
        rows = await session.execute(
            select(Product.id, Product.seller_id, Product.title).where(
                Product.seller_id.in_(sellers)
            )
        )
        found = {(row.seller_id, row.title): row.id for row in rows}
    return {
        product.index: found[(product.seller.id, product.title)]
        for product in plan.products
        if (product.seller.id, product.title) in found
    }


async def _pairs(
    db: Database,
    user_column: InstrumentedAttribute[uuid.UUID],
    product_column: InstrumentedAttribute[uuid.UUID],
    product_ids: list[uuid.UUID],
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    async with db.session() as session:
        rows = await session.execute(
            select(user_column, product_column).where(product_column.in_(product_ids))
        )
        return {(row[0], row[1]) for row in rows}


async def seed_part(
    db: Database, plan: MarketplacePlan, tally: Tally, advance: Callable[[str, int], None]
) -> None:
    from subgraphs.marketplace.models import Favorite, ProductCategory, ProductReview

    async with db.session() as session:
        categories = {
            name: id
            for name, id in await session.execute(select(ProductCategory.name, ProductCategory.id))
        }
    ids = await _existing_products(db, plan)
    ops: list[Op] = [
        partial(_list, product, categories.get(product.category))
        for product in plan.products
        if product.index not in ids
    ]
    advance("products", len(plan.products) - len(ops))
    await run_ops(db, ops, tally, partial(advance, "products"))
    ids = await _existing_products(db, plan)

    reviewed = await _pairs(
        db, ProductReview.author_id, ProductReview.product_id, list(ids.values())
    )
    review_ops: list[Op] = []
    for review in plan.reviews:
        product_id = ids.get(review.product.index)
        if product_id is None or (review.author.id, product_id) in reviewed:
            advance("product reviews", 1)
        else:
            review_ops.append(partial(_review, review, product_id))
    await run_ops(db, review_ops, tally, partial(advance, "product reviews"))

    liked = await _pairs(db, Favorite.user_id, Favorite.product_id, list(ids.values()))
    favorite_ops: list[Op] = []
    for user, product in plan.favorites:
        product_id = ids.get(product.index)
        if product_id is None or (user.id, product_id) in liked:
            advance("product favorites", 1)
        else:
            favorite_ops.append(partial(_favorite, user.id, product_id))
    await run_ops(db, favorite_ops, tally, partial(advance, "product favorites"))
