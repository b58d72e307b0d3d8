"""Strings no database column can hold are refused before any resolver runs, in every subgraph.

PostgreSQL rejects a NUL character in text, and a lone UTF-16 surrogate (`"\\ud800"` in JSON) is
not UTF-8 at all: either would reach the database and come back as an internal error. One
check here covers every argument of every field, inline or in variables, nested input objects
and lists included, instead of a check per field. It reads argument values as sent (the
operation's argument nodes with the variables put in), which is all the client can send.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

from subgraphs.kit.errors import BadUserInput

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _what(character: str) -> str:
    return "a NUL character" if character == "\x00" else "an unpaired UTF-16 surrogate"


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, string) for every string in an argument value, e.g. ("input.tags[2]", "...")."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, path)  # keys of free-form JSON values reach storage too
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _fields(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    seen: set[str],
) -> Iterator[FieldNode]:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
            yield from _fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)  # each fragment once: its arguments are the same
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set, fragments, seen)


def unstorable_input(
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> BadUserInput | None:
    """The first argument value holding a string no column can store, as the error to answer."""
    for field in _fields(operation.selection_set, fragments, set()):
        for argument in field.arguments or ():
            value = value_from_ast_untyped(argument.value, variables)
            for path, text in _strings(value, argument.name.value):
                found = UNSTORABLE.search(text)
                if found is not None:
                    return BadUserInput(
                        f"`{path}` of `{field.name.value}` contains {_what(found.group())}, "
                        "which text cannot hold.",
                        argument=path,
                    )
    return None


class InputHygiene(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            name = context.operation_name
            for operation in operations:
                if name is not None and (operation.name is None or operation.name.value != name):
                    continue
                problem = unstorable_input(operation, fragments, context.variables or {})
                if problem is not None:
                    # A result set before execution is answered instead of executing.
                    error = GraphQLError(str(problem), extensions=problem.extensions)
                    context.result = ExecutionResult(data=None, errors=[error])
                    break
        yield
