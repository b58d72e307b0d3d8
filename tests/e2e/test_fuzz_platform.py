"""Differential fuzzing on the Agora supergraph: random operations over seeded data through our
router and Hive Gateway give the same `data` and the same error paths (anonymous: Hive
forwards no client headers). `AGORA_FUZZ_COUNT` / `AGORA_FUZZ_SEED` change the run; `make
fuzz` runs 10,000.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from router.gateway import Gateway
from tests.e2e.conftest import Stack
from tests.e2e.test_differential_platform import platform_data
from tests.fuzz.differential import dump, run
from tests.fuzz.generator import OperationGenerator
from tests.fuzz.known import KNOWN_DIFFERENCES
from tests.fuzz.reference import RestartableHive
from tests.integration.accounts import Accounts
from tests.support.graphql import GraphQLClient

COUNT = int(os.environ.get("AGORA_FUZZ_COUNT", "150"))
# Opaque cursors that encode a sort key: reading a gig or post counts a view, so two reads of
# one list (ours, then Hive's) can give cursors that differ in the views they carry.
CURSOR = re.compile(r"^W1[A-Za-z0-9_-]{8,}$")


def mask_cursors(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: mask_cursors(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_cursors(item) for item in value]
    if isinstance(value, str) and CURSOR.match(value):
        return "<cursor>"
    return value


SEED = int(os.environ.get("AGORA_FUZZ_SEED", "20261203"))
# a long run (make fuzz) needs longer than the default per-test limit
long_enough = pytest.mark.timeout(max(300, COUNT // 5))


@long_enough
async def test_router_and_hive_agree_on_random_operations(
    api: GraphQLClient, accounts: Accounts, stack: Stack, tmp_path: Path
) -> None:
    seeded = await platform_data(api, accounts)
    ids = [seeded[k] for k in ("id", "gig", "channel", "post", "product")]
    values: dict[str, list[object]] = {
        "user.id": [seeded["id"]],
        "gig.id": [seeded["gig"]],
        "channel.id": [seeded["channel"]],
        "channel.slug": [seeded["slug"]],
        "post.id": [seeded["post"]],
        "product.id": [seeded["product"]],
        "searchPosts.channelId": [seeded["channel"]],
        "id": ids,  # any id anywhere else: a mix of right and wrong kinds
        "query": [seeded["q"], "map"],
    }
    schema = Gateway(stack.supergraph).schema
    # viewsCount grows with every read, so the second gateway always sees one more
    generator = OperationGenerator(schema, values, SEED, skip_fields=frozenset({"viewsCount"}))
    hive = RestartableHive(stack.supergraph, tmp_path, "agora")
    try:
        report = await run(
            generator,
            api.http,
            hive.start(),
            COUNT,
            KNOWN_DIFFERENCES,
            normalize=mask_cursors,
            restart_theirs=hive.restart,
        )
    finally:
        hive.stop()
    print(f"agora: {report.summary()}")
    dump("agora", report)
    assert not report.unknown, "\n\n".join(d.describe() for d in report.unknown[:3])
