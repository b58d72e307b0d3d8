"""The request pipeline: parse -> validate -> plan -> execute -> shape (each cached
where the input allows)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import orjson
from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    execute_sync,
    parse,
    validate,
    visit,
)
from graphql.execution.values import get_variable_values
from graphql.language import Visitor
from graphql.utilities import get_operation_ast

from router.api_schema import build_api_schema
from router.execution.executor import PlanExecution
from router.execution.fetcher import SubgraphFetcher
from router.execution.inflight import InFlight, headers_key
from router.execution.shaping import Shaper
from router.limits import DEFAULT_MAX_DEPTH, operation_depth
from router.planning.plan import QueryPlan
from router.planning.planner import Planner, PlanningError
from router.supergraph import Supergraph

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self.items[key] = value
        if len(self.items) > self.size:
            self.items.popitem(last=False)


class RequestError(Exception):
    """The request cannot be executed (bad document, variables, method)."""

    def __init__(self, errors: list[dict[str, Any]], status: int = 400) -> None:
        super().__init__(errors[0]["message"] if errors else "bad request")
        self.errors = errors
        self.status = status


@dataclass
class PreparedDocument:
    document: DocumentNode
    fragments: dict[str, FragmentDefinitionNode]
    condition_variables: tuple[str, ...]
    operations: dict[str | None, OperationDefinitionNode] = field(default_factory=dict)


def _condition_variables(document: DocumentNode) -> tuple[str, ...]:
    """Variables used by @skip/@include: plans are cached per their values."""
    names: set[str] = set()

    class Finder(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            if node.name.value in ("skip", "include"):
                for arg in node.arguments or ():
                    if isinstance(arg.value, VariableNode):
                        names.add(arg.value.name.value)

    visit(document, Finder())
    return tuple(sorted(names))


def _error(error: GraphQLError | str, code: str | None = None) -> dict[str, Any]:
    if isinstance(error, GraphQLError):
        formatted: dict[str, Any] = dict(error.formatted)
    else:
        formatted = {"message": error}
    if code:
        formatted.setdefault("extensions", {})["code"] = code
    return formatted


class Gateway:
    """Serves client operations for one supergraph."""

    def __init__(
        self,
        supergraph_sdl: str,
        *,
        subgraph_urls: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        cache_size: int = 1000,
        max_depth: int = DEFAULT_MAX_DEPTH,
        deduplicate_subgraph_queries: bool = False,
        deduplicate_client_queries: bool = False,
    ) -> None:
        self.supergraph = Supergraph(supergraph_sdl)
        self.schema = build_api_schema(self.supergraph.document)
        urls = {graph: sub.url for graph, sub in self.supergraph.subgraphs.items()}
        for graph, sub in self.supergraph.subgraphs.items():
            override = (subgraph_urls or {}).get(sub.name) or (subgraph_urls or {}).get(graph)
            if override:
                urls[graph] = override
        self.urls = urls
        self.fetcher = SubgraphFetcher(
            urls, timeout=timeout, deduplicate=deduplicate_subgraph_queries
        )
        self.deduplicate_client_queries = deduplicate_client_queries
        self.in_flight: InFlight[dict[str, Any]] = InFlight()
        self.planner = Planner(self.supergraph)
        self.max_depth = max_depth
        self._documents: LRU[str, PreparedDocument] = LRU(cache_size)
        self._rejected: LRU[str, list[dict[str, Any]]] = LRU(cache_size)
        self._plans: LRU[tuple[Any, ...], QueryPlan] = LRU(cache_size)

    async def aclose(self) -> None:
        await self.fetcher.aclose()

    # -- preparation ------------------------------------------------------------------------
    def prepare(self, query: str) -> PreparedDocument:
        prepared = self._documents.get(query)
        if prepared is not None:
            return prepared
        rejected = self._rejected.get(query)
        if rejected is not None:
            raise RequestError([dict(e) for e in rejected])
        try:
            document = self._checked(query)
        except RequestError as error:
            self._rejected.put(query, error.errors)
            raise
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        prepared = PreparedDocument(document, fragments, _condition_variables(document))
        self._documents.put(query, prepared)
        return prepared

    def _checked(self, query: str) -> DocumentNode:
        """Parse, validate against the API schema, and check the limits."""
        try:
            document = parse(query)
        except GraphQLError as error:
            raise RequestError([_error(error, "GRAPHQL_PARSE_FAILED")]) from error
        errors = validate(self.schema, document)
        if errors:
            raise RequestError([_error(e, "GRAPHQL_VALIDATION_FAILED") for e in errors])
        depth = operation_depth(document)
        if depth > self.max_depth:
            message = f"Operation is too deep ({depth} levels; at most {self.max_depth})."
            raise RequestError([_error(message, "GRAPHQL_VALIDATION_FAILED")])
        return document

    def operation(self, prepared: PreparedDocument, name: str | None) -> OperationDefinitionNode:
        operation = prepared.operations.get(name)
        if operation is None:
            operation = get_operation_ast(prepared.document, name)
            if operation is None:
                message = (
                    f'Unknown operation named "{name}".'
                    if name
                    else "Must provide operation name if query contains multiple operations."
                )
                raise RequestError([_error(message)])
            prepared.operations[name] = operation
        return operation

    def coerce_variables(
        self, operation: OperationDefinitionNode, raw: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        coerced = get_variable_values(
            self.schema, operation.variable_definitions or (), dict(raw or {})
        )
        if isinstance(coerced, list):
            raise RequestError([_error(e) for e in coerced])
        values: Any = getattr(coerced, "coerced", coerced)  # graphql-core 3.3 wraps the values
        return dict(values)

    def plan(
        self,
        prepared: PreparedDocument,
        query: str,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> QueryPlan:
        name = operation.name.value if operation.name else None
        conditions = tuple(bool(variables.get(n)) for n in prepared.condition_variables)
        cache_key = (query, name, conditions)
        plan = self._plans.get(cache_key)
        if plan is None:
            try:
                plan = self.planner.plan(operation, prepared.fragments, variables)
            except PlanningError as error:
                raise RequestError(
                    [_error(str(error), "QUERY_PLANNING_FAILED")], status=200
                ) from error
            self._plans.put(cache_key, plan)
        return plan

    # -- execution --------------------------------------------------------------------------
    async def execute(
        self,
        query: str,
        *,
        operation_name: str | None = None,
        variables: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        allow_mutations: bool = True,
    ) -> dict[str, Any]:
        prepared = self.prepare(query)
        operation = self.operation(prepared, operation_name)
        kind = operation.operation.value
        if kind == "mutation" and not allow_mutations:
            raise RequestError([_error("Mutations are not allowed over GET.")], status=405)
        if kind == "subscription":
            raise RequestError([_error("Subscriptions are not supported over this transport.")])
        coerced = self.coerce_variables(operation, variables)
        plan = self.plan(prepared, query, operation, coerced)
        headers = headers or {}

        async def run() -> dict[str, Any]:
            execution = PlanExecution(self.supergraph, self.fetcher, plan, variables or {}, headers)
            await execution.run()
            return self.respond(prepared, operation, coerced, plan, execution, variables)

        if self.deduplicate_client_queries and kind == "query":
            # Identical queries in flight (same text, operation, variables and forwarded
            # headers, so the same identity) share one execution and one response.
            values = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
            key = (query, operation_name, values, headers_key(headers))
            return await self.in_flight.share(key, run)
        return await run()

    def respond(
        self,
        prepared: PreparedDocument,
        operation: OperationDefinitionNode,
        coerced: Mapping[str, Any],
        plan: QueryPlan,
        execution: PlanExecution,
        variables: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The client's response from an executed plan (a query's, or one subscription event's)."""
        introspection = (
            self._introspect(prepared, operation, variables) if plan.introspection else None
        )
        root_type = self.schema.get_root_type(operation.operation)
        assert root_type is not None
        # Shape with the plan's own document nodes: its shape cache is keyed by their ids.
        selection_set = plan.operation.selection_set
        shaper = Shaper(self.schema, plan.fragments, coerced, plan.shape_cache)
        data = shaper.shape_root(root_type, selection_set, execution.data, introspection)
        errors = execution.errors
        for error in errors:
            path = error.get("path")
            if isinstance(path, list) and path:
                error["path"] = shaper.response_path(root_type, selection_set, execution.data, path)
        if not errors and shaper.null_errors:
            errors = shaper.null_errors[:1]
        response: dict[str, Any] = {}
        if errors:
            response["errors"] = errors
        response["data"] = data
        return response

    def _introspect(
        self,
        prepared: PreparedDocument,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
    ) -> dict[str, Any] | None:
        """`__schema` / `__type` are answered from the API schema by the router itself."""
        selections = tuple(
            s
            for s in operation.selection_set.selections
            if isinstance(s, FieldNode) and s.name.value in ("__schema", "__type")
        )
        only = OperationDefinitionNode(
            operation=operation.operation,
            name=operation.name,
            variable_definitions=operation.variable_definitions,
            directives=operation.directives,
            selection_set=SelectionSetNode(selections=selections),
        )
        document = DocumentNode(definitions=(only, *prepared.fragments.values()))
        result = execute_sync(self.schema, document, variable_values=dict(variables or {}))
        return result.data


__all__ = ["Gateway", "RequestError"]
