"""A client's mistakes are logged as routine (one INFO line with the code), not as errors with
a traceback; what is unexpected still is (subgraphs.kit.masking)."""

from __future__ import annotations

import logging

import pytest

from tests.support.graphql import GraphQLClient, error_codes


async def test_client_mistakes_are_info_lines_with_their_code(
    users: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    refused = await users.execute("query($id: ID!) { user(id: $id) { id } }", {"id": "a\x00b"})
    unauthenticated = await users.execute("{ me { id } }")
    invalid = await users.execute("{ noSuchField }")
    assert error_codes(refused) == ["BAD_USER_INPUT"]
    assert error_codes(unauthenticated) == ["UNAUTHENTICATED"]
    assert invalid["errors"][0]["message"].startswith("Cannot query field")
    logged = [r for r in caplog.records if r.name == "agora.client_errors"]
    assert [(r.levelno, getattr(r, "code", None)) for r in logged] == [
        (logging.INFO, "BAD_USER_INPUT"),
        (logging.INFO, "UNAUTHENTICATED"),
        (logging.INFO, None),  # validation: the router, not the subgraph, gives it a code
    ]
    assert all(r.exc_info is None for r in logged)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
