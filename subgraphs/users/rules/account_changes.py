"""Account changes every token verifier must see: version them, then publish them.

A change of roles, activity or sessions raises the account's `auth_version` in its
transaction; revoking changes (deactivation, logoutEverywhere, a password change) also make
earlier access tokens invalid. Once the transaction committed, `announce` writes the state to
Redis, where every subgraph and the router read it (common.account_state).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from redis import exceptions

from common.account_state import AccountState, publish
from subgraphs.kit.redis import get_redis
from subgraphs.kit.settings import get_settings
from subgraphs.users.models import User

logger = logging.getLogger("agora.users.account_changes")

FIRST_RETRY_SECONDS = 0.5
# Keeps the background retries alive (the loop holds tasks only weakly).
_retries: set[asyncio.Task[None]] = set()


def mark_changed(user: User, *, revoke_tokens: bool = False) -> None:
    """Call with the user's row locked, inside the change's transaction."""
    user.auth_version = (user.auth_version or 0) + 1
    if revoke_tokens:
        user.tokens_valid_from = user.auth_version


def state_of(user: User) -> AccountState:
    return AccountState(
        version=user.auth_version,
        valid_from=user.tokens_valid_from,
        roles=frozenset(user.roles),
    )


async def _publish(user_id: str, state: AccountState) -> None:
    settings = get_settings()
    await publish(
        get_redis(), settings.redis_prefix, user_id, state, settings.access_token_ttl_seconds
    )


async def announce(user: User) -> None:
    """Publish the committed state. If Redis cannot take it now, keep trying in the background
    for one access-token lifetime (after that, every token issued before has expired)."""
    user_id, state = str(user.id), state_of(user)
    try:
        await _publish(user_id, state)
    except (exceptions.RedisError, OSError) as error:
        logger.error("account %s changed but Redis is unavailable (%s); retrying", user_id, error)
        task = asyncio.ensure_future(_keep_trying(user_id, state))
        _retries.add(task)
        task.add_done_callback(_retries.discard)


Changed = TypeVar("Changed", User, tuple[User, Any])
Built = TypeVar("Built")


def announcing(build: Callable[[Changed], Built]) -> Callable[[Changed], Awaitable[Built]]:
    """`build` of a change's outcome (the account, or the account and more), which first
    announces the account: a mutation passes it as the `build` that `kit.mutations` runs only
    once the change committed, so a change that failed announces nothing."""

    async def announce_then_build(changed: Changed) -> Built:
        await announce(changed[0] if isinstance(changed, tuple) else changed)
        return build(changed)

    return announce_then_build


async def _keep_trying(user_id: str, state: AccountState) -> None:
    loop = asyncio.get_running_loop()
    give_up_at = loop.time() + get_settings().access_token_ttl_seconds
    wait = FIRST_RETRY_SECONDS
    while loop.time() < give_up_at:
        await asyncio.sleep(wait)
        try:
            await _publish(user_id, state)
        except (exceptions.RedisError, OSError):
            wait = min(wait * 2, 30.0)
            continue
        logger.info("account %s state published after Redis came back", user_id)
        return
    logger.error("account %s state never published; its old tokens expired meanwhile", user_id)
