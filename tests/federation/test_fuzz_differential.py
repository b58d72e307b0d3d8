"""Differential fuzzing on the fixture supergraphs: random operations through our router and
Hive Gateway give the same `data` and the same error paths.

`make test` runs a bounded number per set with a fixed seed (`AGORA_FUZZ_COUNT`,
`AGORA_FUZZ_SEED` change them); `make fuzz` runs many more.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from router.gateway import Gateway as RouterGateway
from tests.federation.conftest import Gateway, RunningSet, router_gateway
from tests.fuzz.differential import dump, run
from tests.fuzz.generator import OperationGenerator
from tests.fuzz.known import KNOWN_DIFFERENCES
from tests.fuzz.reference import RestartableHive

COUNT = int(os.environ.get("AGORA_FUZZ_COUNT", "60"))
SEED = int(os.environ.get("AGORA_FUZZ_SEED", "20261203"))
# a long run (make fuzz) needs longer than the default per-test limit
long_enough = pytest.mark.timeout(max(300, COUNT // 5))

# Argument values that exist in each set's data (ids, keys, search terms).
VALUES: dict[str, dict[str, list[object]]] = {
    "shop": {"id": ["u1", "u2", "u3"], "upc": ["1", "2", "3"], "term": ["any", "chair"]},
    "library": {"id": ["a1", "e1", "e2"]},
    "events": {"id": ["1", "2"]},
    "teams": {"id": ["t1", "m1", "1"]},
    "garage": {"id": ["c1", "1", "v1"]},
}


async def agree(name: str, running: RunningSet, ours: Gateway, hive_dir: Path) -> None:
    sdl = running.supergraph_sdl()
    generator = OperationGenerator(RouterGateway(sdl).schema, VALUES[name], seed=SEED)
    hive = RestartableHive(sdl, hive_dir, name)
    try:
        report = await run(
            generator,
            ours.client,
            hive.start(),
            COUNT,
            KNOWN_DIFFERENCES,
            restart_theirs=hive.restart,
        )
    finally:
        hive.stop()
    print(f"{name}: {report.summary()}")
    dump(name, report)
    assert not report.unknown, "\n\n".join(d.describe() for d in report.unknown[:3])


@long_enough
@pytest.mark.parametrize("name", sorted(VALUES))
async def test_router_and_hive_agree_on_random_operations(
    name: str, request: pytest.FixtureRequest, hive_dir: Path
) -> None:
    running: RunningSet = request.getfixturevalue(f"{name}_server")
    async for ours in router_gateway(running.supergraph_sdl()):
        await agree(name, running, ours, hive_dir)
