"""`agora compose`: the committed schema files are up to date, and `--check` catches stale ones."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
import yaml

import subgraphs
from agora import compose as compose_command
from agora.cli import main
from agora.compose import DEFAULT_CONFIG, PROJECT_ROOT, read_config, subgraph_sdl

EXISTING = [entry for entry in read_config(DEFAULT_CONFIG) if subgraph_sdl(entry.name) is not None]


def run(config: Path, check: bool) -> int:
    return compose_command.run(argparse.Namespace(config=config, check=check))


def test_committed_schema_files_are_not_stale(capsys: pytest.CaptureFixture[str]) -> None:
    assert EXISTING, "at least the users subgraph exists"
    assert main(["compose", "--check"]) == 0, capsys.readouterr().out
    # each subgraph's, the supergraph, the API schema and the GraphiQL examples
    assert f"{len(EXISTING) + 3} files up to date" in capsys.readouterr().err


@pytest.mark.parametrize("entry", EXISTING, ids=lambda entry: entry.name)
def test_subgraph_files_hold_exactly_what_service_sdl_returns(
    entry: compose_command.SubgraphEntry,
) -> None:
    module = __import__(f"subgraphs.{entry.name}.schema", fromlist=["schema"])
    result = module.schema.execute_sync("{ _service { sdl } }")
    assert result.errors is None
    assert entry.schema_file.read_text() == result.data["_service"]["sdl"] + "\n"


def test_supergraph_yaml_lists_the_five_subgraphs_in_rover_format() -> None:
    config = yaml.safe_load(DEFAULT_CONFIG.read_text())
    assert str(config["federation_version"]).startswith("=2.")
    assert {name: sub["routing_url"] for name, sub in config["subgraphs"].items()} == {
        "users": "http://127.0.0.1:8000/graphql",
        "notifications": "http://127.0.0.1:8001/graphql",
        "freelance": "http://127.0.0.1:8002/graphql",
        "content": "http://127.0.0.1:8003/graphql",
        "marketplace": "http://127.0.0.1:8004/graphql",
    }
    for name, sub in config["subgraphs"].items():
        assert sub["schema"]["file"] == f"./schema/{name}.graphql"


def test_check_reports_stale_files_and_compose_rewrites_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "supergraph.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "federation_version": "=2.11.0",
                "subgraphs": {
                    "users": {
                        "routing_url": "http://127.0.0.1:9000/graphql",
                        "schema": {"file": "./schema/users.graphql"},
                    },
                    "nosuchsubgraph": {
                        "routing_url": "http://127.0.0.1:9001/graphql",
                        "schema": {"file": "./schema/nosuchsubgraph.graphql"},
                    },
                },
            }
        )
    )
    schema_dir = tmp_path / "schema"
    schema_dir.mkdir()
    (schema_dir / "users.graphql").write_text("type Query { stale: Int }\n")

    assert run(config, check=True) == 1
    captured = capsys.readouterr()
    assert "-type Query { stale: Int }" in captured.out
    assert "+++ schema/supergraph.graphql (composed)" in captured.out
    assert "skipped nosuchsubgraph: no module subgraphs.nosuchsubgraph.schema yet" in captured.err
    assert (schema_dir / "users.graphql").read_text() == "type Query { stale: Int }\n"

    assert run(config, check=False) == 0
    supergraph = (schema_dir / "supergraph.graphql").read_text()
    assert 'USERS @join__graph(name: "users", url: "http://127.0.0.1:9000/graphql")' in supergraph
    assert "NOSUCHSUBGRAPH" not in supergraph
    assert not (schema_dir / "nosuchsubgraph.graphql").exists()
    assert (schema_dir / "users.graphql").read_text() == (
        PROJECT_ROOT / "schema/users.graphql"
    ).read_text()

    assert run(config, check=True) == 0


def test_composition_errors_fail_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A real (temporary) subgraph package whose Query.me clashes with the users subgraph's.
    package = tmp_path / "clashing"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "schema.py").write_text(
        "import strawberry\n\n"
        "@strawberry.type\n"
        "class Query:\n"
        "    me: str = 'me'\n\n"
        "schema = strawberry.federation.Schema(query=Query)\n"
    )
    monkeypatch.setattr(subgraphs, "__path__", [*subgraphs.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "subgraphs.clashing", raising=False)
    monkeypatch.delitem(sys.modules, "subgraphs.clashing.schema", raising=False)
    config = tmp_path / "supergraph.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "subgraphs": {
                    "users": {"routing_url": "http://127.0.0.1:9000/graphql"},
                    "clashing": {"routing_url": "http://127.0.0.1:9001/graphql"},
                }
            }
        )
    )
    assert run(config, check=False) == 1
    err = capsys.readouterr().err
    assert "composition failed:" in err
    assert (
        "  [clashing, users] Query.me: non-shareable field is resolved by several subgraphs" in err
    )
    assert not (tmp_path / "schema").exists()
