"""`/health` says the process is alive; `/ready` says its database and Redis answer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from subgraphs.kit.database import Database
from subgraphs.kit.redis import get_redis

CHECK_TIMEOUT_SECONDS = 2.0


async def _timed(check: Callable[[], Awaitable[object]]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 2)}


def health_routes(name: str, db: Database) -> list[Route]:
    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "service": name})

    async def database_answers() -> None:
        async with db.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def redis_answers() -> None:
        await get_redis().ping()

    async def ready(_: Request) -> JSONResponse:
        database, redis = await asyncio.gather(_timed(database_answers), _timed(redis_answers))
        ok = bool(database["ok"] and redis["ok"])
        body = {"status": "ready" if ok else "unavailable", "database": database, "redis": redis}
        return JSONResponse(body, status_code=200 if ok else 503)

    return [Route("/health", health), Route("/ready", ready)]
