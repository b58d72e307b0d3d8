"""Every code a subgraph can put in a `UserError` is one of its `Code` members, and each member
is documented in docs/rules/<subgraph>.md (and the docs name no code that does not exist)."""

from __future__ import annotations

import importlib
import re
from enum import StrEnum
from pathlib import Path

import pytest

from agora.subgraphs import SUBGRAPH_PORTS

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|", re.M)


def documented_codes(subgraph: str) -> set[str]:
    text = (ROOT / "docs" / "rules" / f"{subgraph}.md").read_text()
    _, _, codes_section = text.partition("## Error codes")
    return set(DOCUMENTED.findall(codes_section))


@pytest.mark.parametrize("subgraph", sorted(SUBGRAPH_PORTS))
def test_every_code_is_documented_and_every_documented_code_exists(subgraph: str) -> None:
    code: type[StrEnum] = importlib.import_module(f"subgraphs.{subgraph}.codes").Code
    assert {member.value for member in code} == documented_codes(subgraph)
    assert all(member.name == member.value for member in code)  # the name is the public value
