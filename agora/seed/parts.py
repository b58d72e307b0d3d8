"""One part of the seed, as one worker process runs it: a subgraph's share of the plan.

A part is (subgraph, number, parts) and its share: the rows one writer takes, chosen so that
parts running at once never lock the same rows (agora.seed.freelance_plan.FreelancePlan.part
and the others); for notifications, a share of the accounts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from agora.seed.sizes import SIZES
from agora.seed.writes import Tally, seed_database

SOURCES = ("users", "freelance", "content", "marketplace")  # databases whose outbox we read

T = TypeVar("T")
Advance = Callable[[str, int], None]
_queue: Any = None  # the parent's progress queue, in a worker process


@dataclass(frozen=True)
class Part:
    subgraph: str
    number: int
    parts: int


def use_queue(queue: Any) -> None:
    """Pool initializer: progress goes to the parent through `queue`."""
    global _queue
    _queue = queue


def _to_parent(phase: str, count: int) -> None:
    _queue.put((phase, count))


async def write(part: Part, share: Any, size_name: str, advance: Advance) -> Tally:
    from agora.seed import content, freelance, marketplace, notifications

    size, tally = SIZES[size_name], Tally()
    db = seed_database(part.subgraph)
    sources = (
        {name: seed_database(name) for name in SOURCES} if part.subgraph == "notifications" else {}
    )
    try:
        if part.subgraph == "freelance":
            await freelance.seed_part(db, share, tally, advance)
        elif part.subgraph == "marketplace":
            await marketplace.seed_part(db, share, tally, advance)
        elif part.subgraph == "content":
            await content.seed_part(db, share, tally, advance)
        elif part.subgraph == "notifications":
            await notifications.seed_part(db, sources, share, size, tally, advance)
        else:
            raise ValueError(f"no seed part for {part.subgraph}")
    finally:
        for each in (db, *sources.values()):
            await each.dispose()
    return tally


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run`, on uvloop when it is installed (as uvicorn[standard] brings it): less
    time in the event loop for each of the many small statements the seed sends."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def run_in_worker(part: Part, share: Any, size_name: str) -> Tally:
    """The entry point of a pool process."""
    return run(write(part, share, size_name, _to_parent))
