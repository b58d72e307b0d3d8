"""`@override(from:, label:)`: which subgraph stops resolving a field, as the supergraph says.

The overridden subgraph keeps a `@join__field(usedOverridden: true)` when its own `@key`,
`@requires` or `@provides` still need the field, and disappears from the field's join__field
list otherwise; with a progressive-override label both sides carry `overrideLabel`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from router.composition.context import MergeContext, Sources
from router.composition.model import Field, TypeDef, first_directive, has_directive

_LABEL = re.compile(r"^[a-zA-Z][a-zA-Z0-9_\-:./]*$")
_PERCENT = re.compile(r"^percent\((\d{1,2}(\.\d{1,8})?|100)\)$")


@dataclass
class OverrideOutcome:
    used_overridden: set[int] = field(default_factory=set)
    unused_overridden: set[int] = field(default_factory=set)
    labels: dict[int, str] = field(default_factory=dict)

    def is_overridden(self, index: int) -> bool:
        return index in self.used_overridden or index in self.unused_overridden


def valid_label(label: str) -> bool:
    return bool(_LABEL.match(label) or _PERCENT.match(label))


def resolve_overrides(
    ctx: MergeContext, parent: TypeDef, sources: Sources[Field], parents: Sources[TypeDef]
) -> OverrideOutcome:
    outcome = OverrideOutcome()
    names = [s.name for s in ctx.subgraphs]
    where = f"{parent.name}.{next(f for f in sources if f is not None).name}"
    overriding = {
        index: directive
        for index, source in enumerate(sources)
        if source is not None and (directive := first_directive(source.directives, "override"))
    }
    for index, directive in overriding.items():
        origin = directive.string_arg("from") or ""
        parent_in_subgraph = parents[index]
        if parent_in_subgraph is not None and ctx.facts[index].is_interface_object(
            parent_in_subgraph
        ):
            ctx.error(
                [index], where, "@override is not supported on fields of an @interfaceObject type"
            )
            continue
        if origin == names[index]:
            continue  # reported by the subgraph checks
        if origin not in names:
            ctx.error(
                [index],
                where,
                f'@override(from: "{origin}") names an unknown subgraph '
                f"(known: {', '.join(names)})",
            )
            continue
        origin_index = names.index(origin)
        if origin_index in overriding:
            ctx.error(
                [index, origin_index],
                where,
                "is marked @override in both subgraphs; only one @override is allowed per field",
            )
            continue
        origin_field = sources[origin_index]
        if origin_field is None:
            continue  # nothing left to override: the directive is merely redundant
        for blocker in ("requires", "provides"):
            if has_directive(origin_field.directives, blocker):
                ctx.error(
                    [index],
                    where,
                    f'@override(from: "{origin}") is not allowed: '
                    f'the field has @{blocker} in "{origin}"',
                )
                break
        else:
            overriding_field = sources[index]
            assert overriding_field is not None
            if ctx.facts[index].is_external(parent.name, overriding_field):
                ctx.error([index], where, "@override cannot be used on an @external field")
                continue
            label = directive.string_arg("label")
            if not ctx.facts[origin_index].is_external(parent.name, origin_field):
                if ctx.facts[origin_index].is_used(parent.name, origin_field.name):
                    outcome.used_overridden.add(origin_index)
                else:
                    outcome.unused_overridden.add(origin_index)
            if label is not None:
                if valid_label(label):
                    outcome.labels[index] = label
                    outcome.labels[origin_index] = label
                else:
                    ctx.error(
                        [index],
                        where,
                        f'@override label "{label}" is invalid: '
                        "use a name (letters, digits, _-:./) "
                        'or "percent(x)" with 0 <= x <= 100',
                    )
    return outcome
