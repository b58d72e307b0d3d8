"""Trusted-documents manifests and the persisted-documents settings, checked at startup."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from router.persisted import (
    PersistedConfigError,
    PersistedSettings,
    RedisStore,
    TrustedDocuments,
)

TOP = "query Top { topProducts { upc } }"
ME = "query Me { me { name } }"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def apollo(*operations: Any, **changes: Any) -> dict[str, Any]:
    return {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": list(operations),
        **changes,
    }


def write(tmp_path: Path, manifest: Any) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(manifest if isinstance(manifest, str) else json.dumps(manifest))
    return path


def refusal(tmp_path: Path, manifest: Any) -> str:
    path = write(tmp_path, manifest)
    with pytest.raises(PersistedConfigError) as refused:
        TrustedDocuments.load(path)
    message = str(refused.value)
    assert message.startswith(f"trusted documents {path}: "), message
    return message


def test_an_apollo_manifest_is_looked_up_by_id_with_or_without_the_sha256_prefix(
    tmp_path: Path,
) -> None:
    manifest = apollo(
        {"id": sha256(TOP), "body": TOP, "name": "Top", "type": "query"},
        {"id": "me", "body": ME, "name": "Me", "type": "query"},
    )
    documents = TrustedDocuments.load(write(tmp_path, manifest))
    assert len(documents) == 2
    assert documents.lookup(sha256(TOP)) == TOP
    assert documents.lookup(f"sha256:{sha256(TOP)}") == TOP
    assert documents.lookup(sha256(TOP).upper()) == TOP
    assert documents.lookup("me") == ME
    assert documents.lookup(f"sha256:{sha256(ME)}") == ME  # any listed body, by its hash
    assert documents.lookup("Me") is None
    assert documents.lookup(sha256("{ me { name } }")) is None


def test_a_plain_object_of_id_to_body_is_a_manifest_too(tmp_path: Path) -> None:
    documents = TrustedDocuments.load(write(tmp_path, {"top": TOP, f"sha256:{sha256(ME)}": ME}))
    assert (documents.lookup("top"), documents.lookup(sha256(ME))) == (TOP, ME)


def test_a_body_that_does_not_parse_is_named(tmp_path: Path) -> None:
    message = refusal(tmp_path, apollo({"id": "broken", "body": "query { me {"}))
    assert "operation 'broken' does not parse: Syntax Error" in message


def test_ids_are_unique(tmp_path: Path) -> None:
    twice = apollo({"id": "a", "body": TOP}, {"id": "a", "body": ME})
    assert refusal(tmp_path, twice).endswith("the id 'a' is listed twice")
    duplicate_key = '{"a": "query A { me { name } }", "a": "query B { me { name } }"}'
    assert refusal(tmp_path, duplicate_key).endswith("the key 'a' appears twice in one object")


def test_a_sha256_id_must_be_its_bodys_hash(tmp_path: Path) -> None:
    message = refusal(tmp_path, apollo({"id": sha256(TOP), "body": ME}))
    assert f"operation {sha256(TOP)!r} has a SHA-256 id that is not its body's" in message
    assert f"(the body hashes to {sha256(ME)})" in message
    assert "not its body's" in refusal(tmp_path, {f"sha256:{sha256(TOP)}": ME})


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    message = refusal(tmp_path, {"a": "{", "b": "{", sha256(TOP): ME})
    assert message.count("does not parse") == 2
    assert "not its body's" in message


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        ("{not json", "not valid JSON"),
        ([TOP], "the manifest must be a JSON object"),
        ({"a": 1}, "or an object of id -> document text"),
        (apollo(format="relay"), "unknown manifest format 'relay'"),
        (apollo(version=2), "unsupported manifest version 2"),
        (apollo(operations={"a": TOP}), '"operations" must be a list'),
        (apollo({"id": "a"}), 'operation #0 needs a string "id" and "body"'),
        (apollo("a"), "operation #0 is not an object"),
        (apollo(), "it lists no operations"),
        ({}, "it lists no operations"),
        ({"": TOP}, "an operation has an empty id"),
    ],
)
def test_malformed_manifests(tmp_path: Path, manifest: Any, reason: str) -> None:
    assert reason in refusal(tmp_path, manifest)


def test_a_missing_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PersistedConfigError, match="No such file"):
        TrustedDocuments.load(tmp_path / "absent.json")


def test_settings_apq_is_on_unless_trusted_documents_are(tmp_path: Path) -> None:
    assert PersistedSettings.from_env({}).apq
    assert not PersistedSettings.from_env({"AGORA_ROUTER_APQ": "off"}).apq
    manifest = str(write(tmp_path, {"top": TOP}))
    trusted = PersistedSettings.from_env({"AGORA_ROUTER_TRUSTED_DOCUMENTS": manifest})
    assert (trusted.apq, trusted.trusted is not None) == (False, True)
    resolver = trusted.build(1000)
    assert (resolver.store, resolver.trusted) == (None, trusted.trusted)
    with pytest.raises(PersistedConfigError, match="cannot be on with"):
        PersistedSettings.from_env(
            {"AGORA_ROUTER_TRUSTED_DOCUMENTS": manifest, "AGORA_ROUTER_APQ": "true"}
        )
    with pytest.raises(PersistedConfigError, match="must be true or false"):
        PersistedSettings.from_env({"AGORA_ROUTER_APQ": "maybe"})
    with pytest.raises(PersistedConfigError, match="positive whole number"):
        PersistedSettings.from_env({"AGORA_ROUTER_APQ_TTL_SECONDS": "0"})


def test_settings_put_apq_documents_in_redis_when_it_is_configured() -> None:
    environ = {
        "AGORA_REDIS_URL": "redis://127.0.0.1:6379/0",
        "AGORA_REDIS_PREFIX": "p:",
        "AGORA_ROUTER_APQ_TTL_SECONDS": "60",
    }
    store = PersistedSettings.from_env(environ).build(1000).store
    assert isinstance(store, RedisStore)
    assert (store.key("abc"), store.ttl_seconds) == ("p:apq:abc", 60)
