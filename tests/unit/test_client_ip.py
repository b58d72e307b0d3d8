"""The client's IP: signing towards subgraphs, X-Forwarded-For from trusted proxies only."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
from starlette.requests import HTTPConnection

from agora import dev
from common.client_ip import (
    CLIENT_IP_HEADER,
    SIGNATURE_HEADER,
    ClientIpSigner,
    RouterSecretError,
    UntrustedClientIp,
    load_router_secret,
)
from router.edge import EdgeSettings
from router.edge.client_ip import parse_address, parse_trusted_proxies, resolve_client_ip
from router.edge.ratelimit import ip_bucket
from subgraphs.kit.context import client_ip

SECRET = "s" * 32
NOW = 1_700_000_000.0
signer = ClientIpSigner(SECRET)


# -- signing -----------------------------------------------------------------------------------


def test_a_fresh_signature_verifies() -> None:
    headers = signer.headers("203.0.113.7", now=NOW)
    assert headers[CLIENT_IP_HEADER] == "203.0.113.7"
    assert headers[SIGNATURE_HEADER].startswith(f"{int(NOW)}.")
    assert signer.verify(headers, now=NOW) == "203.0.113.7"
    assert signer.verify(headers, now=NOW + 60) == "203.0.113.7"  # the whole window


def test_no_headers_is_no_claim() -> None:
    assert signer.verify({}, now=NOW) is None


def test_another_secret_does_not_verify() -> None:
    headers = ClientIpSigner("t" * 32).headers("203.0.113.7", now=NOW)
    with pytest.raises(UntrustedClientIp, match="does not match"):
        signer.verify(headers, now=NOW)


def test_an_old_signature_is_refused() -> None:
    headers = signer.headers("203.0.113.7", now=NOW)
    with pytest.raises(UntrustedClientIp, match="61 s old"):
        signer.verify(headers, now=NOW + 61)


def test_a_signature_from_the_future_is_refused() -> None:
    headers = signer.headers("203.0.113.7", now=NOW + 120)
    with pytest.raises(UntrustedClientIp, match="future"):
        signer.verify(headers, now=NOW)


def test_a_changed_ip_or_time_does_not_verify() -> None:
    headers = signer.headers("203.0.113.7", now=NOW)
    with pytest.raises(UntrustedClientIp, match="does not match"):
        signer.verify({**headers, CLIENT_IP_HEADER: "203.0.113.8"}, now=NOW)
    digest = headers[SIGNATURE_HEADER].split(".", 1)[1]
    with pytest.raises(UntrustedClientIp, match="does not match"):
        signer.verify({**headers, SIGNATURE_HEADER: f"{int(NOW) + 30}.{digest}"}, now=NOW)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({CLIENT_IP_HEADER: "203.0.113.7"}, "without a signature"),
        ({SIGNATURE_HEADER: f"{int(NOW)}.00"}, "without"),
        ({CLIENT_IP_HEADER: "203.0.113.7", SIGNATURE_HEADER: "garbage"}, "malformed"),
        ({CLIENT_IP_HEADER: "203.0.113.7", SIGNATURE_HEADER: "-5.ab"}, "malformed"),
    ],
)
def test_incomplete_or_malformed_headers_are_refused(headers: dict[str, str], reason: str) -> None:
    with pytest.raises(UntrustedClientIp, match=reason):
        signer.verify(headers, now=NOW)


def test_a_signed_value_must_be_an_ip() -> None:
    with pytest.raises(UntrustedClientIp, match="not an IP"):
        signer.verify(signer.headers("evil.example", now=NOW), now=NOW)


# -- the secret --------------------------------------------------------------------------------


def test_the_secret_comes_from_the_environment_or_a_file(tmp_path: Path) -> None:
    assert load_router_secret({}) is None
    assert load_router_secret({"AGORA_ROUTER_SECRET": SECRET}) == SECRET
    secret_file = tmp_path / "router_secret"
    secret_file.write_text(SECRET + "\n")
    assert load_router_secret({"AGORA_ROUTER_SECRET_FILE": str(secret_file)}) == SECRET
    with pytest.raises(RouterSecretError, match="not both"):
        load_router_secret(
            {"AGORA_ROUTER_SECRET": SECRET, "AGORA_ROUTER_SECRET_FILE": str(secret_file)}
        )
    with pytest.raises(RouterSecretError, match="cannot read"):
        load_router_secret({"AGORA_ROUTER_SECRET_FILE": str(tmp_path / "missing")})
    with pytest.raises(RouterSecretError, match="at least 32"):
        load_router_secret({"AGORA_ROUTER_SECRET": "short"})


def test_dev_router_secret_is_generated_once_and_private(tmp_path: Path) -> None:
    secret_file = dev.ensure_router_secret(tmp_path)
    assert secret_file == tmp_path / "secrets" / "router_secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = load_router_secret({"AGORA_ROUTER_SECRET_FILE": str(secret_file)})
    assert secret is not None and len(secret) >= 32
    assert dev.ensure_router_secret(tmp_path).read_text().strip() == secret  # kept
    assert dev.ensure_router_secret(tmp_path / "other").read_text().strip() != secret


def test_edge_settings_from_the_environment() -> None:
    settings = EdgeSettings.from_env(
        {"AGORA_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7", "AGORA_ROUTER_SECRET": SECRET}
    )
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.0/8", "192.168.1.7/32"]
    assert settings.client_ip_signer() == ClientIpSigner(SECRET)
    assert SECRET not in repr(settings)
    plain = EdgeSettings.from_env({})
    assert plain.trusted_proxies == () and plain.client_ip_signer() is None
    with pytest.raises(ValueError, match="AGORA_TRUSTED_PROXIES: 'nonsense'"):
        EdgeSettings.from_env({"AGORA_TRUSTED_PROXIES": "10.0.0.0/8,nonsense"})


# -- X-Forwarded-For ---------------------------------------------------------------------------

PROXIES = parse_trusted_proxies("127.0.0.1/32, 10.0.0.0/8, fd00::/8")


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # An untrusted peer is the client, whatever it writes.
        ("198.51.100.9", ["203.0.113.7"], "198.51.100.9"),
        # From a trusted proxy: the rightmost untrusted entry; what the client wrote on the
        # left is never reached.
        ("127.0.0.1", ["203.0.113.7"], "203.0.113.7"),
        ("127.0.0.1", ["6.6.6.6, 203.0.113.7"], "203.0.113.7"),
        ("127.0.0.1", ["6.6.6.6, 203.0.113.7, 10.1.2.3"], "203.0.113.7"),
        ("127.0.0.1", ["6.6.6.6", "203.0.113.7, 10.1.2.3"], "203.0.113.7"),  # two header lines
        # Malformed entries are skipped; ports and brackets are proxies' ways of writing.
        ("127.0.0.1", ["6.6.6.6, 203.0.113.7, unknown, "], "203.0.113.7"),
        ("127.0.0.1", ["203.0.113.7:4711"], "203.0.113.7"),
        ("127.0.0.1", ["[2001:db8::1]:443"], "2001:db8::1"),
        ("127.0.0.1", ["::ffff:203.0.113.7"], "203.0.113.7"),
        # Nothing usable, or only trusted hops: the leftmost trusted address, else the peer.
        ("127.0.0.1", [], "127.0.0.1"),
        ("127.0.0.1", ["nonsense"], "127.0.0.1"),
        ("127.0.0.1", ["10.9.9.9, 10.1.2.3"], "10.9.9.9"),
        ("fd00::5", ["2001:db8::7"], "2001:db8::7"),
        ("::ffff:127.0.0.1", ["203.0.113.7"], "203.0.113.7"),
    ],
)
def test_resolve_client_ip(peer: str, forwarded: list[str], client: str) -> None:
    assert resolve_client_ip(peer, forwarded, PROXIES) == client


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert resolve_client_ip("127.0.0.1", ["203.0.113.7"], ()) == "127.0.0.1"
    assert resolve_client_ip(None, ["203.0.113.7"], PROXIES) is None


def test_parse_address() -> None:
    assert str(parse_address(" 203.0.113.7 ")) == "203.0.113.7"
    assert parse_address("[2001:db8::1") is None
    assert parse_address("") is None


def test_ipv6_clients_are_limited_per_64() -> None:
    assert ip_bucket("2001:db8:1:2:aaaa::1") == ip_bucket("2001:db8:1:2:bbbb::2")
    assert ip_bucket("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert ip_bucket("2001:db8:1:3::1") != ip_bucket("2001:db8:1:2::1")
    assert ip_bucket("203.0.113.7") == "203.0.113.7"
    assert ip_bucket(None) == "unknown"


# -- the subgraph's side -----------------------------------------------------------------------


def connection(headers: dict[str, str]) -> HTTPConnection:
    raw = [(name.encode(), value.encode()) for name, value in headers.items()]
    return HTTPConnection({"type": "http", "headers": raw, "client": ("10.0.0.5", 50000)})


def test_a_subgraph_takes_the_signed_ip_else_the_peer(caplog: pytest.LogCaptureFixture) -> None:
    assert client_ip(connection(signer.headers("203.0.113.7")), signer) == "203.0.113.7"
    assert client_ip(connection({}), signer) == "10.0.0.5"
    forged = ClientIpSigner("t" * 32).headers("203.0.113.7")
    with caplog.at_level(logging.DEBUG, logger="agora.client_ip"):
        assert client_ip(connection(forged), signer) == "10.0.0.5"
        assert client_ip(connection(signer.headers("203.0.113.7")), None) == "10.0.0.5"
    assert [r.getMessage() for r in caplog.records] == [
        "ignoring x-agora-client-ip from 10.0.0.5: the signature does not match",
        "ignoring x-agora-client-ip from 10.0.0.5: no router secret configured",
    ]
