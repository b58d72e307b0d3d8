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
from typing import Any, TextIO

from agora.seed import content, freelance, freelance_plan, marketplace, texts
from agora.seed.accounts import Account, people, seed_accounts
from agora.seed.parts import Part, run, run_in_worker, use_queue, write
from agora.seed.progress import Progress
from agora.seed.sizes import Size
from agora.seed.writes import Tally, seed_database


def phase_totals(size: Size, accounts: list[Account] | None) -> dict[str, int]:
    """How many of each thing the plans hold (for the bars), before or after the accounts."""
    totals = {
        "accounts": len(people(size)),
        "gig categories": sum(1 + len(leaves) for leaves in texts.GIG_CATEGORIES.values()),
        "product categories": sum(1 + len(leaves) for leaves in texts.PRODUCT_CATEGORIES.values()),
    }
    if accounts is None:
        return totals
    work = freelance_plan.plan(size, accounts)
    goods = marketplace.plan(size, accounts)
    talk = content.plan(size, accounts)
    return {
        **totals,
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
        from subgraphs.kit.redis import close_redis

        await close_redis()


def _domain_parts(jobs: int) -> list[Part]:
    """Freelance (the most work) in more, smaller parts, so the processes finish together."""
    return [
        *(Part("freelance", number, 2 * jobs) for number in range(2 * jobs)),
        *(Part("content", number, jobs) for number in range(jobs)),
        *(Part("marketplace", number, jobs) for number in range(jobs)),
    ]


def _run_parts(
    parts: Sequence[Part], size: Size, accounts: list[Account], jobs: int, progress: Progress
) -> Tally:
    tally = Tally()
    if jobs <= 1:  # in this process, one after the other
        for part in parts:
            tally.add(run(write(part, size.name, accounts, progress.advance)))
        return tally
    context = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited engines
    queue = context.Queue()
    drain = threading.Thread(target=_drain, args=(queue, progress.advance), daemon=True)
    drain.start()
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=use_queue, initargs=(queue,)
        ) as pool:
            futures = [pool.submit(run_in_worker, part, size.name, accounts) for part in parts]
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
    # The totals of the later phases need the accounts' ids: those bars are sized once known.
    with Progress(phase_totals(size, None), out) as first:
        accounts = run(_first_phases(size, first, tally))
    later = {k: v for k, v in phase_totals(size, accounts).items() if k not in first.totals}
    with Progress(later, out) as progress:
        tally.add(_run_parts(_domain_parts(jobs), size, accounts, jobs, progress))
        notify = [Part("notifications", number, jobs) for number in range(jobs)]
        tally.add(_run_parts(notify, size, accounts, jobs, progress))
    return tally
