"""Web and mobile codegen over the clients' schema: GraphQL Code Generator (`typescript` for
the schema's types, `typescript-operations` for each example operation's result and variables)
reads `schema/api.graphql` and `examples/operations/`, and `tsc --strict` type-checks what it
wrote together with client code using it (`usage.ts`). All from npm, pinned, installed on first
use into `.data/cache/client-codegen`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from agora.compose import API_SCHEMA_FILE
from agora.examples import EXAMPLES_DIR, read_examples
from tests.support.environment import REPO_ROOT
from tests.support.npm import npm_installed

PACKAGES = {
    "@graphql-codegen/cli": "7.4.3",
    "@graphql-codegen/typescript": "6.1.0",
    "@graphql-codegen/typescript-operations": "6.1.9",
    "graphql": "16.15.0",
    "typescript": "5.9.3",
}
USAGE = Path(__file__).with_name("usage.ts")
TIMEOUT_SECONDS = 300
# typescript-operations (6.x) writes the enums and inputs its operations use itself, so each
# plugin has its own file.
SCALARS = {"Date": "string", "DateTime": "string", "Decimal": "string", "JSON": "unknown"}
CONFIG = {"strictScalars": True, "enumsAsTypes": True, "scalars": SCALARS}
TSC = ["--strict", "--noEmit", "--target", "es2022", "--module", "es2022"]


def _generate(prefix: Path, out: Path) -> None:
    config = {
        "overwrite": True,
        "schema": str(REPO_ROOT / API_SCHEMA_FILE),
        "documents": [str(REPO_ROOT / EXAMPLES_DIR / "*.graphql")],
        "generates": {
            str(out / "schema.ts"): {"plugins": ["typescript"], "config": CONFIG},
            str(out / "operations.ts"): {"plugins": ["typescript-operations"], "config": CONFIG},
        },
    }
    (out / "codegen.json").write_text(json.dumps(config))
    codegen = prefix / "node_modules" / ".bin" / "graphql-codegen"
    # Run where the plugins are installed: codegen looks them up from its working directory.
    ran = subprocess.run(
        [str(codegen), "--config", str(out / "codegen.json")],
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS, cwd=prefix,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr


def _type_check(prefix: Path, out: Path, *files: str) -> subprocess.CompletedProcess[str]:
    tsc = prefix / "node_modules" / ".bin" / "tsc"
    return subprocess.run(
        [str(tsc), *TSC, "--moduleResolution", "bundler", *files],
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS, cwd=out,
    )  # fmt: skip


@pytest.mark.timeout(2 * TIMEOUT_SECONDS)
def test_generated_types_type_check_with_client_code(tmp_path: Path) -> None:
    prefix = npm_installed("client-codegen", PACKAGES)
    _generate(prefix, tmp_path)
    operations = (tmp_path / "operations.ts").read_text()
    for example in read_examples(REPO_ROOT / EXAMPLES_DIR):
        kind = example.kind.capitalize()
        assert f"export type {example.name}{kind} = " in operations, example.name
        assert f"export type {example.name}{kind}Variables = " in operations, example.name
    assert "export type User = {" in (tmp_path / "schema.ts").read_text()

    shutil.copy(USAGE, tmp_path / "usage.ts")
    checked = _type_check(prefix, tmp_path, "schema.ts", "operations.ts", "usage.ts")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # The check bites: a field no example selects is a type error.
    wrong = USAGE.read_text().replace("data.me.displayName", "data.me.nickname")
    (tmp_path / "wrong.ts").write_text(wrong)
    refused = _type_check(prefix, tmp_path, "wrong.ts")
    assert refused.returncode != 0
    assert "Property 'nickname' does not exist" in refused.stdout
