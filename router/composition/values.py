"""GraphQL values as composition prints and compares them.

Apollo prints argument values with `valueToString`: strings JSON-quoted on one line (never as
block strings), lists as `[a, b]`, objects as `{a: 1}`. graphql-core's `print_ast` would keep a
block string as a block, so values are printed here.
"""

from __future__ import annotations

import json

from graphql import (
    BooleanValueNode,
    EnumValueNode,
    FloatValueNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)


def print_value(node: ValueNode) -> str:
    if isinstance(node, StringValueNode):
        return json.dumps(node.value, ensure_ascii=False)
    if isinstance(node, (IntValueNode, FloatValueNode, EnumValueNode)):
        return str(node.value)
    if isinstance(node, BooleanValueNode):
        return "true" if node.value else "false"
    if isinstance(node, NullValueNode):
        return "null"
    if isinstance(node, ListValueNode):
        return "[" + ", ".join(print_value(item) for item in node.values) + "]"
    if isinstance(node, ObjectValueNode):
        inner = ", ".join(f"{f.name.value}: {print_value(f.value)}" for f in node.fields)
        return "{" + inner + "}"
    if isinstance(node, VariableNode):
        return f"${node.name.value}"
    raise TypeError(f"unexpected value node {node!r}")


def string(value: str) -> StringValueNode:
    return StringValueNode(value=value, block=False)


def enum(value: str) -> EnumValueNode:
    return EnumValueNode(value=value)


def boolean(value: bool) -> BooleanValueNode:
    return BooleanValueNode(value=value)


def python_value(node: ValueNode | None) -> object:
    """The plain Python value of a constant node (for reading federation directive arguments)."""
    if node is None or isinstance(node, NullValueNode):
        return None
    if isinstance(node, ListValueNode):
        return [python_value(item) for item in node.values]
    if isinstance(node, ObjectValueNode):
        return {f.name.value: python_value(f.value) for f in node.fields}
    if isinstance(node, (StringValueNode, EnumValueNode, BooleanValueNode)):
        return node.value
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, FloatValueNode):
        return float(node.value)
    return None
