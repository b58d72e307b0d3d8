"""The shop fixture subgraphs and our router over them, each on a loopback port, per session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from router.app import create_app
from tests.federation.fixtures.server import BROKEN_PATH, RecordedCall, subgraphs_app
from tests.federation.fixtures.shop import build_subgraphs, supergraph_sdl
from tests.federation.fixtures.shop.data import MutationLog
from tests.federation.hive_gateway import run_hive_gateway
from tests.support.servers import serve


@dataclass
class ShopSubgraphs:
    """The running shop subgraphs: where they are and what they were asked."""

    base_url: str
    calls: list[RecordedCall]
    log: MutationLog

    def called(self) -> list[str]:
        """Names of the subgraphs called so far, in order."""
        return [call.subgraph for call in self.calls]

    def reset(self) -> None:
        self.calls.clear()
        self.log.clear()


@dataclass
class Gateway:
    """A gateway under test, answering GraphQL over HTTP."""

    client: httpx.AsyncClient

    async def execute(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        response = await self.client.post(
            "/graphql", json=body, headers={"accept": "application/json"}
        )
        assert response.status_code < 500, response.text
        return response.json()


@pytest.fixture(scope="session")
def shop_server() -> Iterator[ShopSubgraphs]:
    calls: list[RecordedCall] = []
    log = MutationLog()
    with serve(subgraphs_app(build_subgraphs(log), calls)) as base_url:
        yield ShopSubgraphs(base_url, calls, log)


@pytest.fixture
def shop(shop_server: ShopSubgraphs) -> ShopSubgraphs:
    """The shop subgraphs with no calls recorded and an empty mutation log."""
    shop_server.reset()
    return shop_server


async def _router_gateway(sdl: str) -> AsyncIterator[Gateway]:
    with serve(create_app(sdl)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield Gateway(client)


@pytest.fixture(scope="session")
async def router(shop_server: ShopSubgraphs) -> AsyncIterator[Gateway]:
    """Our router serving the shop supergraph."""
    async for gateway in _router_gateway(supergraph_sdl(shop_server.base_url)):
        yield gateway


@pytest.fixture(scope="session")
async def router_with_inventory_down(shop_server: ShopSubgraphs) -> AsyncIterator[Gateway]:
    """Our router over the shop, with the inventory subgraph answering HTTP 500."""
    down = {"inventory": f"{shop_server.base_url}{BROKEN_PATH}"}
    async for gateway in _router_gateway(supergraph_sdl(shop_server.base_url, down)):
        yield gateway


@pytest.fixture(scope="session")
async def hive(
    shop_server: ShopSubgraphs, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Gateway]:
    """Hive Gateway (npm) serving the same shop supergraph: the differential tests' reference."""
    directory = tmp_path_factory.mktemp("hive-gateway")
    supergraph = directory / "supergraph.graphql"
    supergraph.write_text(supergraph_sdl(shop_server.base_url))
    with run_hive_gateway(supergraph, directory / "gateway.log") as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield Gateway(client)
