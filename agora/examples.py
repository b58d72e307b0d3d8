"""The example operations in `examples/operations/`, and the script that preloads them as
GraphiQL's tabs.

One named operation per `.graphql` file (fragments may follow it); the files' order is their
names' (hence the numbers). Variables a tab should start with go in `<file>.variables.json`
beside it. `agora compose` writes `router/static/graphiql/agora-examples.js` from them, so the
router ships them in its package and serves them like GraphiQL's other assets (no inline
script: the page's Content-Security-Policy allows only the router's own files).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, parse, validate

EXAMPLES_DIR = "examples/operations"
EXAMPLES_SCRIPT = "router/static/graphiql/agora-examples.js"


class ExampleError(ValueError):
    """An example file that is not one named operation, or whose variables are not an object."""


@dataclass(frozen=True)
class Example:
    file: str
    name: str  # the operation's
    kind: str  # query, mutation or subscription
    text: str
    variables: dict[str, Any] | None


def _variables(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        variables = json.loads(path.read_text())
    except json.JSONDecodeError as invalid:
        raise ExampleError(f"{path.name}: not JSON ({invalid})") from invalid
    if not isinstance(variables, dict):
        raise ExampleError(f"{path.name}: the variables must be a JSON object")
    return variables


def read_example(path: Path) -> Example:
    text = path.read_text()
    try:
        document = parse(text)
    except GraphQLError as invalid:
        raise ExampleError(f"{path.name}: {invalid}") from invalid
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].name is None:
        raise ExampleError(f"{path.name}: needs exactly one operation, with a name")
    operation = operations[0]
    assert operation.name is not None
    variables = _variables(path.with_name(f"{path.stem}.variables.json"))
    return Example(path.name, operation.name.value, operation.operation.value, text, variables)


def read_examples(directory: Path) -> list[Example]:
    examples = [read_example(path) for path in sorted(directory.glob("*.graphql"))]
    names = [example.name for example in examples]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ExampleError(f"operation names used twice: {', '.join(repeated)}")
    return examples


def validation_errors(schema: GraphQLSchema, example: Example) -> list[str]:
    """What is wrong with an example against the client-facing (API) schema, each as
    `file:line:column: message`."""
    errors = []
    for error in validate(schema, parse(example.text)):
        where = error.locations[0] if error.locations else None
        at = f"{where.line}:{where.column}:" if where else ""
        errors.append(f"{example.file}:{at} {error.message}")
    return errors


def examples_script(examples: list[Example]) -> str:
    """`window.AGORA_EXAMPLES`: one tab per example (agora-graphiql.js reads it)."""
    tabs = [
        {
            "name": example.name,
            "kind": example.kind,
            "query": example.text,
            "variables": json.dumps(example.variables, indent=2) if example.variables else "",
        }
        for example in examples
    ]
    body = json.dumps(tabs, indent=2, ensure_ascii=False)
    return (
        f"// Written by `agora compose` from {EXAMPLES_DIR}/: edit those files, not this one.\n"
        f"window.AGORA_EXAMPLES = {body};\n"
    )
