"""The order of the seed: accounts, category trees, then the freelance, marketplace and content
parts side by side in worker processes, then the notifications parts.

Accounts come first because everything else refers to them (by the ids the users database
gave them). The domain parts only refer to accounts, so they run at once; the notifications
parts read what they all recorded. Worker processes, because the work is Python-bound (the
services' SQLAlchemy code) and a machine has more than one core.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TextIO

from agora.seed import content, freelance, freelance_plan, marketplace, texts
from agora.seed.accounts import Account, people, seed_accounts
from agora.seed.parts import Part, run, run_in_worker, use_queue, write
from agora.seed.progress import Progress
from agora.seed.sizes import Size
from agora.seed.writes import Tally, seed_database


@dataclass
class Plans:
    freelance: freelance_plan.FreelancePlan
    marketplace: marketplace.MarketplacePlan
    content: content.ContentPlan

    @classmethod
    def of(cls, size: Size, accounts: list[Account]) -> Plans:
        return cls(
            freelance_plan.plan(size, accounts),
            marketplace.plan(size, accounts),
            content.plan(size, accounts),
        )

    def totals(self, accounts: list[Account]) -> dict[str, int]:
        """How many of each thing the plans hold: the size of each bar."""
        work, goods, talk = self.freelance, self.marketplace, self.content
        return {
            "gigs": len(work.gigs),
            "orders": len(work.orders),
            "gig favorites": len(work.favorites),
            "products": len(goods.products),
            "product reviews": len(goods.reviews),
            "product favorites": len(goods.favorites),
            "channels": len(talk.channels),
            "posts": len(talk.posts),
            "notifications": len(accounts),
        }

    def shares(self, jobs: int) -> list[tuple[Part, Any]]:
        """Every domain's parts, twice as many as processes (the pool hands them out in
        order), the largest first: the small ones fill the gaps, so the processes end together."""
        parts = 2 * jobs
        shares: list[tuple[Part, Any]] = [
            (Part(name, n, parts), plan.part(n, parts))
            for name, plan in (
                ("freelance", self.freelance),
                ("content", self.content),
                ("marketplace", self.marketplace),
            )
            for n in range(parts)
        ]
        return sorted(shares, key=lambda share: -share[1].work)


def _first_totals(size: Size) -> dict[str, int]:
    return {
        "accounts": len(people(size)),
        "gig categories": sum(1 + len(leaves) for leaves in texts.GIG_CATEGORIES.values()),
        "product categories": sum(1 + len(leaves) for leaves in texts.PRODUCT_CATEGORIES.values()),
    }


async def _first_phases(size: Size, progress: Progress, tally: Tally) -> list[Account]:
    users = seed_database("users")
    gigs, goods = seed_database("freelance"), seed_database("marketplace")
    try:
        accounts = await seed_accounts(
            users, size, lambda n: progress.advance("accounts", n), tally
        )
        await freelance.seed_categories(
            gigs, tally, lambda n: progress.advance("gig categories", n)
        )
        await marketplace.seed_categories(
            goods, tally, lambda n: progress.advance("product categories", n)
        )
        return accounts
    finally:
        for db in (users, gigs, goods):
            await db.dispose()
        from common.redis import close_redis

        await close_redis()


def _run_parts(
    shares: Sequence[tuple[Part, Any]], size: Size, jobs: int, progress: Progress
) -> Tally:
    tally = Tally()
    if jobs <= 1:  # in this process, one after the other
        for part, share in shares:
            tally.add(run(write(part, share, size.name, progress.advance)))
        return tally
    context = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited engines
    queue = context.Queue()
    drain = threading.Thread(target=_drain, args=(queue, progress.advance), daemon=True)
    drain.start()
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=use_queue, initargs=(queue,)
        ) as pool:
            futures = [pool.submit(run_in_worker, part, share, size.name) for part, share in shares]
            for future in futures:
                tally.add(future.result())
    finally:
        queue.put(None)
        drain.join()
    return tally


def _drain(queue: Any, advance: Callable[[str, int], None]) -> None:
    while (item := queue.get()) is not None:
        advance(*item)


def seed(size: Size, jobs: int, out: TextIO) -> Tally:
    """Writes `size` (what is missing of it); returns what was written and what was refused."""
    tally = Tally()
    with Progress(_first_totals(size), out) as first:
        accounts = run(_first_phases(size, first, tally))
    # The later plans need the accounts' ids and roles: their bars are sized once those are known.
    plans = Plans.of(size, accounts)
    with Progress(plans.totals(accounts), out) as progress:
        tally.add(_run_parts(plans.shares(jobs), size, jobs, progress))
        notify = [
            (Part("notifications", n, jobs), [a for a in accounts if a.index % jobs == n])
            for n in range(jobs)
        ]
        tally.add(_run_parts(notify, size, jobs, progress))
    return tally
