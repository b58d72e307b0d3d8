"""How much `agora seed` writes: small (tests, `agora dev --seed`), medium, large."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    users: int  # generated accounts, besides the fixed demo accounts
    gigs: int
    orders: int
    gig_favorites: int
    products: int
    product_reviews: int
    product_favorites: int
    channels: int
    posts: int
    comments: int
    post_likes: int
    comment_likes: int
    # Of each user's seeded events, the newest this many become notifications (the demo
    # accounts get all of theirs, up to DEMO_NOTIFICATIONS).
    notifications_per_user: int


SIZES = {
    size.name: size
    for size in (
        Size(
            "small",
            users=40,
            gigs=80,
            orders=200,
            gig_favorites=80,
            products=40,
            product_reviews=40,
            product_favorites=50,
            channels=6,
            posts=50,
            comments=150,
            post_likes=120,
            comment_likes=60,
            notifications_per_user=8,
        ),
        Size(
            "medium",
            users=1_000,
            gigs=5_000,
            orders=20_000,
            gig_favorites=3_000,
            products=2_000,
            product_reviews=2_000,
            product_favorites=2_000,
            channels=200,
            posts=5_000,
            comments=15_000,
            post_likes=6_000,
            comment_likes=3_000,
            notifications_per_user=4,
        ),
        Size(
            "large",
            users=5_000,
            gigs=25_000,
            orders=100_000,
            gig_favorites=15_000,
            products=10_000,
            product_reviews=10_000,
            product_favorites=10_000,
            channels=1_000,
            posts=25_000,
            comments=75_000,
            post_likes=30_000,
            comment_likes=15_000,
            notifications_per_user=4,
        ),
    )
}
DEMO_NOTIFICATIONS = 60
