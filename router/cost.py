"""Demand control: what an operation will cost, estimated before anything is fetched, and what
it did cost, measured on its response.

The estimate follows Apollo's static estimation (the IBM GraphQL cost directive spec, as Apollo's
router and composition use it): a field returning an object, interface or union costs 1, a scalar
or enum 0, unless `@cost(weight:)` says otherwise on the field or its type; a list field costs
its size times (its own cost plus its selection's); arguments cost what `@cost` puts on them and
1 per input object given; a mutation adds 10. A list's size is, in this order:

1. the size its parent's `@listSize(sizedFields:)` gives it (a Relay connection's `edges` are
   sized by the connection field's `first`);
2. its own `@listSize`: the largest slicing argument given (literal, variable or the argument's
   default), else `assumedSize`;
3. the router's default list size (`AGORA_ROUTER_DEFAULT_LIST_SIZE`, 10).

Fragments are costed once per place they can size lists from (memoised), `@skip`/`@include` are
honoured, `__typename` and introspection cost nothing. Unlike Apollo, a missing slicing argument
under `requireOneSlicingArgument: true` is not an error: the list falls back to its assumed size.

The actual cost walks the response with the same weights: each object returned costs its weight,
each list its real length, and the mutation's 10 and the arguments count as in the estimate.

`@cost` and `@listSize` are read from the supergraph under the names its
`@link(url: "https://specs.apollo.dev/cost/v0.1")` gives them (router.composition puts them there
as Apollo's composition does); the API schema shows clients neither.
"""

from __future__ import annotations

import os
import weakref
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    BooleanValueNode,
    ConstDirectiveNode,
    DirectiveNode,
    FieldDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    InputValueDefinitionNode,
    IntValueNode,
    ListTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    SelectionSetNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    TypeNode,
    ValueNode,
    VariableNode,
)
from graphql.utilities import value_from_ast_untyped

from router.errors import Code, RequestError
from router.sdl import named_type
from router.supergraph import INPUT, Supergraph

MAX_COST_VARIABLE = "AGORA_ROUTER_MAX_COST"
LIST_SIZE_VARIABLE = "AGORA_ROUTER_DEFAULT_LIST_SIZE"
DEFAULT_LIST_SIZE = 10
# `agora router`'s budget (the library's is None: no limit). Measured: our clients' heaviest
# operation (tests/e2e: a feed page with comments and replies, first: 5 each) estimates 501;
# the federation audit's heaviest 4,220 (its schemas have no @listSize: every list counts 10);
# the fixture sets' fuzzed operations at most 3,461. The thread of threads (channels > posts >
# comments > replies, first: 100 each) estimates 203,030,301.
DEFAULT_MAX_COST = 10_000
MUTATION_COST = 10  # Apollo's base cost of a mutation (queries and subscriptions: 0)
COST_SPEC_URL = "https://specs.apollo.dev/cost/v0.1"
NO_LIMIT = ("", "0", "none", "off", "false")


def max_cost_from_env(environ: Mapping[str, str] = os.environ) -> int | None:
    """`AGORA_ROUTER_MAX_COST`: the budget; unset means DEFAULT_MAX_COST, `0`/`off` no limit."""
    raw = environ.get(MAX_COST_VARIABLE)
    if raw is None:
        return DEFAULT_MAX_COST
    if raw.strip().lower() in NO_LIMIT:
        return None
    return int(raw)


def default_list_size_from_env(environ: Mapping[str, str] = os.environ) -> int:
    return int(environ.get(LIST_SIZE_VARIABLE) or DEFAULT_LIST_SIZE)


# -- what the supergraph says ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ListSize:
    """One field's `@listSize`."""

    assumed: int | None
    slicing: tuple[tuple[str, ...], ...]  # each slicing argument as a path (`input.first`)
    sized: frozenset[str]
    defaults: tuple[tuple[str, int], ...]  # numeric defaults of slicing arguments


@dataclass(slots=True)
class InputCost:
    """An argument or input object field."""

    type_name: str
    is_input_object: bool
    weight: int | None  # its @cost, else its scalar's or enum's @cost


@dataclass(slots=True)
class FieldCost:
    type_name: str
    weight: int  # @cost of the field, else of its type, else 1 for composite types, 0 for leaves
    leaf_weight: int  # what a null or a scalar value of it costs: its or its type's @cost, or 0
    is_list: bool
    list_size: ListSize | None
    arguments: dict[str, InputCost]
    costly_arguments: bool  # whether any argument can cost something


def _is_list(type_node: TypeNode) -> bool:
    if isinstance(type_node, NonNullTypeNode):
        type_node = type_node.type
    return isinstance(type_node, ListTypeNode)


def _const(value: ValueNode | None) -> Any:
    return None if value is None else value_from_ast_untyped(value)


def _weight(value: Any) -> int | None:
    """`@cost(weight:)`: an Int (an older spec draft wrote it as a String)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str | float):
        try:
            return int(float(value))
        except ValueError:
            return None
    return None


def _demand_names(
    definitions: Sequence[SchemaDefinitionNode | SchemaExtensionNode],
) -> tuple[str, str]:
    """The supergraph's names for `@cost` and `@listSize`, from its cost spec `@link`."""
    for definition in definitions:
        for directive in definition.directives or ():
            if directive.name.value != "link":
                continue
            args = {a.name.value: _const(a.value) for a in directive.arguments or ()}
            url = str(args.get("url") or "").rstrip("/")
            if url != COST_SPEC_URL:
                continue
            prefix = str(args.get("as") or "cost")
            names = {"cost": prefix, "listSize": f"{prefix}__listSize"}
            imports = args.get("import")
            for item in imports if isinstance(imports, list) else ():
                if isinstance(item, str):
                    original = local = item
                elif isinstance(item, dict) and isinstance(item.get("name"), str):
                    original = item["name"]
                    local = str(item.get("as") or original)
                else:
                    continue
                if original.lstrip("@") in names:
                    names[original.lstrip("@")] = local.lstrip("@")
            return names["cost"], names["listSize"]
    return "cost", "listSize"  # no link: a supergraph that names them plainly


class CostModel:
    """The cost facts of one supergraph, read once; estimates and measures operations on it."""

    def __init__(self, supergraph: Supergraph, default_list_size: int = DEFAULT_LIST_SIZE) -> None:
        self.supergraph = supergraph
        self.default_list_size = default_list_size
        self.roots = dict(supergraph.root_types)
        definitions = supergraph.document.definitions
        self.cost_name, self.list_size_name = _demand_names(
            [d for d in definitions if isinstance(d, SchemaDefinitionNode | SchemaExtensionNode)]
        )
        # Types first (fields and arguments fall back on their type's weight), then inputs.
        self.type_weights: dict[str, int] = {}
        types = [d for d in definitions if isinstance(d, TypeDefinitionNode | TypeExtensionNode)]
        for definition in types:
            weight = self._cost(definition.directives)
            if weight is not None:
                self.type_weights[definition.name.value] = weight
        self.inputs: dict[tuple[str, str], InputCost] = {}
        self.fields: dict[tuple[str, str], FieldCost] = {}
        for definition in types:
            name = definition.name.value
            for node in getattr(definition, "fields", None) or ():
                if isinstance(node, InputValueDefinitionNode):
                    self.inputs[(name, node.name.value)] = self._input(node)
                elif isinstance(node, FieldDefinitionNode):
                    self.fields[(name, node.name.value)] = self._field(node)
        # id(operation) -> (the operation, estimates by variable values): see `estimate`.
        self._estimates: OrderedDict[int, tuple[weakref.ref[Any], dict[bytes, int]]]
        self._estimates = OrderedDict()

    # reading ---------------------------------------------------------------------------------
    def _directive(self, directives: Any, name: str) -> DirectiveNode | ConstDirectiveNode | None:
        for directive in directives or ():
            if directive.name.value == name:
                return directive
        return None

    def _cost(self, directives: Any) -> int | None:
        directive = self._directive(directives, self.cost_name)
        if directive is None:
            return None
        for arg in directive.arguments or ():
            if arg.name.value == "weight":
                return _weight(_const(arg.value))
        return None

    def _input(self, node: InputValueDefinitionNode) -> InputCost:
        type_name = named_type(node.type)
        weight = self._cost(node.directives)
        if weight is None:
            weight = self.type_weights.get(type_name)
        return InputCost(type_name, self.supergraph.kind(type_name) == INPUT, weight)

    def _field(self, node: FieldDefinitionNode) -> FieldCost:
        type_name = named_type(node.type)
        explicit = self._cost(node.directives)
        if explicit is None:
            explicit = self.type_weights.get(type_name)
        composite = self.supergraph.is_composite(type_name)
        arguments = {arg.name.value: self._input(arg) for arg in node.arguments or ()}
        return FieldCost(
            type_name=type_name,
            weight=explicit if explicit is not None else (1 if composite else 0),
            leaf_weight=explicit or 0,
            is_list=_is_list(node.type),
            list_size=self._list_size(node),
            arguments=arguments,
            costly_arguments=any(a.is_input_object or a.weight for a in arguments.values()),
        )

    def _list_size(self, node: FieldDefinitionNode) -> ListSize | None:
        directive = self._directive(node.directives, self.list_size_name)
        if directive is None:
            return None
        args = {a.name.value: _const(a.value) for a in directive.arguments or ()}
        assumed = args.get("assumedSize")
        slicing = args.get("slicingArguments")
        sized = args.get("sizedFields")
        paths = (
            tuple(tuple(str(s).split(".")) for s in slicing) if isinstance(slicing, list) else ()
        )
        defaults = []
        for arg in node.arguments or ():
            if (arg.name.value,) in paths and isinstance(arg.default_value, IntValueNode):
                defaults.append((arg.name.value, int(arg.default_value.value)))
        return ListSize(
            assumed=assumed if isinstance(assumed, int) and not isinstance(assumed, bool) else None,
            slicing=paths,
            sized=frozenset(str(s) for s in sized) if isinstance(sized, list) else frozenset(),
            defaults=tuple(defaults),
        )

    # estimating ------------------------------------------------------------------------------
    def estimate(
        self,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> int:
        """The operation's estimated cost with these (coerced) variable values. Remembered per
        operation node and variable values, so a cached document is costed once per values."""
        key = (
            orjson.dumps(variables, option=orjson.OPT_SORT_KEYS, default=str) if variables else b""
        )
        entry = self._estimates.get(id(operation))
        if entry is not None and entry[0]() is operation:
            self._estimates.move_to_end(id(operation))
            cost = entry[1].get(key)
            if cost is not None:
                return cost
        else:
            entry = (weakref.ref(operation), {})
            self._estimates[id(operation)] = entry
            while len(self._estimates) > 1024:
                self._estimates.popitem(last=False)
        cost = _Estimate(self, fragments, variables).operation(operation)
        if len(entry[1]) >= 16:
            entry[1].clear()
        entry[1][key] = cost
        return cost

    def actual(
        self,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        data: Any,
    ) -> int:
        """What the response's `data` cost, with the estimate's weights and real list lengths."""
        return _Actual(self, fragments, variables).operation(operation, data)


def _values_key(variables: Mapping[str, Any]) -> bytes:
    if not variables:
        return b""
    return orjson.dumps(variables, option=orjson.OPT_SORT_KEYS, default=str)


Sizing = tuple[int | None, frozenset[str]] | None  # (a parent list field's size, its sized fields)


def _included(directives: Any, variables: Mapping[str, Any]) -> bool:
    """`@skip(if:)` / `@include(if:)` on a selection, with literal or variable conditions."""
    for directive in directives:
        name = directive.name.value
        if name not in ("skip", "include"):
            continue
        condition: Any = None
        for arg in directive.arguments or ():
            if arg.name.value == "if":
                value = arg.value
                if isinstance(value, BooleanValueNode):
                    condition = value.value
                elif isinstance(value, VariableNode):
                    condition = variables.get(value.name.value)
        if name == "skip" and condition is True:
            return False
        if name == "include" and condition is False:
            return False
    return True


class _Walk:
    """What the estimate and the actual cost share: arguments and conditions."""

    def __init__(
        self,
        model: CostModel,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.model = model
        self.fragments = fragments
        self.variables = dict(variables)

    def base(self, operation: OperationDefinitionNode) -> tuple[int, str | None]:
        kind = operation.operation.value
        return (MUTATION_COST if kind == "mutation" else 0), self.model.roots.get(kind)

    def arguments(self, node: FieldNode, info: FieldCost) -> int:
        total = 0
        for arg in node.arguments or ():
            argument = info.arguments.get(arg.name.value)
            if argument is not None and (argument.is_input_object or argument.weight):
                total += self.input_value(
                    value_from_ast_untyped(arg.value, self.variables), argument
                )
        return total

    def input_value(self, value: Any, info: InputCost) -> int:
        if value is None:
            return 0
        if isinstance(value, list):
            return (info.weight or 0) + sum(self.input_value(item, info) for item in value)
        if info.is_input_object and isinstance(value, dict):
            total = info.weight if info.weight is not None else 1
            for name, item in value.items():
                field = self.model.inputs.get((info.type_name, name))
                if field is not None:
                    total += self.input_value(item, field)
            return total
        return info.weight or 0


class _Estimate(_Walk):
    def __init__(
        self,
        model: CostModel,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        super().__init__(model, fragments, variables)
        self.memo: dict[tuple[str, str, Sizing], int] = {}

    def operation(self, operation: OperationDefinitionNode) -> int:
        base, root = self.base(operation)
        if root is None:
            return base
        return base + self.selection_set(operation.selection_set, root, None)

    def selection_set(self, selection_set: SelectionSetNode, parent: str, sizing: Sizing) -> int:
        total = 0
        for selection in selection_set.selections:
            if selection.directives and not _included(selection.directives, self.variables):
                continue
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, sizing)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                within = condition.name.value if condition else parent
                total += self.selection_set(selection.selection_set, within, sizing)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.spread(selection.name.value, parent, sizing)
        return total

    def spread(self, name: str, parent: str, sizing: Sizing) -> int:
        key = (name, parent, sizing)
        cost = self.memo.get(key)
        if cost is None:
            self.memo[key] = 0  # in progress: a cycle (refused by validation) adds nothing
            fragment = self.fragments.get(name)
            cost = 0
            if fragment is not None:
                within = fragment.type_condition.name.value
                cost = self.selection_set(fragment.selection_set, within, sizing)
            self.memo[key] = cost
        return cost

    def field(self, node: FieldNode, parent: str, sizing: Sizing) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0  # __typename, and introspection (answered by the router itself)
        info = self.model.fields.get((parent, name))
        if info is None:
            return 0
        list_size = info.list_size
        expected = self.expected_size(list_size, node) if list_size is not None else None
        count = 1
        if info.is_list:
            upstream = sizing[0] if sizing is not None and name in sizing[1] else None
            if upstream is not None:
                count = upstream
            elif expected is not None:
                count = expected
            else:
                count = self.model.default_list_size
        cost = info.weight
        if node.selection_set is not None:
            below = (expected, list_size.sized) if list_size is not None else None
            cost += self.selection_set(node.selection_set, info.type_name, below)
        total = count * cost
        if info.costly_arguments and node.arguments:
            total += self.arguments(node, info)
        return total

    def expected_size(self, list_size: ListSize, node: FieldNode) -> int | None:
        """The largest slicing argument given (or defaulted), else the assumed size."""
        sizes = dict(list_size.defaults)
        given = {arg.name.value: arg.value for arg in node.arguments or ()}
        for path in list_size.slicing:
            value_node = given.get(path[0])
            if value_node is None:
                continue
            value: Any = value_from_ast_untyped(value_node, self.variables)
            for step in path[1:]:
                value = value.get(step) if isinstance(value, dict) else None
            if isinstance(value, int) and not isinstance(value, bool):
                sizes[".".join(path)] = value
        if sizes:
            return max(0, *sizes.values())
        return list_size.assumed


class _Actual(_Walk):
    def operation(self, operation: OperationDefinitionNode, data: Any) -> int:
        base, root = self.base(operation)
        if root is None or not isinstance(data, dict):
            return base
        return base + self.object([operation.selection_set], root, data)

    def object(
        self, selection_sets: list[SelectionSetNode], parent: str, value: dict[str, Any]
    ) -> int:
        typename = value.get("__typename")
        runtime = typename if isinstance(typename, str) else None
        fields: dict[str, list[tuple[str, FieldNode]]] = {}
        for selection_set in selection_sets:
            self.collect(selection_set, parent, runtime, fields)
        total = 0
        for key, nodes in fields.items():
            if key not in value:
                continue
            within, first = nodes[0]
            name = first.name.value
            if name.startswith("__"):
                continue
            info = self.model.fields.get((runtime or within, name)) or self.model.fields.get(
                (within, name)
            )
            if info is None:
                continue
            below = [n.selection_set for _, n in nodes if n.selection_set is not None]
            total += self.value(info, below, value[key])
            if info.costly_arguments and first.arguments:
                total += self.arguments(first, info)
        return total

    def value(self, info: FieldCost, below: list[SelectionSetNode], value: Any) -> int:
        if isinstance(value, list):
            return sum(self.value(info, below, item) for item in value)
        if isinstance(value, dict):
            return info.weight + self.object(below, info.type_name, value)
        return info.leaf_weight

    def collect(
        self,
        selection_set: SelectionSetNode,
        parent: str,
        runtime: str | None,
        fields: dict[str, list[tuple[str, FieldNode]]],
    ) -> None:
        """The fields the response object answers, by response key (fragments of types the
        object is not are left out when its `__typename` is known)."""
        for selection in selection_set.selections:
            if selection.directives and not _included(selection.directives, self.variables):
                continue
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                fields.setdefault(key, []).append((parent, selection))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                within = condition.name.value if condition else parent
                if self.applies(within, runtime):
                    self.collect(selection.selection_set, within, runtime, fields)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    within = fragment.type_condition.name.value
                    if self.applies(within, runtime):
                        self.collect(fragment.selection_set, within, runtime, fields)

    def applies(self, condition: str, runtime: str | None) -> bool:
        if runtime is None or condition == runtime:
            return True
        return runtime in self.model.supergraph.possible_types(condition)


# -- the gateway's hook -------------------------------------------------------------------------
class DemandControl:
    """The router's budget over one supergraph's cost model."""

    def __init__(
        self,
        supergraph: Supergraph,
        *,
        max_cost: int | None = None,
        default_list_size: int = DEFAULT_LIST_SIZE,
    ) -> None:
        self.model = CostModel(supergraph, default_list_size)
        self.max_cost = max_cost

    def admit(
        self,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        measure: bool = False,
    ) -> int | None:
        """The estimate (None when there is no budget and none was asked for); an operation
        over the budget is refused with COST_ESTIMATED_TOO_EXPENSIVE."""
        if self.max_cost is None and not measure:
            return None
        cost = self.model.estimate(operation, fragments, variables)
        if self.max_cost is not None and cost > self.max_cost:
            message = (
                f"Operation's estimated cost {cost} is above the router's limit of {self.max_cost}."
            )
            raise RequestError.of(
                message, Code.COST_ESTIMATED_TOO_EXPENSIVE, cost=cost, maxCost=self.max_cost
            )
        return cost

    def reported(
        self,
        response: dict[str, Any],
        estimated: int | None,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> dict[str, Any]:
        """A copy of `response` with `extensions.cost`: estimated, actual and the budget. The
        response itself may be shared by other requests (de-duplication) and is not changed."""
        if estimated is None:
            estimated = self.model.estimate(operation, fragments, variables)
        actual = self.model.actual(operation, fragments, variables, response.get("data"))
        cost = {"estimated": estimated, "actual": actual, "maxCost": self.max_cost}
        extensions = {**(response.get("extensions") or {}), "cost": cost}
        return {**response, "extensions": extensions}


__all__ = [
    "DEFAULT_LIST_SIZE",
    "DEFAULT_MAX_COST",
    "CostModel",
    "DemandControl",
    "default_list_size_from_env",
    "max_cost_from_env",
]
