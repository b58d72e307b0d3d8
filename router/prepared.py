"""What the request pipeline knows about a request once it is prepared.

A `PreparedDocument` is the parsed and validated text, cached and shared by every request
that sends it. A `PreparedOperation` is one request's operation ready to run: the document,
the operation the request names, its variables as sent (what subgraphs receive) and as coerced
(what planning, shaping and cost use), the cost estimate and the plan. The HTTP path
(`Gateway.execute*`) and subscriptions (`Subscription.prepare`) both make one with
`Gateway.prepare_operation` and hand it on whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, FragmentDefinitionNode, OperationDefinitionNode

from router.planning.plan import QueryPlan


@dataclass
class PreparedDocument:
    document: DocumentNode
    fragments: dict[str, FragmentDefinitionNode]
    condition_variables: tuple[str, ...]
    operations: dict[str | None, OperationDefinitionNode] = field(default_factory=dict)
    defers: bool = False  # uses @defer: may be delivered incrementally


@dataclass(frozen=True, slots=True)
class PreparedOperation:
    query: str  # the document's text, as sent
    operation_name: str | None  # as sent
    document: PreparedDocument
    operation: OperationDefinitionNode
    variables: dict[str, Any]  # as the client sent them: what subgraphs receive
    coerced: dict[str, Any]
    estimated_cost: int | None  # None when no budget applies and none was asked for
    plan: QueryPlan

    @property
    def fragments(self) -> dict[str, FragmentDefinitionNode]:
        return self.document.fragments

    @property
    def kind(self) -> str:
        """query, mutation or subscription."""
        return self.operation.operation.value
