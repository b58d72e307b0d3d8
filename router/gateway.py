"""The request pipeline: parse -> validate -> plan -> execute -> shape (each cached
where the input allows)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

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
    visit,
)
from graphql.execution.values import get_variable_values
from graphql.language import REMOVE, Visitor
from graphql.utilities import get_operation_ast

from router.api_schema import build_api_schema
from router.caches import SizedLRU, document_bytes
from router.cost import DEFAULT_LIST_SIZE, DemandControl
from router.errors import Code, RequestError, error
from router.execution.breaker import BreakerSettings
from router.execution.executor import PlanExecution
from router.execution.fetcher import SubgraphFetcher
from router.execution.incremental import IncrementalResponse
from router.execution.inflight import InFlight, headers_key
from router.execution.response_cache import ResponseCache
from router.execution.shaping import Shaper
from router.limits import (
    OperationLimits,
    check_shape,
    parse_within,
    validate_within,
    validation_errors,
)
from router.metrics import RouterMetrics
from router.planning.plan import QueryPlan
from router.planning.planner import Planner, PlanningError
from router.prepared import PreparedDocument, PreparedOperation
from router.query_plans import with_plan
from router.supergraph import Supergraph


def _condition_variables(document: DocumentNode) -> tuple[tuple[str, ...], bool]:
    """Variables used by @skip/@include/@defer (plans are cached per their values), and
    whether the document uses @defer."""
    names: set[str] = set()
    defers = False

    class Finder(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            nonlocal defers
            if node.name.value in ("skip", "include", "defer"):
                defers = defers or node.name.value == "defer"
                for arg in node.arguments or ():
                    if arg.name.value == "if" and isinstance(arg.value, VariableNode):
                        names.add(arg.value.name.value)

    visit(document, Finder())
    return tuple(sorted(names)), defers


class _WithoutDefer(Visitor):
    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        return REMOVE if node.name.value == "defer" else None


def refuse_introspection(document: DocumentNode) -> None:
    """`__schema` and `__type` (valid only at the query root) are refused; `__typename` is not."""
    asked: list[FieldNode] = []

    class Finder(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.name.value in ("__schema", "__type"):
                asked.append(node)

    visit(document, Finder())
    if asked:
        message = "Introspection is disabled on this router."
        located = GraphQLError(message, asked[0])
        raise RequestError.of(located, Code.INTROSPECTION_DISABLED)


class Gateway:
    """Serves client operations for one supergraph."""

    def __init__(
        self,
        supergraph_sdl: str,
        *,
        subgraph_urls: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        subgraph_timeouts: Mapping[str, float] | None = None,
        breaker: BreakerSettings | None = None,
        limits: OperationLimits | None = None,
        introspection: bool = True,
        cache_bytes: int = 64 << 20,
        max_cached_document_bytes: int = 32 << 10,
        deduplicate_subgraph_queries: bool = False,
        deduplicate_client_queries: bool = False,
        max_cost: int | None = None,
        default_list_size: int = DEFAULT_LIST_SIZE,
        subgraph_cache_bytes: int = 0,
        metrics: bool = True,
    ) -> None:
        self.supergraph = Supergraph(supergraph_sdl)
        self.schema = build_api_schema(self.supergraph.document)
        urls = {graph: sub.url for graph, sub in self.supergraph.subgraphs.items()}
        for graph, sub in self.supergraph.subgraphs.items():
            override = (subgraph_urls or {}).get(sub.name) or (subgraph_urls or {}).get(graph)
            if override:
                urls[graph] = override
        self.urls = urls
        self.metrics = RouterMetrics(enabled=metrics)
        self.fetcher = SubgraphFetcher(
            urls,
            timeout=timeout,
            subgraph_timeouts=subgraph_timeouts,
            breaker=breaker,
            deduplicate=deduplicate_subgraph_queries,
            # Answers their subgraph marks public (router.execution.response_cache).
            cache=ResponseCache(subgraph_cache_bytes) if subgraph_cache_bytes > 0 else None,
            metrics=self.metrics if metrics else None,
            names={graph: sub.name for graph, sub in self.supergraph.subgraphs.items()},
        )
        self.deduplicate_client_queries = deduplicate_client_queries
        self.in_flight: InFlight[dict[str, Any]] = InFlight()
        self.planner = Planner(self.supergraph)
        self.limits = limits or OperationLimits()
        # Demand control (router.cost): None means no budget.
        self.demand = DemandControl(
            self.supergraph, max_cost=max_cost, default_list_size=default_list_size
        )
        self._preparer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="agora-prepare")
        self._preparing: dict[str, asyncio.Future[PreparedDocument]] = {}
        self.introspection = introspection
        # Bounded in (estimated) bytes; a document above `max_cached_document_bytes` of text
        # is prepared for its request and never kept.
        entry = document_bytes("x" * max_cached_document_bytes)
        self._documents: SizedLRU[str, PreparedDocument] = SizedLRU(cache_bytes, entry)
        self._rejected: SizedLRU[str, list[dict[str, Any]]] = SizedLRU(cache_bytes // 8, entry)
        self._plans: SizedLRU[tuple[Any, ...], QueryPlan] = SizedLRU(cache_bytes, entry)

    async def aclose(self) -> None:
        await self.fetcher.aclose()
        self._preparer.shutdown(wait=False, cancel_futures=True)

    # -- preparation ------------------------------------------------------------------------
    def prepare(self, query: str) -> PreparedDocument:
        prepared = self._cached(query)
        if prepared is None:
            prepared = self._remember(query, self._checked_or_rejection(query))
        return prepared

    async def prepare_in_thread(self, query: str) -> PreparedDocument:
        """`prepare`, with a new document's parse and validation on the preparation thread:
        the event loop (other requests, /health) gets the interpreter at every switch interval
        instead of waiting out a large document. Caches are only touched on the loop.
        Identical new documents arriving together share one preparation."""
        prepared = self._cached(query)
        if prepared is not None:
            return prepared
        preparing = self._preparing.get(query)
        if preparing is None:
            preparing = asyncio.ensure_future(self._prepare_new(query))
            self._preparing[query] = preparing
            preparing.add_done_callback(lambda done: self._prepared(query, done))
        # Shielded: a caller that goes away does not cancel what the others wait for.
        return await asyncio.shield(preparing)

    async def _prepare_new(self, query: str) -> PreparedDocument:
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self._preparer, self._checked_or_rejection, query)
        return self._remember(query, outcome)

    def _prepared(self, query: str, done: asyncio.Future[PreparedDocument]) -> None:
        self._preparing.pop(query, None)
        if not done.cancelled():
            done.exception()  # retrieved: every waiter may have gone away

    def _cached(self, query: str) -> PreparedDocument | None:
        prepared = self._documents.get(query)
        self.metrics.cache("document", prepared is not None)
        if prepared is None:
            rejected = self._rejected.get(query)
            if rejected is not None:
                raise RequestError([dict(e) for e in rejected])
        return prepared

    def _checked_or_rejection(self, query: str) -> DocumentNode | RequestError:
        try:
            return self._checked(query)
        except RequestError as rejection:
            return rejection

    def _remember(self, query: str, outcome: DocumentNode | RequestError) -> PreparedDocument:
        if isinstance(outcome, RequestError):
            self._rejected.put(query, outcome.errors, document_bytes(query))
            raise outcome
        fragments = {
            d.name.value: d for d in outcome.definitions if isinstance(d, FragmentDefinitionNode)
        }
        conditions, defers = _condition_variables(outcome)
        prepared = PreparedDocument(outcome, fragments, conditions, defers=defers)
        self._documents.put(query, prepared, document_bytes(query))
        return prepared

    def _checked(self, query: str) -> DocumentNode:
        """Parse, check the limits, validate against the API schema: cheapest refusal first."""
        document = parse_within(query, self.limits)
        check_shape(document, self.limits)
        errors = validate_within(self.schema, document, self.limits)
        if errors:
            raise validation_errors(errors)
        if not self.introspection:
            refuse_introspection(document)
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
                raise RequestError.of(message, Code.OPERATION_RESOLUTION_FAILURE)
            prepared.operations[name] = operation
        return operation

    def coerce_variables(
        self, operation: OperationDefinitionNode, raw: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        coerced = get_variable_values(
            self.schema, operation.variable_definitions or (), dict(raw or {})
        )
        if isinstance(coerced, list):
            raise RequestError([error(e, Code.BAD_USER_INPUT) for e in coerced])
        values: Any = getattr(coerced, "coerced", coerced)  # graphql-core 3.3 wraps the values
        return dict(values)

    def prepare_operation(
        self,
        document: PreparedDocument,
        operation: OperationDefinitionNode,
        operation_name: str | None,
        query: str,
        variables: Mapping[str, Any] | None,
        *,
        defer: bool = False,
        report_cost: bool = False,
    ) -> PreparedOperation:
        """Coerce the variables, admit the cost, plan (cached): the request's operation, ready
        to run. Raises RequestError for bad variables, a cost over the budget or a plan that
        cannot be made; nothing is fetched before this succeeds."""
        coerced = self.coerce_variables(operation, variables)
        # Over the budget: refused before anything is planned or fetched.
        estimated = self.demand.admit(operation, document.fragments, coerced, report_cost)
        plan = self.plan(document, query, operation, coerced, defer)
        raw = dict(variables or {})
        return PreparedOperation(
            query, operation_name, document, operation, raw, coerced, estimated, plan
        )

    def plan(
        self,
        prepared: PreparedDocument,
        query: str,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
        defer: bool = False,
    ) -> QueryPlan:
        """With `defer`, deferred fragments become later parts of the plan."""
        name = operation.name.value if operation.name else None
        conditions = tuple(bool(variables.get(n)) for n in prepared.condition_variables)
        cache_key: tuple[Any, ...] = (query, name, conditions)
        if defer:
            cache_key += ("defer",)
        plan = self._plans.get(cache_key)
        self.metrics.cache("plan", plan is not None)
        if plan is None:
            try:
                plan = self.planner.plan(operation, prepared.fragments, variables, defer)
            except PlanningError as planning_error:
                raise RequestError.of(
                    str(planning_error), Code.QUERY_PLANNING_FAILED, status=200
                ) from planning_error
            self._plans.put(cache_key, plan, document_bytes(query))
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
        report_cost: bool = False,
        report_plan: bool = False,
        about: dict[str, str | None] | None = None,
    ) -> dict[str, Any]:
        """`about`, when given, receives the operation's name once known (for metrics).
        Deferred fragments are not deferred here: one response holds everything."""
        response = await self.execute_incremental(
            query,
            operation_name=operation_name,
            variables=variables,
            headers=headers,
            allow_mutations=allow_mutations,
            report_cost=report_cost,
            report_plan=report_plan,
            about=about,
            incremental=False,
        )
        assert isinstance(response, dict)  # nothing is deferred without incremental delivery
        return response

    async def execute_incremental(
        self,
        query: str,
        *,
        operation_name: str | None = None,
        variables: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        allow_mutations: bool = True,
        report_cost: bool = False,
        report_plan: bool = False,
        about: dict[str, str | None] | None = None,
        incremental: bool = True,
    ) -> dict[str, Any] | IncrementalResponse:
        """`execute` for a client that may take incremental delivery (`incremental`): an
        operation with fragments it defers gets an `IncrementalResponse`; any other, the same
        response as `execute`."""
        prepared = await self._admit(
            query, operation_name, variables, allow_mutations, about, incremental, report_cost
        )
        if not prepared.plan.defer:
            return await self._execute(prepared, headers or {}, report_cost, report_plan)
        plan = prepared.plan
        execution = PlanExecution(
            self.supergraph, self.fetcher, plan, prepared.variables, headers or {}
        )
        await execution.run()
        response = self.respond(prepared, execution)
        if report_cost:  # of the initial response
            response = self._with_cost(response, prepared)
        if report_plan:  # the whole plan, deferred parts included, with the initial response
            response = with_plan(response, plan)
        if not plan.deferred:  # every @defer(if: false)
            return response
        return IncrementalResponse(self.schema, execution, prepared.coerced, response)

    async def _admit(
        self,
        query: str,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
        allow_mutations: bool,
        about: dict[str, str | None] | None,
        incremental: bool,
        report_cost: bool,
    ) -> PreparedOperation:
        document = await self.prepare_in_thread(query)
        operation = self.operation(document, operation_name)
        if about is not None:
            about["operation"] = operation.name.value if operation.name else None
        kind = operation.operation.value
        if about is not None:
            about["operation_type"] = kind
        if kind == "mutation" and not allow_mutations:
            raise RequestError.of("Mutations are not allowed over GET.", Code.BAD_REQUEST, 405)
        if kind == "subscription":
            message = "Subscriptions are served over WebSocket (graphql-transport-ws) or SSE."
            raise RequestError.of(message, Code.BAD_REQUEST)
        # Deferred fragments are planned as such only for a client that takes them apart.
        defer = incremental and document.defers
        return self.prepare_operation(
            document,
            operation,
            operation_name,
            query,
            variables,
            defer=defer,
            report_cost=report_cost,
        )

    async def _execute(
        self,
        prepared: PreparedOperation,
        headers: Mapping[str, str],
        report_cost: bool,
        report_plan: bool,
    ) -> dict[str, Any]:
        async def run() -> dict[str, Any]:
            execution = PlanExecution(
                self.supergraph, self.fetcher, prepared.plan, prepared.variables, headers
            )
            await execution.run()
            return self.respond(prepared, execution)

        if self.deduplicate_client_queries and prepared.kind == "query":
            # Identical queries in flight (same text, operation, variables and forwarded
            # headers, so the same identity) share one execution and one response.
            values = orjson.dumps(prepared.variables, option=orjson.OPT_SORT_KEYS)
            key = (prepared.query, prepared.operation_name, values, headers_key(headers))
            response = await self.in_flight.share(key, run)
        else:
            response = await run()
        if report_cost:  # `extensions.cost`, on a copy: a shared response stays as it is
            response = self._with_cost(response, prepared)
        if report_plan:  # `extensions.queryPlan` (router.query_plans), on a copy too
            response = with_plan(response, prepared.plan)
        return response

    def _with_cost(self, response: dict[str, Any], prepared: PreparedOperation) -> dict[str, Any]:
        return self.demand.reported(
            response,
            prepared.estimated_cost,
            prepared.operation,
            prepared.fragments,
            prepared.coerced,
        )

    def respond(self, prepared: PreparedOperation, execution: PlanExecution) -> dict[str, Any]:
        """The client's response from an executed plan (a query's, or one subscription event's)."""
        plan = prepared.plan
        introspection = self._introspect(prepared) if plan.introspection else None
        root_type = self.schema.get_root_type(prepared.operation.operation)
        assert root_type is not None
        # Shape with the plan's own document nodes: its shape cache is keyed by their ids.
        selection_set = plan.operation.selection_set
        shaper = Shaper(self.schema, plan.fragments, prepared.coerced, plan.shape_cache, plan.defer)
        data = shaper.shape_root(root_type, selection_set, execution.data, introspection)
        errors = execution.errors
        for each in errors:
            path = each.get("path")
            if isinstance(path, list) and path:
                each["path"] = shaper.response_path(root_type, selection_set, execution.data, path)
        if not errors and shaper.null_errors:
            errors = shaper.null_errors[:1]
        response: dict[str, Any] = {}
        if errors:
            response["errors"] = errors
        response["data"] = data
        return response

    def _introspect(self, prepared: PreparedOperation) -> dict[str, Any] | None:
        """`__schema` / `__type` are answered from the API schema by the router itself."""
        operation = prepared.operation
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
        if prepared.document.defers:  # introspection comes whole in the (initial) response
            document = visit(document, _WithoutDefer())
        result = execute_sync(self.schema, document, variable_values=dict(prepared.variables))
        return result.data


__all__ = ["Gateway", "RequestError"]
