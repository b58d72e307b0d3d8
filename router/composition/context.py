"""State shared by the merge steps: the subgraphs, what their directives mean, the result."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from graphql import EnumValueNode, IntValueNode, ListValueNode, ValueNode

from router.composition.facts import SubgraphFacts
from router.composition.links import DEMAND_DIRECTIVES
from router.composition.model import AppliedDirective, DirectiveDefinition, TypeDef
from router.composition.subgraph import Subgraph
from router.composition.values import boolean, enum, python_value, string

T = TypeVar("T")
Sources = list[T | None]  # one entry per subgraph, in subgraph order; None where absent

# Directive applications that reach the supergraph besides join__ ones.
BUILTIN_MERGED = ("deprecated", "specifiedBy")
REPEATABLE_MERGED = frozenset({"tag"})


def graph_enum_name(subgraph_name: str) -> str:
    """The `join__Graph` value of a subgraph, as Apollo sanitises it: `users` -> `USERS`."""
    name = re.sub(r"\W", "_", subgraph_name)
    if re.match(r"^\d", name):
        name = "_" + name
    if re.search(r"_\d+$", name):
        name += "_"
    return name.upper()


@dataclass
class ComposedDirective:
    """A custom directive kept in the supergraph because a subgraph used @composeDirective."""

    definition: DirectiveDefinition
    link_url: str
    link_import: str  # as printed in the supergraph @link(import:)


@dataclass
class MergeContext:
    subgraphs: list[Subgraph]
    facts: list[SubgraphFacts]
    graph_names: list[str]  # join__Graph value per subgraph
    types: dict[str, TypeDef] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    composed: dict[str, ComposedDirective] = field(default_factory=dict)
    # enum name -> positions it is used in ("input", "output")
    enum_usage: dict[str, set[Literal["input", "output"]]] = field(default_factory=dict)
    uses_tag: bool = False
    uses_inaccessible: bool = False
    # Demand control directives applied in some subgraph: canonical name -> supergraph name.
    demand: dict[str, str] = field(default_factory=dict)

    def error(self, subgraph_indexes: list[int], where: str, message: str) -> None:
        names = ", ".join(self.subgraphs[i].name for i in sorted(set(subgraph_indexes)))
        self.errors.append(f"[{names}] {where}: {message}")

    def graph(self, index: int) -> EnumValueNode:
        return enum(self.graph_names[index])

    def merged_directive_names(self) -> set[str]:
        return {"tag", "inaccessible", *BUILTIN_MERGED, *self.composed, *self.demand}

    def is_demand(self, index: int, name: str) -> bool:
        """Whether `@name` in subgraph `index` is federation's demand control directive (and
        not one of the subgraph's own that happens to share its name)."""
        return name in self.demand and name in self.subgraphs[index].demand_names

    def is_repeatable(self, name: str) -> bool:
        composed = self.composed.get(name)
        return composed.definition.repeatable if composed else name in REPEATABLE_MERGED

    def merge_applied(
        self,
        sources: list[list[AppliedDirective] | None],
        only: str | None = None,
        skip: str | None = None,
    ) -> list[AppliedDirective]:
        """Merge the applications of merged directives found on one element across subgraphs.

        Repeatable ones: every distinct application; the others: the most common application."""
        wanted = self.merged_directive_names()
        order: list[str] = []
        for directives in sources:
            for directive in directives or ():
                if directive.name in wanted and directive.name not in order:
                    order.append(directive.name)
        result: list[AppliedDirective] = []
        for name in order:
            if (only is not None and name != only) or name == skip:
                continue
            if name in DEMAND_DIRECTIVES:
                demand = [
                    d
                    for index, directives in enumerate(sources)
                    if self.is_demand(index, name)
                    for d in directives or ()
                    if d.name == name
                ]
                if demand:
                    result.append(AppliedDirective(self.demand[name], merge_demand(name, demand)))
                continue
            applications = [d for directives in sources for d in directives or () if d.name == name]
            if name == "tag":
                self.uses_tag = True
            if name == "inaccessible":
                self.uses_inaccessible = True
            if self.is_repeatable(name):
                seen: set[str] = set()
                for application in applications:
                    printed = application.printed()
                    if printed not in seen:
                        seen.add(printed)
                        result.append(AppliedDirective(name, dict(application.args)))
            else:
                counts = Counter(a.printed() for a in applications)
                best = max(counts.values())
                chosen = next(a for a in applications if counts[a.printed()] == best)
                result.append(AppliedDirective(name, dict(chosen.args)))
        return result


def merge_description(descriptions: list[str | None]) -> str | None:
    """The most common description, preferring any non-empty one over empty ones."""
    present = [d for d in descriptions if d is not None]
    if not present:
        return None
    non_empty = [d for d in present if d != ""]
    if not non_empty:
        return ""
    counts = Counter(non_empty)
    best = max(counts.values())
    return next(d for d in non_empty if counts[d] == best)


def merge_demand(name: str, applications: list[AppliedDirective]) -> dict[str, ValueNode]:
    """One `@cost` / `@listSize` from its applications in several subgraphs, with Apollo's
    argument strategies: the highest weight and assumed size (ignoring nulls), the union of
    slicing arguments and sized fields, and `requireOneSlicingArgument` only if all require it."""
    if len({a.printed() for a in applications}) == 1:
        return dict(applications[0].args)
    values = [{key: python_value(value) for key, value in a.args.items()} for a in applications]

    def numbers(key: str) -> list[int]:
        return [v for each in values if isinstance(v := each.get(key), int)]

    if name == "cost":
        weights = numbers("weight")
        return {"weight": IntValueNode(value=str(max(weights)))} if weights else {}
    merged: dict[str, ValueNode] = {}
    sizes = numbers("assumedSize")
    if sizes:
        merged["assumedSize"] = IntValueNode(value=str(max(sizes)))
    for key in ("slicingArguments", "sizedFields"):
        lists = [v for each in values if isinstance(v := each.get(key), list)]
        if lists:
            union = list(dict.fromkeys(str(item) for each in lists for item in each))
            merged[key] = ListValueNode(values=tuple(string(item) for item in union))
    required = [v.get("requireOneSlicingArgument", True) for v in values]
    merged["requireOneSlicingArgument"] = boolean(all(r is not False for r in required))
    return merged
