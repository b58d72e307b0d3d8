"""`agora compose`: write schema/<subgraph>.graphql, schema/supergraph.graphql, the clients'
schema/api.graphql and GraphiQL's example tabs.

The subgraphs are listed in `supergraph.yaml` (Rover's config format). Each subgraph's SDL is taken
in process from `subgraphs.<name>.schema.schema`, exactly as its `_service { sdl }` field returns
it, so no server has to run. `schema/api.graphql` is the supergraph's API schema (router.api_schema:
no federation machinery, nothing @inaccessible), which web and mobile codegen read. The example
operations of `examples/operations/` become `router/static/graphiql/agora-examples.js`
(agora.examples). `--check` writes nothing and fails, with a diff, when a committed file is
stale.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from agora.examples import (
    EXAMPLES_DIR,
    EXAMPLES_SCRIPT,
    ExampleError,
    examples_script,
    read_examples,
)
from router.api_schema import print_api_schema
from router.composition import CompositionError, SubgraphSDL, compose

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "supergraph.yaml"
SUPERGRAPH_FILE = "schema/supergraph.graphql"
API_SCHEMA_FILE = "schema/api.graphql"
API_SCHEMA_HEADER = (
    "# The public GraphQL API of Agora, as clients see it through the router (no federation\n"
    "# internals). Written by `agora compose` from the supergraph; client codegen reads it.\n"
)


@dataclass(frozen=True)
class SubgraphEntry:
    name: str
    routing_url: str
    schema_file: Path


def read_config(path: Path) -> list[SubgraphEntry]:
    config = yaml.safe_load(path.read_text())
    entries = []
    for name, subgraph in (config.get("subgraphs") or {}).items():
        schema_file = (subgraph.get("schema") or {}).get("file") or f"./schema/{name}.graphql"
        entries.append(SubgraphEntry(name, subgraph["routing_url"], path.parent / schema_file))
    return entries


def subgraph_sdl(name: str) -> str | None:
    """What `_service { sdl }` returns for `subgraphs.<name>`; None if the package is absent."""
    # A package still being written (no schema module yet) is skipped like a missing one.
    if importlib.util.find_spec(f"subgraphs.{name}") is None:
        return None
    if importlib.util.find_spec(f"subgraphs.{name}.schema") is None:
        return None
    module = importlib.import_module(f"subgraphs.{name}.schema")
    # Strawberry's `_service` resolver is `print_schema(schema)`; calling it directly gives the
    # same text without running an operation (no settings or database needed).
    from strawberry.printer import print_schema

    return print_schema(module.schema)


def with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def expected_files(config: Path, notes: list[str]) -> dict[Path, str]:
    """Every file `agora compose` owns, with the content it should have."""
    files: dict[Path, str] = {}
    subgraphs: list[SubgraphSDL] = []
    for entry in read_config(config):
        sdl = subgraph_sdl(entry.name)
        if sdl is None:
            notes.append(f"skipped {entry.name}: no module subgraphs.{entry.name}.schema yet")
            continue
        files[entry.schema_file] = with_newline(sdl)
        subgraphs.append(SubgraphSDL(entry.name, entry.routing_url, sdl))
    root = config.parent
    if subgraphs:
        supergraph = compose(subgraphs)
        files[root / SUPERGRAPH_FILE] = with_newline(supergraph)
        files[root / API_SCHEMA_FILE] = API_SCHEMA_HEADER + with_newline(
            print_api_schema(supergraph)
        )
    if (root / EXAMPLES_DIR).is_dir():
        files[root / EXAMPLES_SCRIPT] = examples_script(read_examples(root / EXAMPLES_DIR))
    return files


def stale_diff(path: Path, wanted: str, root: Path) -> str | None:
    current = path.read_text() if path.exists() else ""
    if current == wanted:
        return None
    name = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    return "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            fromfile=f"{name} (committed)",
            tofile=f"{name} (composed)",
        )
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a diff if a schema file is stale",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        help="the supergraph config (default: supergraph.yaml at the project root)",
    )


def run(args: argparse.Namespace) -> int:
    config: Path = args.config.resolve()
    notes: list[str] = []
    try:
        files = expected_files(config, notes)
    except CompositionError as error:
        print("composition failed:", file=sys.stderr)
        for message in error.errors:
            print(f"  {message}", file=sys.stderr)
        return 1
    except ExampleError as error:
        print(f"compose: bad example in {EXAMPLES_DIR}: {error}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"compose: {note}", file=sys.stderr)
    root = config.parent
    if args.check:
        diffs = [d for path, text in files.items() if (d := stale_diff(path, text, root))]
        if diffs:
            sys.stdout.write("".join(diffs))
            print("composed files are stale: run `agora compose`", file=sys.stderr)
            return 1
        print(f"compose: {len(files)} files up to date", file=sys.stderr)
        return 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"compose: wrote {path.relative_to(root)}", file=sys.stderr)
    return 0
