"""Who the client is, by address: the peer, or what trusted proxies say it is.

`X-Forwarded-For` is believed only from peers in `AGORA_TRUSTED_PROXIES` (CIDRs, none by
default; uvicorn's own proxy-header handling is off). From such a peer the header is walked from
the right, past trusted addresses, and the first untrusted one is the client; malformed entries
are skipped. Anything a client writes itself sits to the left of what trusted proxies appended,
so it is never reached while an untrusted address comes first.

The result goes into the scope (`scope["client"]` and `scope["state"]["agora.client_ip"]`) for
the rate limiter, and, signed with the router secret, into every subgraph request
(`forwarded_client_headers`), so that subgraphs see the client's IP rather than the router's.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from common.client_ip import ClientIpSigner

CLIENT_IP_KEY = "agora.client_ip"
SIGNER_KEY = "agora.client_ip_signer"
TRUSTED_PROXIES_VARIABLE = "AGORA_TRUSTED_PROXIES"
FORWARDED_FOR = b"x-forwarded-for"

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address


def parse_trusted_proxies(value: str) -> tuple[Network, ...]:
    """`10.0.0.0/8, 192.168.1.7` -> networks; a bad entry is a configuration error."""
    networks = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as error:
            raise ValueError(
                f"{TRUSTED_PROXIES_VARIABLE}: {part!r} is not an IP address or CIDR"
            ) from error
    return tuple(networks)


def parse_address(value: str) -> Address | None:
    """An address as proxies write it (`1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`,
    `[2001:db8::1]:443`); IPv4-mapped IPv6 becomes IPv4. None when malformed."""
    text = value.strip().strip('"')
    if text.startswith("["):
        end = text.find("]")
        if end == -1:
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies: Sequence[Network]) -> bool:
    return any(address in network for network in proxies)


def resolve_client_ip(
    peer: str | None, forwarded_for: Iterable[str], proxies: Sequence[Network]
) -> str | None:
    """The client's address: the peer's unless the peer is a trusted proxy; then the rightmost
    untrusted `X-Forwarded-For` entry (the leftmost valid one if every entry is trusted)."""
    peer_address = parse_address(peer) if peer else None
    if peer_address is None:
        return peer  # not an IP (e.g. a Unix socket): nothing to resolve
    chosen = peer_address
    if not _trusted(peer_address, proxies):
        return str(chosen)
    entries = [entry for header in forwarded_for for entry in header.split(",")]
    for entry in reversed(entries):
        address = parse_address(entry)
        if address is None:
            continue
        chosen = address
        if not _trusted(address, proxies):
            break
    return str(chosen)


class ClientIpMiddleware:
    """Sets the client's IP on HTTP and WebSocket scopes; runs before the rate limiter."""

    def __init__(
        self,
        app: ASGIApp,
        trusted_proxies: Sequence[Network] = (),
        signer: ClientIpSigner | None = None,
    ) -> None:
        self.app = app
        self.proxies = tuple(trusted_proxies)
        self.signer = signer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client")
            peer = client[0] if client else None
            forwarded = (
                [
                    value.decode("latin-1")
                    for name, value in scope["headers"]
                    if name == FORWARDED_FOR
                ]
                if self.proxies
                else []
            )
            ip = resolve_client_ip(peer, forwarded, self.proxies)
            if ip is not None:
                state = scope.setdefault("state", {})
                state[CLIENT_IP_KEY] = ip
                if self.signer is not None:
                    state[SIGNER_KEY] = self.signer
                scope["client"] = (ip, client[1] if client and ip == peer else 0)
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class ForwardedClient:
    """A client's IP and the signer that vouches for it towards subgraphs."""

    ip: str
    signer: ClientIpSigner

    def headers(self) -> dict[str, str]:
        """Freshly signed headers (the signature is valid for a short while only)."""
        return self.signer.headers(self.ip)


def forwarded_client(source: Scope | HTTPConnection) -> ForwardedClient | None:
    scope = source.scope if isinstance(source, HTTPConnection) else source
    state = scope.get("state") or {}
    ip, signer = state.get(CLIENT_IP_KEY), state.get(SIGNER_KEY)
    if not isinstance(ip, str) or not isinstance(signer, ClientIpSigner):
        return None
    return ForwardedClient(ip, signer)


def forwarded_client_headers(source: Scope | HTTPConnection) -> dict[str, str]:
    """The signed client-IP headers to add to subgraph requests made for this request; none
    when no router secret is configured (or the edge stack is not in front)."""
    client = forwarded_client(source)
    return {} if client is None else client.headers()
