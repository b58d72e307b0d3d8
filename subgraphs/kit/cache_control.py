"""`Cache-Control: public` on answers that are the same for every caller.

A subgraph names the fields whose values do not depend on who asks (`SharedFields`). A query
that selects only such fields (and `__typename`, through `_entities` or not) and answers
without errors is marked `public, max-age=N`: the router keeps it and answers the same request
from any caller with it for N seconds (router.execution.response_cache). One event fanned out
to a thousand subscribers then costs one `actor { displayName }` call, not a thousand.

Whether a document selects only shared fields is decided once per document text (it does not
depend on variables) and remembered. Anything else (a field not named, a mutation, an error,
a WebSocket) gets no header: nothing is shared by default.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

ENTITIES = "_entities"
REMEMBERED_DOCUMENTS = 1024


class SharedFields:
    def __init__(self, fields: Mapping[str, frozenset[str]], *, max_age: int) -> None:
        """`fields`: type name -> the names of its fields that are the same for every caller;
        `max_age`: seconds a shared cache may keep such an answer (how stale it may get)."""
        self.fields = fields
        self.max_age = max_age
        self.verdicts: dict[tuple[str, str | None], bool] = {}

    def extension(self) -> SchemaExtension:
        return CacheControl(self)

    def shared(
        self,
        schema: GraphQLSchema,
        query: str,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
    ) -> bool:
        key = (query, operation.name.value if operation.name else None)
        verdict = self.verdicts.get(key)
        if verdict is None:
            root = schema.query_type
            verdict = (
                operation.operation is OperationType.QUERY
                and root is not None
                and self._selects_shared(schema, root, operation.selection_set, fragments)
            )
            if len(self.verdicts) >= REMEMBERED_DOCUMENTS:
                self.verdicts.clear()  # bounded; a hot document is decided again at once
            self.verdicts[key] = verdict
        return verdict

    def _selects_shared(
        self,
        schema: GraphQLSchema,
        parent: GraphQLNamedType,
        selection_set: SelectionSetNode,
        fragments: Mapping[str, FragmentDefinitionNode],
    ) -> bool:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name == "__typename":
                    continue
                entities = parent is schema.query_type and name == ENTITIES
                if not entities and name not in self.fields.get(parent.name, ()):
                    return False
                if selection.selection_set is None:
                    continue
                if not isinstance(parent, GraphQLObjectType) or name not in parent.fields:
                    return False
                child = get_named_type(parent.fields[name].type)
                if not self._selects_shared(schema, child, selection.selection_set, fragments):
                    return False
            else:
                if isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    body = selection.selection_set
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = fragments.get(selection.name.value)
                    if fragment is None:
                        return False
                    condition, body = fragment.type_condition, fragment.selection_set
                else:
                    return False
                typed = schema.get_type(condition.name.value) if condition else parent
                if typed is None or not self._selects_shared(schema, typed, body, fragments):
                    return False
        return True


class CacheControl(SchemaExtension):
    def __init__(self, shared: SharedFields) -> None:
        self.shared = shared

    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context
        result = context.result
        response = getattr(context.context, "response", None)
        document = context.graphql_document
        if response is None or document is None or not isinstance(result, ExecutionResult):
            return
        if result.errors:
            return
        operation = _operation(document.definitions, context.operation_name)
        if operation is None:
            return
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        schema = context.schema._schema
        if self.shared.shared(schema, context.query or "", operation, fragments):
            response.headers["cache-control"] = f"public, max-age={self.shared.max_age}"


def _operation(definitions: Any, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name is not None and o.name.value == name), None)
