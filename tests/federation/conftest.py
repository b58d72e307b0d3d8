"""Fixture subgraph sets, our router and Hive Gateway over them, each on a loopback port.

Per set (shop, library, events, teams, garage): `<set>_server` runs its subgraphs (session), `<set>` is the same with
calls and the mutation log cleared, `<set>_router` is our router over it and `<set>_hive` is
Hive Gateway over it (the differential tests' reference). `router` / `hive` are the shop's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from router.app import create_app
from tests.federation.fixtures.events import EVENTS
from tests.federation.fixtures.fixture_set import FixtureSet, MutationLog
from tests.federation.fixtures.garage import GARAGE
from tests.federation.fixtures.library import LIBRARY
from tests.federation.fixtures.server import BROKEN_PATH, RecordedCall, subgraphs_app
from tests.federation.fixtures.shop import SHOP
from tests.federation.fixtures.teams import TEAMS
from tests.federation.hive_gateway import run_hive_gateway
from tests.support.servers import serve


@dataclass
class RunningSet:
    """A fixture set's subgraphs, running: where they are and what they were asked."""

    fixture_set: FixtureSet
    base_url: str
    calls: list[RecordedCall]
    log: MutationLog

    def called(self) -> list[str]:
        """Names of the subgraphs called so far, in order."""
        return [call.subgraph for call in self.calls]

    def reset(self) -> None:
        self.calls.clear()
        self.log.clear()

    def supergraph_sdl(self, overrides: Mapping[str, str] | None = None) -> str:
        return self.fixture_set.supergraph_sdl(self.base_url, overrides)


# the shop's tests name it after the set
ShopSubgraphs = RunningSet


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
def hive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hive-gateway")


def _run_set(fixture_set: FixtureSet) -> Iterator[RunningSet]:
    calls: list[RecordedCall] = []
    log = MutationLog()
    with serve(subgraphs_app(fixture_set.build_subgraphs(log), calls)) as base_url:
        yield RunningSet(fixture_set, base_url, calls, log)


async def router_gateway(sdl: str) -> AsyncIterator[Gateway]:
    with serve(create_app(sdl)) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield Gateway(client)


async def _hive_gateway(sdl: str, directory: Path, name: str) -> AsyncIterator[Gateway]:
    supergraph = directory / f"{name}.graphql"
    supergraph.write_text(sdl)
    with run_hive_gateway(supergraph, directory / f"{name}.log") as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield Gateway(client)


@pytest.fixture(scope="session")
def shop_server() -> Iterator[RunningSet]:
    yield from _run_set(SHOP)


@pytest.fixture
def shop(shop_server: RunningSet) -> RunningSet:
    """The shop subgraphs with no calls recorded and an empty mutation log."""
    shop_server.reset()
    return shop_server


@pytest.fixture(scope="session")
async def router(shop_server: RunningSet) -> AsyncIterator[Gateway]:
    """Our router serving the shop supergraph."""
    async for gateway in router_gateway(shop_server.supergraph_sdl()):
        yield gateway


@pytest.fixture(scope="session")
async def router_with_inventory_down(shop_server: RunningSet) -> AsyncIterator[Gateway]:
    """Our router over the shop, with the inventory subgraph answering HTTP 500."""
    down = {"inventory": f"{shop_server.base_url}{BROKEN_PATH}"}
    async for gateway in router_gateway(shop_server.supergraph_sdl(down)):
        yield gateway


@pytest.fixture(scope="session")
async def hive(shop_server: RunningSet, hive_dir: Path) -> AsyncIterator[Gateway]:
    """Hive Gateway (npm) serving the shop supergraph."""
    async for gateway in _hive_gateway(shop_server.supergraph_sdl(), hive_dir, "shop"):
        yield gateway


@pytest.fixture(scope="session")
def library_server() -> Iterator[RunningSet]:
    yield from _run_set(LIBRARY)


@pytest.fixture
def library(library_server: RunningSet) -> RunningSet:
    """The library subgraphs with no calls recorded."""
    library_server.reset()
    return library_server


@pytest.fixture(scope="session")
async def library_router(library_server: RunningSet) -> AsyncIterator[Gateway]:
    """Our router serving the library supergraph."""
    async for gateway in router_gateway(library_server.supergraph_sdl()):
        yield gateway


@pytest.fixture(scope="session")
async def library_hive(library_server: RunningSet, hive_dir: Path) -> AsyncIterator[Gateway]:
    """Hive Gateway (npm) serving the library supergraph."""
    async for gateway in _hive_gateway(library_server.supergraph_sdl(), hive_dir, "library"):
        yield gateway


@pytest.fixture(scope="session")
def events_server() -> Iterator[RunningSet]:
    yield from _run_set(EVENTS)


@pytest.fixture
def events(events_server: RunningSet) -> RunningSet:
    """The events subgraphs with no calls recorded."""
    events_server.reset()
    return events_server


@pytest.fixture(scope="session")
async def events_router(events_server: RunningSet) -> AsyncIterator[Gateway]:
    """Our router serving the events supergraph."""
    async for gateway in router_gateway(events_server.supergraph_sdl()):
        yield gateway


@pytest.fixture(scope="session")
async def events_hive(events_server: RunningSet, hive_dir: Path) -> AsyncIterator[Gateway]:
    """Hive Gateway (npm) serving the events supergraph."""
    async for gateway in _hive_gateway(events_server.supergraph_sdl(), hive_dir, "events"):
        yield gateway


@pytest.fixture(scope="session")
def teams_server() -> Iterator[RunningSet]:
    yield from _run_set(TEAMS)


@pytest.fixture
def teams(teams_server: RunningSet) -> RunningSet:
    """The teams subgraphs with no calls recorded."""
    teams_server.reset()
    return teams_server


@pytest.fixture(scope="session")
async def teams_router(teams_server: RunningSet) -> AsyncIterator[Gateway]:
    """Our router serving the teams supergraph."""
    async for gateway in router_gateway(teams_server.supergraph_sdl()):
        yield gateway


@pytest.fixture(scope="session")
async def teams_hive(teams_server: RunningSet, hive_dir: Path) -> AsyncIterator[Gateway]:
    """Hive Gateway (npm) serving the teams supergraph."""
    async for gateway in _hive_gateway(teams_server.supergraph_sdl(), hive_dir, "teams"):
        yield gateway


@pytest.fixture(scope="session")
def garage_server() -> Iterator[RunningSet]:
    yield from _run_set(GARAGE)


@pytest.fixture(scope="session")
async def garage_router(garage_server: RunningSet) -> AsyncIterator[Gateway]:
    """Our router serving the garage supergraph."""
    async for gateway in router_gateway(garage_server.supergraph_sdl()):
        yield gateway


@pytest.fixture(scope="session")
async def garage_hive(garage_server: RunningSet, hive_dir: Path) -> AsyncIterator[Gateway]:
    """Hive Gateway (npm) serving the garage supergraph."""
    async for gateway in _hive_gateway(garage_server.supergraph_sdl(), hive_dir, "garage"):
        yield gateway
