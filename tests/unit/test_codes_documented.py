"""Every `UserError` code is a member of the one `Code` enum (subgraphs/kit/codes.py), and each
subgraph's rules page (docs/rules/<subgraph>.md, "Error codes") documents the codes it can raise:

- every code a subgraph names (`Code.X` in its source) is on its page;
- every code on a page is one the subgraph names or the kit's checks raise for it;
- every member is documented somewhere and raised somewhere (no dead codes).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from agora.subgraphs import SUBGRAPH_PORTS
from subgraphs.kit.codes import Code

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|", re.M)


def documented_codes(subgraph: str) -> set[str]:
    text = (ROOT / "docs" / "rules" / f"{subgraph}.md").read_text()
    _, _, codes_section = text.partition("## Error codes")
    return set(DOCUMENTED.findall(codes_section))


@cache
def named_codes(package: str) -> frozenset[str]:
    """The members written as `Code.X` anywhere in subgraphs/<package>."""
    names: set[str] = set()
    for path in (ROOT / "subgraphs" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "Code"
            ):
                names.add(node.attr)
    return frozenset(names)


@pytest.mark.parametrize("subgraph", sorted(SUBGRAPH_PORTS))
def test_every_code_a_subgraph_names_is_on_its_page(subgraph: str) -> None:
    assert named_codes(subgraph) - documented_codes(subgraph) == set()


@pytest.mark.parametrize("subgraph", sorted(SUBGRAPH_PORTS))
def test_a_page_documents_only_codes_its_subgraph_can_raise(subgraph: str) -> None:
    raisable = named_codes(subgraph) | named_codes("kit")
    assert documented_codes(subgraph) - raisable == set()


def test_every_code_is_documented_and_raised_somewhere() -> None:
    members = {member.value for member in Code}
    documented = set().union(*(documented_codes(s) for s in SUBGRAPH_PORTS))
    named = set().union(*(named_codes(s) for s in [*SUBGRAPH_PORTS, "kit"]))
    assert members == documented
    assert members == named


def test_a_code_is_its_own_name() -> None:
    assert all(member.name == member.value for member in Code)  # the name is the public value
