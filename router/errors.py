"""Errors the router makes itself. Every one carries `extensions.code`; its HTTP status follows
the GraphQL-over-HTTP spec (see `status_for`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from graphql import GraphQLError


class Code(StrEnum):
    # The HTTP request itself is wrong: not JSON, no query, wrong method, too large.
    BAD_REQUEST = "BAD_REQUEST"
    # The GraphQL request is wrong.
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    BAD_USER_INPUT = "BAD_USER_INPUT"  # variables that do not coerce to their types
    OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
    # Trusted documents (router.persisted): a request with a query, or an unlisted id.
    PERSISTED_QUERY_ID_REQUIRED = "PERSISTED_QUERY_ID_REQUIRED"
    PERSISTED_QUERY_NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST"
    # Operation limits, each checked before the document is validated or cached.
    MAX_TOKENS_LIMIT = "MAX_TOKENS_LIMIT"
    MAX_NESTING_LIMIT = "MAX_NESTING_LIMIT"
    MAX_DEPTH_LIMIT = "MAX_DEPTH_LIMIT"
    MAX_ALIASES_LIMIT = "MAX_ALIASES_LIMIT"
    MAX_ROOT_FIELDS_LIMIT = "MAX_ROOT_FIELDS_LIMIT"
    MAX_FIELDS_LIMIT = "MAX_FIELDS_LIMIT"
    VALIDATION_TOO_COMPLEX = "VALIDATION_TOO_COMPLEX"
    COST_ESTIMATED_TOO_EXPENSIVE = "COST_ESTIMATED_TOO_EXPENSIVE"
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
    QUERY_PLANNING_FAILED = "QUERY_PLANNING_FAILED"
    # GraphQL over SSE in single-connection mode (router.subscriptions.sse_streams).
    STREAM_TOKEN_MISSING = "STREAM_TOKEN_MISSING"
    STREAM_NOT_FOUND = "STREAM_NOT_FOUND"
    STREAM_ALREADY_OPEN = "STREAM_ALREADY_OPEN"
    # Made while executing, next to data.
    SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE"
    # Made at the edge.
    RATE_LIMITED = "RATE_LIMITED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


def error(message: str | GraphQLError, code: Code, **extensions: Any) -> dict[str, Any]:
    """One GraphQL error object; a GraphQLError keeps its locations."""
    formatted: dict[str, Any] = (
        dict(message.formatted) if isinstance(message, GraphQLError) else {"message": message}
    )
    formatted["extensions"] = {**(formatted.get("extensions") or {}), **extensions, "code": code}
    return formatted


class RequestError(Exception):
    """The request cannot be executed; nothing was fetched.

    `status` is set for errors of the HTTP request itself (the same under both media types).
    Left None, it is a GraphQL request error, whose status depends on the response's media
    type (`status_for`).
    """

    def __init__(self, errors: list[dict[str, Any]], status: int | None = None) -> None:
        super().__init__(errors[0]["message"] if errors else "bad request")
        self.errors = errors
        self.status = status

    @classmethod
    def of(
        cls, message: str | GraphQLError, code: Code, status: int | None = None, **extensions: Any
    ) -> RequestError:
        return cls([error(message, code, **extensions)], status)


GRAPHQL_RESPONSE = "application/graphql-response+json"


def status_for(error: RequestError, media_type: str) -> int:
    """GraphQL over HTTP: a request error is 200 under application/json (legacy clients read
    the body) and 400 under application/graphql-response+json."""
    if error.status is not None:
        return error.status
    return 400 if media_type == GRAPHQL_RESPONSE else 200
