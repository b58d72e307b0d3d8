"""The edge middleware stack, outermost first."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from common.auth import TokenVerifier
from router.edge.client_ip import ClientIpMiddleware
from router.edge.identity import TokenCheckMiddleware
from router.edge.ratelimit import MemoryCounter, RateLimiter, RateLimitMiddleware, RedisCounter
from router.edge.settings import EdgeSettings
from telemetry.logs import RequestIdMiddleware


def edge_middleware(
    settings: EdgeSettings, verifier: TokenVerifier | None = None
) -> list[Middleware]:
    stack = [Middleware(RequestIdMiddleware)]
    signer = settings.client_ip_signer()
    if settings.trusted_proxies or signer is not None:  # before the rate limiter
        stack.append(
            Middleware(ClientIpMiddleware, trusted_proxies=settings.trusted_proxies, signer=signer)
        )
    if settings.cors_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                # PUT and DELETE, and the stream token: SSE's single-connection mode
                allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
                allow_headers=[
                    "authorization",
                    "content-type",
                    "x-request-id",
                    "x-graphql-event-stream-token",
                ],
                expose_headers=[
                    "x-request-id",
                    "ratelimit-limit",
                    "ratelimit-remaining",
                    "ratelimit-reset",
                    "retry-after",
                ],
                max_age=600,
            )
        )
    verifier = verifier or settings.token_verifier()
    if verifier is not None:
        stack.append(Middleware(TokenCheckMiddleware, verifier=verifier))
    if settings.rate_limit:
        counter: MemoryCounter | RedisCounter = MemoryCounter()
        if settings.redis_url:
            from redis.asyncio import Redis

            counter = RedisCounter(Redis.from_url(settings.redis_url), settings.redis_prefix)
        limiter = RateLimiter(counter, settings.rate_limit, settings.rate_window_seconds)
        stack.append(Middleware(RateLimitMiddleware, limiter=limiter))
    return stack


def with_edge(
    app: ASGIApp, settings: EdgeSettings, verifier: TokenVerifier | None = None
) -> ASGIApp:
    """`app` wrapped in the edge stack (lifespan and other scopes pass straight through)."""
    for middleware in reversed(edge_middleware(settings, verifier)):
        app = middleware.cls(app, *middleware.args, **middleware.kwargs)
    return app
