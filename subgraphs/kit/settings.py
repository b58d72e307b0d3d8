"""Settings shared by every subgraph, read from the environment (prefix `AGORA_`).

Each subgraph's database URL is `AGORA_<NAME>_DATABASE_URL`; everything else is common.
Secrets have no committed default: `agora dev` generates them under the data directory.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AGORA_", extra="ignore")

    environment: str = "dev"
    data_dir: Path = Path(".data")
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Every Redis key this process writes starts with this, so test runs never collide.
    redis_prefix: str = "agora:"

    # Access tokens are signed by the users subgraph; every subgraph verifies them via JWKS.
    jwks_url: str = "http://127.0.0.1:8000/.well-known/jwks.json"
    jwt_private_key: str | None = None
    jwt_private_key_file: Path | None = None
    # Public keys of retired signing keys, still published until their tokens expire.
    jwt_retired_public_keys_file: Path | None = None
    jwt_issuer: str = "agora"
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_days: int = 30

    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_echo: bool = False

    # One depth for the router and every subgraph (AGORA_MAX_DEPTH); see `query_depth_limit`.
    max_depth: int = 16
    # Twice the router's token limit: its fetches add keys, __typename and entity wrappers.
    max_query_tokens: int = 8000
    subgraph_max_body_bytes: int = (
        8 << 20
    )  # the router's `_entities` calls carry many representations
    log_level: str = "INFO"

    @property
    def query_depth_limit(self) -> int:
        """A subgraph allows one level more than the router: the router's entity fetches wrap
        a client's subtree in `_entities { ... on T }`."""
        return self.max_depth + 1


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def database_url(subgraph: str) -> str:
    """The async SQLAlchemy URL of one subgraph's own database."""
    variable = f"AGORA_{subgraph.upper()}_DATABASE_URL"
    url = os.environ.get(variable)
    if url is None:
        return f"postgresql+asyncpg://postgres@127.0.0.1:5432/agora_{subgraph}"
    return to_asyncpg_url(url)


def to_asyncpg_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url
