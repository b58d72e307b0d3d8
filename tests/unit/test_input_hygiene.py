"""The input check over argument values as sent: nested objects, lists, fragments, variables."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from subgraphs.kit.input_hygiene import unstorable_input


def _check(document: str, variables: dict[str, Any] | None = None) -> str | None:
    parsed = parse(document)
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    problem = unstorable_input(operation, fragments, variables or {})
    return None if problem is None else problem.extensions["argument"]


@pytest.mark.parametrize(
    ("document", "variables", "argument"),
    [
        ('{ a(x: "ok") { b(y: "n\\u0000") } }', None, "y"),
        (
            "query($v: [In!]) { a(input: {list: $v}) }",
            {"v": [{"t": "ok"}, {"t": "\x00"}]},
            "input.list[1].t",
        ),
        (
            "query($v: In) { a(input: $v) }",
            {"v": {"deep": {"deeper": ["ok", "x\ud800"]}}},
            "input.deep.deeper[1]",
        ),
        ('{ a { ...F } } fragment F on T { b(z: "\\u0000") }', None, "z"),
        ('{ a { ... on T { b(z: ["ok", "\\u0000"]) } } }', None, "z[1]"),
        ("query($j: JSON) { a(data: $j) }", {"j": {"key\x00": 1}}, "data"),
        ("query($v: String) { a(x: $v) }", {"v": "\udfff"}, "x"),
    ],
)
def test_finds_the_argument_holding_the_string(
    document: str, variables: dict[str, Any] | None, argument: str
) -> None:
    assert _check(document, variables) == argument


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        ('{ a(x: "emoji 😀, Кириллица, tab\\t") { b } }', None),
        (
            "query($v: String) { a(x: $v) }",
            {"v": "paired \ud83d\ude00".encode("utf-16", "surrogatepass").decode("utf-16")},
        ),
        ("query($unused: String) { a }", {"unused": "\x00"}),  # never reaches a resolver
        ("{ a(n: 1, f: 1.5, b: true, e: ENUM, z: null) }", None),
    ],
)
def test_lets_storable_values_through(document: str, variables: dict[str, Any] | None) -> None:
    assert _check(document, variables) is None
