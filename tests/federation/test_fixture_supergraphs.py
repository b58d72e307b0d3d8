"""The committed supergraphs are current, and the fixture subgraphs speak federation."""

from __future__ import annotations

import httpx
import pytest

from tests.federation.conftest import RunningSet
from tests.federation.fixtures.__main__ import FIXTURE_SETS
from tests.federation.fixtures.fixture_set import FixtureSet, MutationLog


@pytest.mark.parametrize("fixture_set", FIXTURE_SETS, ids=lambda s: s.name)
def test_committed_supergraph_is_not_stale(fixture_set: FixtureSet) -> None:
    assert fixture_set.supergraph_path.read_text() == fixture_set.compose(), (
        "regenerate with: .venv/bin/python -m tests.federation.fixtures"
    )


async def test_subgraphs_serve_their_sdl_and_resolve_entities(shop: RunningSet) -> None:
    async with httpx.AsyncClient(base_url=shop.base_url) as client:
        for subgraph in shop.fixture_set.build_subgraphs(MutationLog()):
            response = await client.post(
                f"/{subgraph.name}", json={"query": "{ _service { sdl } }"}
            )
            assert response.json() == {"data": {"_service": {"sdl": subgraph.sdl}}}
        response = await client.post(
            "/media",
            json={
                "query": "query ($r: [_Any!]!) { _entities(representations: $r) "
                "{ __typename ... on Book { title } } }",
                "variables": {"r": [{"__typename": "Media", "id": "b2"}]},
            },
        )
    assert response.json() == {"data": {"_entities": [{"__typename": "Book", "title": "Emma"}]}}
