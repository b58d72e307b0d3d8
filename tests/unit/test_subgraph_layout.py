"""Every domain subgraph has the same shape (docs/architecture.md, "One subgraph layout"), so
whoever has learnt one finds their way in the next:

    <domain>/__init__.py  app.py  schema.py  models.py  loaders.py  migrations/
    <domain>/rules/<aggregate>.py             the domain rules: no GraphQL
    <domain>/api/<kind>/<aggregate>.py        the GraphQL layer, one folder per kind
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SUBGRAPHS = Path(__file__).resolve().parents[2] / "subgraphs"
DOMAINS = ("users", "notifications", "freelance", "content", "marketplace")
TOP_LEVEL = {
    "__init__.py",
    "app.py",
    "schema.py",
    "models.py",
    "loaders.py",
    "migrations",
    "rules",
    "api",
}
API_KINDS = {"types", "inputs", "payloads", "queries", "mutations", "subscriptions"}


def _entries(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir() if path.name != "__pycache__"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_subgraphs_folder_holds_the_kit_and_the_five_domains() -> None:
    assert _entries(SUBGRAPHS) == {"__init__.py", "kit", *DOMAINS}


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_has_the_common_top_level_and_nothing_else(domain: str) -> None:
    assert _entries(SUBGRAPHS / domain) == TOP_LEVEL


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_graphql_layer_is_one_folder_per_kind(domain: str) -> None:
    api = SUBGRAPHS / domain / "api"
    kinds = _entries(api) - {"__init__.py"}
    assert "__init__.py" in _entries(api)
    assert kinds <= API_KINDS, f"unknown kinds in {domain}/api: {sorted(kinds - API_KINDS)}"
    assert {"types", "queries"} <= kinds
    for kind in kinds:
        entries = _entries(api / kind)
        assert "__init__.py" in entries
        nested = sorted(name for name in entries if not name.endswith(".py"))
        assert nested == [], f"{domain}/api/{kind} holds modules only"
        assert len(entries) > 1, f"{domain}/api/{kind} is empty"


@pytest.mark.parametrize("domain", DOMAINS)
def test_rules_are_plain_modules(domain: str) -> None:
    rules = SUBGRAPHS / domain / "rules"
    entries = _entries(rules)
    assert "__init__.py" in entries
    assert sorted(name for name in entries if not name.endswith(".py")) == []
    assert len(entries) > 1


@pytest.mark.parametrize("domain", DOMAINS)
def test_rules_know_nothing_of_graphql(domain: str) -> None:
    """The domain rules run in the worker, the seed and the GraphQL layer alike: they import
    neither Strawberry nor the GraphQL layer, nor the request-scoped loaders."""
    forbidden = ("strawberry", f"subgraphs.{domain}.api", f"subgraphs.{domain}.loaders")
    offending = {
        path.name: sorted(
            name for name in _imports(path) if name.startswith(forbidden) or name == "strawberry"
        )
        for path in (SUBGRAPHS / domain / "rules").glob("*.py")
    }
    assert {name: found for name, found in offending.items() if found} == {}


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_imports_no_other_domain(domain: str) -> None:
    """Subgraphs share code through the kit only; each owns its own database."""
    others = tuple(f"subgraphs.{other}" for other in DOMAINS if other != domain)
    offending = {
        str(path.relative_to(SUBGRAPHS)): sorted(n for n in _imports(path) if n.startswith(others))
        for path in (SUBGRAPHS / domain).rglob("*.py")
    }
    assert {name: found for name, found in offending.items() if found} == {}
