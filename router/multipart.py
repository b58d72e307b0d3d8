"""Incremental delivery over HTTP: `multipart/mixed` in the format Apollo's clients and router
use (`deferSpec=20220824`). Each part is one JSON payload; the first is the initial response.

A client that does not accept `multipart/mixed` gets one JSON response with everything, as if
nothing were deferred (as Apollo's router does).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import orjson
from starlette.requests import Request
from starlette.responses import StreamingResponse

from router.execution.incremental import IncrementalResponse

MULTIPART = "multipart/mixed"
CONTENT_TYPE = 'multipart/mixed;boundary="-";deferSpec=20220824'
PART = b"\r\n---\r\ncontent-type: application/json; charset=utf-8\r\n\r\n"
END = b"\r\n-----\r\n"


def accepts_multipart(request: Request) -> bool:
    return MULTIPART in request.headers.get("accept", "")


def multipart_response(
    response: IncrementalResponse, headers: Mapping[str, str]
) -> StreamingResponse:
    async def parts() -> AsyncIterator[bytes]:
        yield PART + orjson.dumps(response.initial)
        async for payload in response.subsequent():
            yield PART + orjson.dumps(payload)
        yield END

    return StreamingResponse(
        parts(),
        headers={"content-type": CONTENT_TYPE, "cache-control": "no-cache", **headers},
    )
