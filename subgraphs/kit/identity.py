"""The identity pieces of a subgraph process, on its own settings (common.auth and
common.account_state are shared with the router, which has settings of its own)."""

from __future__ import annotations

from common.account_state import AccountStates
from subgraphs.kit.redis import get_redis
from subgraphs.kit.settings import get_settings


def subgraph_account_states() -> AccountStates:
    """The reader of a subgraph process: its own Redis client and key prefix."""
    return AccountStates(get_redis, get_settings().redis_prefix)
