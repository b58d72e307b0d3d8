"""Sends generated operations to our router and to a reference gateway (Hive Gateway) and
compares what comes back: `data` exactly, and the set of error paths.

A difference is either a bug of ours to fix, or one of the documented `KNOWN_DIFFERENCES`
where the reference is wrong (each with its reason).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from tests.fuzz.generator import Operation, OperationGenerator

Body = dict[str, Any]
Normalize = Callable[[Any], Any]


@dataclass(frozen=True)
class KnownDifference:
    name: str
    reason: str
    matches: Callable[[Operation, Body, Body], bool]


@dataclass
class Difference:
    operation: Operation
    ours: Body
    theirs: Body
    known: KnownDifference | None

    def describe(self) -> str:
        return (
            f"{self.operation.query}\nvariables: {self.operation.variables}\n"
            f"ours:   {self.ours}\ntheirs: {self.theirs}"
        )


@dataclass
class Report:
    operations: int = 0
    valid: int = 0
    known: dict[str, int] | None = None
    unknown: list[Difference] | None = None

    def summary(self) -> str:
        known = ", ".join(f"{name}: {n}" for name, n in sorted((self.known or {}).items()))
        return (
            f"{self.operations} operations ({self.valid} valid), "
            f"{len(self.unknown or [])} unexplained differences"
            + (f"; known differences: {known}" if known else "")
        )


def dump(label: str, report: Report) -> None:
    """Append the unexplained differences to `$AGORA_FUZZ_DUMP` (JSON lines), if set."""
    target = os.environ.get("AGORA_FUZZ_DUMP")
    if not target or not report.unknown:
        return
    with open(target, "ab") as out:
        for difference in report.unknown:
            record = {
                "set": label,
                "query": difference.operation.query,
                "variables": difference.operation.variables,
                "ours": difference.ours,
                "theirs": difference.theirs,
            }
            out.write(orjson.dumps(record) + b"\n")


def error_paths(body: Body) -> list[tuple[Any, ...] | None]:
    paths = [e.get("path") for e in body.get("errors") or () if isinstance(e, dict)]
    return sorted((tuple(p) if isinstance(p, list) else None for p in paths), key=repr)


def same(
    operation: Operation, ours: Body, theirs: Body, normalize: Normalize = lambda data: data
) -> bool:
    if not operation.valid:
        # both refuse it: errors, and no data
        return (
            bool(ours.get("errors"))
            and bool(theirs.get("errors"))
            and not (ours.get("data") or theirs.get("data"))
        )
    if normalize(ours.get("data")) != normalize(theirs.get("data")):
        return False
    return error_paths(ours) == error_paths(theirs)


class GatewayDown(Exception):
    """The gateway did not answer at all (its process died or hung)."""


async def _post(client: httpx.AsyncClient, operation: Operation) -> Body:
    try:
        response = await client.post(
            "/graphql",
            json={"query": operation.query, "variables": operation.variables},
            headers={"accept": "application/json"},
        )
    except httpx.TransportError as error:
        raise GatewayDown(f"{client.base_url}: {type(error).__name__}") from error
    try:
        body = response.json()
    except ValueError:
        return {"errors": [{"message": f"HTTP {response.status_code}: not JSON"}]}
    return body if isinstance(body, dict) else {"errors": [{"message": "not an object"}]}


async def run(
    generator: OperationGenerator,
    ours: httpx.AsyncClient,
    theirs: httpx.AsyncClient,
    count: int,
    known: tuple[KnownDifference, ...] = (),
    normalize: Normalize = lambda data: data,
    restart_theirs: Callable[[], httpx.AsyncClient] | None = None,
) -> Report:
    """`normalize` maps both answers' data before they are compared (e.g. to mask values
    that legitimately differ between two reads). When the reference gateway's process dies
    on an operation, `restart_theirs` gives a client of a new one and the run goes on; the
    operation counts as `reference-crashed` (our router must still have answered it)."""
    report = Report(known={}, unknown=[])
    assert report.known is not None and report.unknown is not None
    for _ in range(count):
        operation = generator.operation()
        report.operations += 1
        report.valid += operation.valid
        mine = await _post(ours, operation)
        try:
            reference = await _post(theirs, operation)
        except GatewayDown:
            if restart_theirs is None:
                raise
            report.known["reference-crashed"] = report.known.get("reference-crashed", 0) + 1
            theirs = restart_theirs()
            continue
        generator.learn_cursors(mine.get("data"))
        if same(operation, mine, reference, normalize):
            continue
        explained = next((k for k in known if k.matches(operation, mine, reference)), None)
        if explained is None:
            report.unknown.append(Difference(operation, mine, reference, None))
        else:
            report.known[explained.name] = report.known.get(explained.name, 0) + 1
    return report
