"""`@defer` with a real client: Apollo Client (npm, run by Node) asks the router for a gig with
its reviews deferred; the freelance subgraph answers the gig, then the reviews, and the client
sees the gig first and the reviews after."""

from __future__ import annotations

import asyncio
import json
import subprocess
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.gigs import reviewed_gig
from tests.integration.accounts import Accounts
from tests.support.graphql import GraphQLClient
from tests.support.node_clients import APOLLO_CLIENT

CLIENT_TIMEOUT_SECONDS = 60
GIG_WITH_REVIEWS_LATER = """
query GigPage($id: ID!) {
  gig(id: $id) {
    id
    title
    ... @defer(label: "reviews") {
      reviews(first: 5) { totalCount edges { node { id rating comment } } }
    }
  }
}
"""


def apollo_client(url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    script = APOLLO_CLIENT.installed()
    ran = subprocess.run(
        ["node", str(script), url, "", query, json.dumps(variables)],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT_SECONDS,
    )
    assert ran.returncode == 0, ran.stderr
    result: dict[str, Any] = json.loads(ran.stdout)
    return result


@pytest.mark.timeout(300)  # the first run installs Apollo Client from npm
async def test_apollo_client_receives_deferred_reviews_after_the_gig(
    stack: Stack, api: GraphQLClient, accounts: Accounts
) -> None:
    gig_id = await reviewed_gig(api, accounts, "Beautiful portrait, delivered early.")
    result = await asyncio.to_thread(
        apollo_client, f"{stack.router_url}/graphql", GIG_WITH_REVIEWS_LATER, {"id": gig_id}
    )
    assert result["contentTypes"] == ['multipart/mixed;boundary="-";deferSpec=20220824']
    emitted = [e for e in result["emitted"] if e["dataState"] != "empty"]  # loading first
    assert all(e["error"] is None for e in emitted), emitted
    streaming, complete = emitted[0], emitted[-1]
    # The initial payload: the gig without its reviews.
    assert streaming["dataState"] == "streaming"
    assert streaming["data"]["gig"]["id"] == gig_id
    assert streaming["data"]["gig"]["title"] == "Watercolour portraits"
    assert "reviews" not in streaming["data"]["gig"]
    # Then the deferred payload, merged by the client.
    assert complete["dataState"] == "complete"
    reviews = complete["data"]["gig"]["reviews"]
    assert reviews["totalCount"] == 1
    assert [e["node"]["comment"] for e in reviews["edges"]] == [
        "Beautiful portrait, delivered early."
    ]
    assert reviews["edges"][0]["node"]["rating"] == 5
