"""The client's IP address, passed from the router to the subgraphs so that only the router is
believed.

Behind the router every request reaches a subgraph from the router's address; per-client rules
(login throttling) need the client's. The router sends

    x-agora-client-ip: <ip>
    x-agora-client-ip-signature: <unix time>.<hex HMAC-SHA256(secret, "<unix time>.<ip>")>

with a secret shared by the router and the subgraphs (`AGORA_ROUTER_SECRET`, or the file named
by `AGORA_ROUTER_SECRET_FILE`). A subgraph takes the IP only when the signature verifies and is
at most MAX_AGE_SECONDS old (a captured pair can be replayed for no longer than that); otherwise
the peer address counts. Both sides use this module.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

CLIENT_IP_HEADER = "x-agora-client-ip"
SIGNATURE_HEADER = "x-agora-client-ip-signature"
MAX_AGE_SECONDS = 60
MIN_SECRET_LENGTH = 32
SECRET_VARIABLE = "AGORA_ROUTER_SECRET"
SECRET_FILE_VARIABLE = "AGORA_ROUTER_SECRET_FILE"


class RouterSecretError(ValueError):
    """The configured secret is missing, unreadable or too short."""


class UntrustedClientIp(Exception):
    """Client-IP headers that do not verify: forged, tampered with, stale or malformed."""


def load_router_secret(environ: Mapping[str, str] = os.environ) -> str | None:
    """The shared secret from the environment, or None when none is configured."""
    value = environ.get(SECRET_VARIABLE) or None
    path = environ.get(SECRET_FILE_VARIABLE) or None
    if value is not None and path is not None:
        raise RouterSecretError(f"set {SECRET_VARIABLE} or {SECRET_FILE_VARIABLE}, not both")
    if path is not None:
        try:
            value = Path(path).read_text().strip()
        except OSError as error:
            raise RouterSecretError(
                f"{SECRET_FILE_VARIABLE}: cannot read {path}: {error.strerror}"
            ) from error
    if value is None:
        return None
    if len(value) < MIN_SECRET_LENGTH:
        raise RouterSecretError(
            f"the router secret must be at least {MIN_SECRET_LENGTH} characters long"
        )
    return value


def router_signer(environ: Mapping[str, str] = os.environ) -> ClientIpSigner | None:
    secret = load_router_secret(environ)
    return None if secret is None else ClientIpSigner(secret)


@dataclass(frozen=True)
class ClientIpSigner:
    secret: str = field(repr=False)
    max_age_seconds: int = MAX_AGE_SECONDS

    def _digest(self, timestamp: str, ip: str) -> str:
        message = f"{timestamp}.{ip}".encode()
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    def headers(self, ip: str, now: float | None = None) -> dict[str, str]:
        """The two headers the router adds to a subgraph request made for client `ip`."""
        timestamp = str(int(time.time() if now is None else now))
        signature = f"{timestamp}.{self._digest(timestamp, ip)}"
        return {CLIENT_IP_HEADER: ip, SIGNATURE_HEADER: signature}

    def verify(self, headers: Mapping[str, str], now: float | None = None) -> str | None:
        """The signed client IP; None when neither header is present. Raises UntrustedClientIp
        when they are present but do not verify."""
        ip = headers.get(CLIENT_IP_HEADER)
        signature = headers.get(SIGNATURE_HEADER)
        if ip is None and signature is None:
            return None
        if ip is None:
            raise UntrustedClientIp(f"{SIGNATURE_HEADER} without {CLIENT_IP_HEADER}")
        if signature is None:
            raise UntrustedClientIp(f"{CLIENT_IP_HEADER} without a signature")
        timestamp, _, digest = signature.partition(".")
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            raise UntrustedClientIp("malformed signature")
        if not hmac.compare_digest(digest.lower().encode(), self._digest(timestamp, ip).encode()):
            raise UntrustedClientIp("the signature does not match")
        age = (time.time() if now is None else now) - int(timestamp)
        if age > self.max_age_seconds:
            raise UntrustedClientIp(f"the signature is {int(age)} s old")
        if age < -self.max_age_seconds:
            raise UntrustedClientIp("the signature is dated in the future")
        try:
            return str(ipaddress.ip_address(ip))
        except ValueError as error:
            raise UntrustedClientIp("the signed value is not an IP address") from error
