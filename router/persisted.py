"""Persisted documents: Apollo's automatic persisted queries (APQ) and trusted documents.

A request may name its document instead of sending it: `extensions.persistedQuery =
{"version": 1, "sha256Hash": "<hex>"}` (Apollo) or `documentId` (the GraphQL-over-HTTP
persisted-documents proposal, `"sha256:<hex>"` or a manifest's own id). `PersistedDocuments.resolve`
turns such a request into one with its `query`, or refuses it with a coded `RequestError`;
everything after (parse, limits, validation, the GET-mutation rule) happens as for any request.

- **APQ** (on unless trusted documents are): a hash alone runs the document stored under it, or
  fails with `PERSISTED_QUERY_NOT_FOUND` / "PersistedQueryNotFound", the answer on which Apollo
  clients resend the hash with the query. Hash and query register it: the hash must be the
  query's SHA-256, and the document must pass the router's checks before it is stored. Documents
  live in Redis when `AGORA_REDIS_URL` is set (`{prefix}apq:{hash}`, with a TTL), so every
  replica shares them, behind a small per-process cache (a hash names one text forever, so that
  cache can never be stale); else in the process only. Redis failing is logged: a lookup
  becomes "not found" (the client resends the query), a failed store still executes.
- **Trusted documents** (`AGORA_ROUTER_TRUSTED_DOCUMENTS=<manifest>`): only the manifest's
  operations run, named by id; a request carrying a query is refused
  (`PERSISTED_QUERY_ID_REQUIRED`), an unknown id too (`PERSISTED_QUERY_NOT_IN_LIST`), and nothing
  is registered. The manifest is checked at startup (`TrustedDocuments.load`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graphql import GraphQLSyntaxError, parse
from redis.asyncio import Redis
from redis.exceptions import RedisError

from router.caches import SizedLRU
from router.errors import Code, RequestError

logger = logging.getLogger("agora.router.persisted")

APQ = "AGORA_ROUTER_APQ"
APQ_TTL_SECONDS = "AGORA_ROUTER_APQ_TTL_SECONDS"
APQ_CACHE_BYTES = "AGORA_ROUTER_APQ_CACHE_BYTES"
TRUSTED_DOCUMENTS = "AGORA_ROUTER_TRUSTED_DOCUMENTS"
APOLLO_MANIFEST_FORMAT = "apollo-persisted-query-manifest"
SHA256_PREFIX = "sha256:"
DEFAULT_TTL_SECONDS = 24 * 3600
DEFAULT_CACHE_BYTES = 16 << 20
REDIS_TIMEOUT_SECONDS = 2.0
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")

# Apollo clients recognise these messages (older ones only the message, newer ones the code).
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_SUPPORTED_MESSAGE = "PersistedQueryNotSupported"
HASH_MISMATCH_MESSAGE = "provided sha does not match query"
TRUSTED_ONLY_MESSAGE = (
    "This router runs trusted documents only: send the id of a listed document "
    "(documentId or extensions.persistedQuery.sha256Hash) and no query."
)

Check = Callable[[str], Awaitable[object]]


class PersistedConfigError(ValueError):
    """The persisted-documents settings or the trusted-documents manifest are wrong."""


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def sha256_of_id(document_id: str) -> str | None:
    """The SHA-256 an id names (`<hex>` or `sha256:<hex>`), lower case; None for other ids."""
    digest = document_id.removeprefix(SHA256_PREFIX).lower()
    return digest if _SHA256_HEX.fullmatch(digest) else None


def _bad_request(message: str) -> RequestError:
    return RequestError.of(message, Code.BAD_REQUEST, 400)


def _no_query() -> RequestError:
    return _bad_request("The request has no query string.")


def _not_found() -> RequestError:
    return RequestError.of(NOT_FOUND_MESSAGE, Code.PERSISTED_QUERY_NOT_FOUND)


# -- where APQ documents live -------------------------------------------------------------------


class DocumentStore(Protocol):
    async def get(self, digest: str) -> str | None: ...

    async def put(self, digest: str, document: str) -> None: ...

    async def aclose(self) -> None: ...


class MemoryStore:
    """Documents in this process, least recently used dropped first, bounded in bytes."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.entries: SizedLRU[str, str] = SizedLRU(max_bytes, max_bytes // 16)

    async def get(self, digest: str) -> str | None:
        return self.entries.get(digest)

    async def put(self, digest: str, document: str) -> None:
        self.entries.put(digest, document, sys.getsizeof(document) + sys.getsizeof(digest))

    async def aclose(self) -> None:
        return None


class RedisStore:
    """Documents in Redis under `{prefix}apq:{hash}`, shared by every router replica, each
    expiring `ttl_seconds` after it was last registered; a process-local cache in front."""

    def __init__(
        self, redis: Redis, prefix: str, ttl_seconds: int, local: MemoryStore | None = None
    ) -> None:
        self.redis = redis
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self.local = local or MemoryStore()

    def key(self, digest: str) -> str:
        return f"{self.prefix}apq:{digest}"

    async def get(self, digest: str) -> str | None:
        document = await self.local.get(digest)
        if document is not None:
            return document
        try:
            raw = await self.redis.get(self.key(digest))
            document = raw.decode() if isinstance(raw, bytes) else raw
        except (RedisError, OSError, UnicodeDecodeError) as failure:
            logger.warning("APQ lookup failed, answering not found: %r", failure)
            return None
        if document is not None and sha256_hex(document) == digest:
            await self.local.put(digest, document)
            return document
        return None

    async def put(self, digest: str, document: str) -> None:
        await self.local.put(digest, document)
        try:
            await self.redis.set(self.key(digest), document, ex=self.ttl_seconds)
        except (RedisError, OSError) as failure:
            logger.warning("APQ store failed, the document stays in this process: %r", failure)

    async def aclose(self) -> None:
        await self.redis.aclose()


# -- trusted documents --------------------------------------------------------------------------


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise PersistedConfigError(f"the key {key!r} appears twice in one object")
        seen[key] = value
    return seen


@dataclass(frozen=True)
class TrustedDocuments:
    """A manifest's documents: id -> body, and every body by its SHA-256."""

    by_id: Mapping[str, str]
    by_sha256: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, documents: Mapping[str, str]) -> TrustedDocuments:
        """Checked documents: each body parses, each SHA-256-shaped id is its body's hash."""
        problems = []
        for document_id, body in documents.items():
            if not document_id:
                problems.append("an operation has an empty id")
                continue
            try:
                parse(body)
            except GraphQLSyntaxError as syntax:
                problems.append(f"operation {document_id!r} does not parse: {syntax.message}")
                continue
            digest = sha256_of_id(document_id)
            if digest is not None and digest != sha256_hex(body):
                problems.append(
                    f"operation {document_id!r} has a SHA-256 id that is not its body's "
                    f"(the body hashes to {sha256_hex(body)})"
                )
        if not documents:
            problems.append("it lists no operations")
        if problems:
            shown = "; ".join(problems[:10])
            more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
            raise PersistedConfigError(shown + more)
        by_sha256 = {sha256_hex(body): body for body in documents.values()}
        return cls(dict(documents), by_sha256)

    @classmethod
    def load(cls, path: Path) -> TrustedDocuments:
        """Apollo's persisted query manifest, or a JSON object of id -> body."""
        try:
            manifest = json.loads(path.read_text(), object_pairs_hook=_unique_keys)
            return cls.of(_documents(manifest))
        except OSError as unreadable:
            raise PersistedConfigError(f"trusted documents {path}: {unreadable}") from unreadable
        except json.JSONDecodeError as invalid:
            message = f"trusted documents {path}: not valid JSON ({invalid})"
            raise PersistedConfigError(message) from invalid
        except PersistedConfigError as invalid:
            raise PersistedConfigError(f"trusted documents {path}: {invalid}") from invalid

    def __len__(self) -> int:
        return len(self.by_id)

    def check(self, prepare: Callable[[str], object]) -> None:
        """Every body passes `prepare` (the gateway's: the router's limits and validation against
        its schema), so a listed operation cannot fail for being invalid; they are cached then."""
        problems = []
        for document_id, body in self.by_id.items():
            try:
                prepare(body)
            except RequestError as invalid:
                reasons = ", ".join(str(e["message"]) for e in invalid.errors[:3])
                problems.append(f"operation {document_id!r} is refused: {reasons}")
        if problems:
            shown = "; ".join(problems[:10])
            more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
            raise PersistedConfigError(f"trusted documents: {shown}{more}")

    def lookup(self, document_id: str) -> str | None:
        body = self.by_id.get(document_id)
        if body is None:
            digest = sha256_of_id(document_id)
            if digest is not None:
                body = self.by_sha256.get(digest)
        return body


def _documents(manifest: Any) -> dict[str, str]:
    if not isinstance(manifest, dict):
        raise PersistedConfigError("the manifest must be a JSON object")
    if "format" not in manifest:
        if not all(isinstance(body, str) for body in manifest.values()):
            raise PersistedConfigError(
                f'expected {{"format": "{APOLLO_MANIFEST_FORMAT}", ...}} '
                "or an object of id -> document text"
            )
        return dict(manifest)
    if manifest["format"] != APOLLO_MANIFEST_FORMAT:
        raise PersistedConfigError(f"unknown manifest format {manifest['format']!r}")
    if manifest.get("version") != 1:
        raise PersistedConfigError(f"unsupported manifest version {manifest.get('version')!r}")
    operations = manifest.get("operations")
    if not isinstance(operations, list):
        raise PersistedConfigError('"operations" must be a list')
    documents: dict[str, str] = {}
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict):
            raise PersistedConfigError(f"operation #{index} is not an object")
        document_id, body = operation.get("id"), operation.get("body")
        if not isinstance(document_id, str) or not isinstance(body, str):
            raise PersistedConfigError(f'operation #{index} needs a string "id" and "body"')
        if document_id in documents:
            raise PersistedConfigError(f"the id {document_id!r} is listed twice")
        documents[document_id] = body
    return documents


# -- the resolver -------------------------------------------------------------------------------


class PersistedDocuments:
    """Turns a request naming a persisted document into one carrying its `query`.

    `store` set: APQ. `trusted` set: trusted documents only. Neither: a request naming a
    document is answered PERSISTED_QUERY_NOT_SUPPORTED (clients then send queries).
    """

    def __init__(
        self,
        *,
        store: DocumentStore | None = None,
        trusted: TrustedDocuments | None = None,
        max_document_bytes: int = 1_000_000,
    ) -> None:
        if store is not None and trusted is not None:
            raise PersistedConfigError("APQ registration and trusted documents exclude each other")
        self.store = store
        self.trusted = trusted
        self.max_document_bytes = max_document_bytes

    @classmethod
    def in_memory(cls, max_document_bytes: int = 1_000_000) -> PersistedDocuments:
        return cls(store=MemoryStore(), max_document_bytes=max_document_bytes)

    async def aclose(self) -> None:
        if self.store is not None:
            await self.store.aclose()

    async def resolve(self, params: dict[str, Any], check: Check | None = None) -> dict[str, Any]:
        """`params` with the `query` to run; `check` (the gateway's `prepare_in_thread`, which
        raises RequestError) vets a document before APQ stores it. Raises RequestError."""
        query = params.get("query")
        if query is not None and not isinstance(query, str):
            raise _bad_request("query must be a string.")
        supported = self.store is not None or self.trusted is not None
        document_id = _requested_id(params, supported)
        if self.trusted is not None:
            if query or document_id is None:
                raise RequestError.of(TRUSTED_ONLY_MESSAGE, Code.PERSISTED_QUERY_ID_REQUIRED, 400)
            body = self.trusted.lookup(document_id)
            if body is None:
                shown = document_id if len(document_id) <= 100 else document_id[:100] + "…"
                message = f"Persisted document {shown!r} is not in this router's trusted list."
                raise RequestError.of(message, Code.PERSISTED_QUERY_NOT_IN_LIST)
            return {**params, "query": body}
        if document_id is None:
            if query is None:
                raise _no_query()
            return params
        assert self.store is not None  # _requested_id refused the id otherwise
        digest = sha256_of_id(document_id)
        if not query:
            document = None if digest is None else await self.store.get(digest)
            if document is None:
                raise _not_found()
            return {**params, "query": document}
        if digest is None or sha256_hex(query) != digest:
            raise RequestError.of(HASH_MISMATCH_MESSAGE, Code.PERSISTED_QUERY_HASH_MISMATCH, 400)
        if check is not None:
            await check(query)  # only documents the router accepts are stored
        if len(query.encode()) <= self.max_document_bytes:
            await self.store.put(digest, query)
        return params


def _requested_id(params: Mapping[str, Any], supported: bool) -> str | None:
    """The document id a request names, if any (documentId or Apollo's extension)."""
    document_id = params.get("documentId")
    if document_id is not None and not isinstance(document_id, str):
        raise _bad_request("documentId must be a string.")
    extensions = params.get("extensions") or {}
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        if document_id is not None and not supported:
            raise RequestError.of(NOT_SUPPORTED_MESSAGE, Code.PERSISTED_QUERY_NOT_SUPPORTED)
        return document_id
    if not supported:
        raise RequestError.of(NOT_SUPPORTED_MESSAGE, Code.PERSISTED_QUERY_NOT_SUPPORTED)
    if not isinstance(persisted, dict):
        raise _bad_request("extensions.persistedQuery must be an object.")
    version = persisted.get("version")
    if version != 1 or isinstance(version, bool):
        message = f"Unsupported persisted query version {version!r}; this router speaks version 1."
        raise RequestError.of(message, Code.PERSISTED_QUERY_NOT_SUPPORTED)
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str):
        raise _bad_request("extensions.persistedQuery.sha256Hash must be a string.")
    if document_id is not None and document_id not in (digest, SHA256_PREFIX + digest):
        raise _bad_request("documentId and extensions.persistedQuery name different documents.")
    return digest


# -- settings -----------------------------------------------------------------------------------


def _switch(environ: Mapping[str, str], name: str) -> bool | None:
    value = environ.get(name, "").strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise PersistedConfigError(f"{name} must be true or false, not {value!r}")


def _positive(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise PersistedConfigError(f"{name} must be a positive whole number, not {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class PersistedSettings:
    """What `AGORA_ROUTER_APQ*`, `AGORA_ROUTER_TRUSTED_DOCUMENTS` and `AGORA_REDIS_*` ask for;
    `from_env` loads and checks the manifest, so a bad one stops the router at startup."""

    apq: bool = True
    apq_ttl_seconds: int = DEFAULT_TTL_SECONDS
    apq_cache_bytes: int = DEFAULT_CACHE_BYTES
    trusted: TrustedDocuments | None = None
    redis_url: str | None = None
    redis_prefix: str = "agora:"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> PersistedSettings:
        manifest = environ.get(TRUSTED_DOCUMENTS, "").strip()
        trusted = TrustedDocuments.load(Path(manifest)) if manifest else None
        apq = _switch(environ, APQ)
        if apq and trusted is not None:
            raise PersistedConfigError(
                f"{APQ} cannot be on with {TRUSTED_DOCUMENTS}: trusted documents register nothing"
            )
        return cls(
            apq=trusted is None if apq is None else apq,
            apq_ttl_seconds=_positive(environ, APQ_TTL_SECONDS, DEFAULT_TTL_SECONDS),
            apq_cache_bytes=_positive(environ, APQ_CACHE_BYTES, DEFAULT_CACHE_BYTES),
            trusted=trusted,
            redis_url=environ.get("AGORA_REDIS_URL") or None,
            redis_prefix=environ.get("AGORA_REDIS_PREFIX", "agora:"),
        )

    def build(self, max_document_bytes: int) -> PersistedDocuments:
        store: DocumentStore | None = None
        if self.apq:
            local = MemoryStore(self.apq_cache_bytes)
            store = local
            if self.redis_url:
                redis = Redis.from_url(
                    self.redis_url,
                    socket_timeout=REDIS_TIMEOUT_SECONDS,
                    socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                )
                store = RedisStore(redis, self.redis_prefix, self.apq_ttl_seconds, local)
        return PersistedDocuments(
            store=store, trusted=self.trusted, max_document_bytes=max_document_bytes
        )
