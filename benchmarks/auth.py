"""What checking revocations adds to verifying an access token (in process, real Redis).

Every subgraph and the router verify each request's token. Three ways are timed, one after the
other on the same tokens: the signature alone (the baseline), plus the account state as the
requests of one user mostly find it (cached for half a second), and plus a Redis read every
time (no cache: the worst case, many users each seen once per half second).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from agora.infra import ephemeral
from benchmarks.stack import DATA_DIR
from benchmarks.stats import ratio
from common.account_state import AccountState, AccountStates, publish
from common.auth import TokenVerifier
from common.redis import close_redis
from subgraphs.kit.keys import SigningKey
from subgraphs.kit.redis import get_redis
from subgraphs.kit.settings import get_settings
from subgraphs.users.rules.tokens import KeyRing

VERIFICATIONS = 5_000
ROUNDS = 3
USERS = 100


async def _per_call_us(verifier: TokenVerifier, tokens: list[str]) -> float:
    for token in tokens[:200]:  # warm-up: keys fetched, code paths hot
        await verifier.verify(token)
    start = time.perf_counter()
    for index in range(VERIFICATIONS):
        await verifier.verify(tokens[index % len(tokens)])
    return (time.perf_counter() - start) / VERIFICATIONS * 1e6


async def _measure() -> list[tuple[str, float, int]]:
    settings = get_settings()
    ring = KeyRing(SigningKey.generate())

    async def jwks() -> list[dict[str, Any]]:
        return ring.jwks()["keys"]

    users = [uuid.uuid4() for _ in range(USERS)]
    for user in users:  # every account has a state, as after a role change
        await publish(
            get_redis(),
            settings.redis_prefix,
            str(user),
            AccountState(1, 0, frozenset({"SELLER"})),
            settings.access_token_ttl_seconds,
        )
    tokens = [ring.issue_access_token(u, ["SELLER"], version=1).token for u in users]
    prefix = settings.redis_prefix
    ways = [
        ("signature only (baseline)", None),
        ("+ account state, cached 0.5 s", AccountStates(get_redis, prefix)),
        ("+ account state, Redis each time", AccountStates(get_redis, prefix, max_age=0)),
    ]
    best = {label: float("inf") for label, _ in ways}
    for _ in range(ROUNDS):  # interleaved, best of each: the machine's drift hits all alike
        for label, states in ways:
            verifier = TokenVerifier(jwks, settings.jwt_issuer, account_states=states)
            best[label] = min(best[label], await _per_call_us(verifier, tokens))
    rows = [(label, best[label], states.redis_reads if states else 0) for label, states in ways]
    await close_redis()
    return rows


def run() -> None:
    env = ephemeral.start(DATA_DIR, label="bench")
    try:
        rows = asyncio.run(_measure())
    finally:
        ephemeral.stop(env, DATA_DIR)
    print(
        f"\nToken verification ({VERIFICATIONS} tokens of {USERS} users, one at a time, "
        f"best of {ROUNDS}; Redis reads over all rounds)"
    )
    print(f"  {'':<36}{'µs/token':>10}{'Redis reads':>13}{'vs baseline':>13}")
    baseline = rows[0][1]
    for label, micros, reads in rows:
        print(f"  {label:<36}{micros:>10.1f}{reads:>13}{ratio(micros, baseline):>13}")
