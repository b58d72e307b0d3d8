"""Edge settings from the environment. Each duty is off unless configured, so `agora router`
serves any supergraph as is (the conformance audit runs it that way); `agora dev`, compose.yaml
and the Kubernetes manifests turn them on."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from common.account_state import AccountStates
from common.auth import TokenVerifier, http_jwks_fetcher
from common.client_ip import ClientIpSigner, load_router_secret
from common.redis import redis_at
from router.edge.client_ip import TRUSTED_PROXIES_VARIABLE, Network, parse_trusted_proxies


@dataclass(frozen=True)
class EdgeSettings:
    jwks_url: str | None = None
    jwt_issuer: str = "agora"
    rate_limit: int | None = None  # requests per window per user (signed in) or client IP
    rate_window_seconds: int = 60
    redis_url: str | None = None  # shared counters across router replicas; else in-process
    redis_prefix: str = "agora:"
    cors_origins: tuple[str, ...] = ()
    # Peers whose X-Forwarded-For is believed (load balancers); none: the peer is the client.
    trusted_proxies: tuple[Network, ...] = ()
    # Signs the client's IP towards subgraphs (AGORA_ROUTER_SECRET, shared with them).
    router_secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> EdgeSettings:
        limit = environ.get("AGORA_ROUTER_RATE_LIMIT")
        origins = environ.get("AGORA_ROUTER_CORS_ORIGINS", "")
        return cls(
            jwks_url=environ.get("AGORA_ROUTER_JWKS_URL") or None,
            jwt_issuer=environ.get("AGORA_JWT_ISSUER", "agora"),
            rate_limit=int(limit) if limit else None,
            rate_window_seconds=int(environ.get("AGORA_ROUTER_RATE_WINDOW_SECONDS", "60")),
            redis_url=environ.get("AGORA_REDIS_URL") or None,
            redis_prefix=environ.get("AGORA_REDIS_PREFIX", "agora:"),
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            trusted_proxies=parse_trusted_proxies(environ.get(TRUSTED_PROXIES_VARIABLE, "")),
            router_secret=load_router_secret(environ),
        )

    def client_ip_signer(self) -> ClientIpSigner | None:
        return ClientIpSigner(self.router_secret) if self.router_secret else None

    def token_verifier(self) -> TokenVerifier | None:
        if not self.jwks_url:
            return None
        return TokenVerifier(
            http_jwks_fetcher(self.jwks_url),
            self.jwt_issuer,
            account_states=self.account_states(),
        )

    def account_states(self) -> AccountStates | None:
        """Revocations and current roles, when the router shares the subgraphs' Redis."""
        if not self.redis_url:
            return None
        url = self.redis_url
        return AccountStates(lambda: redis_at(url), self.redis_prefix)
