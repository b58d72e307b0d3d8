"""Read federation 1 subgraphs (no `@link` to the federation spec) as federation 2 would.

Federation 1 was lenient where federation 2 is strict, so Apollo's composition first rewrites a
federation 1 subgraph (internals-js `schemaUpgrader.ts`); the same rewrites happen here:
- `@external` on interfaces, on object types, and on the key fields of type extensions goes;
- `@provides` / `@requires` stop selecting non-external leaves (and go when nothing is left);
- `extend type` becomes a plain definition (only `@extends` still marks a type extension);
- `@key` on interfaces and `@provides` / `@requires` on interface fields go;
- unused `@external` fields go;
- fields several subgraphs resolve become `@shareable` (all of a value type's fields, or the
  non-key fields of entities and root types).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import FieldNode, InlineFragmentNode, SelectionSetNode

from router.composition.facts import SubgraphFacts
from router.composition.fieldsets import (
    compact,
    resolve_field_set,
    valid_field_set,
)
from router.composition.model import AppliedDirective, TypeDef, has_directive
from router.composition.subgraph import ROOT_NAMES, Subgraph
from router.composition.values import string
from router.sdl import named_type


def is_federation1(subgraph: Subgraph) -> bool:
    return subgraph.names.version is None


def _drop(directives: list[AppliedDirective], name: str) -> list[AppliedDirective]:
    return [d for d in directives if d.name != name]


def _is_type_extension(type_def: TypeDef) -> bool:
    extends = type_def.has_directive("extends")
    return (
        (type_def.has_extension or extends)
        and type_def.kind in ("object", "interface")
        and (extends or not type_def.has_definition)
    )


def _key_field_names(
    types: dict[str, TypeDef], type_def: TypeDef, key: AppliedDirective
) -> set[str]:
    """Top-level fields of `type_def` a key selects."""
    result = resolve_field_set(types, type_def.name, key.string_arg("fields") or "", False)
    return {t.field_name for t in result.targets if t.type_name == type_def.name}


def _remove_externals_on_extensions(subgraph: Subgraph, others: list[Subgraph]) -> None:
    types = subgraph.types
    for type_def in types.values():
        is_root_extension = type_def.name in ROOT_NAMES.values() and (
            type_def.has_directive("extends") or not type_def.has_definition
        )
        if not (_is_type_extension(type_def) or is_root_extension):
            continue
        keys = type_def.directives_named("key")
        names: set[str] = set()
        if keys:
            for key in keys:
                names |= _key_field_names(types, type_def, key)
        else:
            # No key here: fed1 took the fields of the owner's first key as not external.
            for other in others:
                owner = other.types.get(type_def.name)
                owner_keys = owner.directives_named("key") if owner else []
                if owner and owner_keys:
                    names |= _key_field_names(other.types, owner, owner_keys[0])
        for name in names:
            field = type_def.fields.get(name)
            if field is not None:
                field.directives = _drop(field.directives, "external")


def _external_or_external_implementations(
    types: dict[str, TypeDef], parent: str, name: str
) -> bool:
    type_def = types[parent]
    field = type_def.fields[name]
    if has_directive(field.directives, "external"):
        return True
    return type_def.kind == "interface" and any(
        has_directive(t.fields[name].directives, "external")
        for t in types.values()
        if parent in t.interfaces and name in t.fields
    )


def _external_part(
    types: dict[str, TypeDef], parent: str, selection_set: SelectionSetNode
) -> list[str]:
    """The selection without its non-external leaves, printed as a field set."""
    kept: list[str] = []
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition.name.value if selection.type_condition else parent
            inner = _external_part(types, condition, selection.selection_set)
            if inner:
                kept.append(f"... on {condition} {{ {' '.join(inner)} }}")
            continue
        if not isinstance(selection, FieldNode) or selection.name.value == "__typename":
            continue
        name = selection.name.value
        if _external_or_external_implementations(types, parent, name):
            kept.append(compact(SelectionSetNode(selections=(selection,))))
        elif selection.selection_set is not None:
            child = named_type(types[parent].fields[name].type)
            inner = _external_part(types, child, selection.selection_set)
            if inner:
                kept.append(f"{name} {{ {' '.join(inner)} }}")
    return kept


def _fix_inactive_provides_and_requires(subgraph: Subgraph) -> None:
    types = subgraph.types
    for type_def in types.values():
        if type_def.kind not in ("object", "interface"):
            continue
        for field in type_def.fields.values():
            updated: list[AppliedDirective] = []
            for directive in field.directives:
                if directive.name not in ("provides", "requires"):
                    updated.append(directive)
                    continue
                parent = named_type(field.type) if directive.name == "provides" else type_def.name
                text = directive.string_arg("fields") or ""
                selection = valid_field_set(text)
                if (
                    parent not in types
                    or selection is None
                    or resolve_field_set(types, parent, text).problems
                ):
                    updated.append(directive)  # invalid: validation will say so
                    continue
                kept = _external_part(types, parent, selection)
                if not kept:
                    continue  # selects nothing external: the directive does nothing
                printed = " ".join(kept)
                if printed != compact(selection):  # some non-external leaves were dropped
                    directive = AppliedDirective(directive.name, {"fields": string(printed)})
                updated.append(directive)
            field.directives = updated


def _remove_directives_on_interfaces(subgraph: Subgraph) -> None:
    for type_def in subgraph.types.values():
        if type_def.kind != "interface":
            continue
        type_def.directives = _drop(type_def.directives, "key")
        for field in type_def.fields.values():
            field.directives = [
                d for d in field.directives if d.name not in ("provides", "requires")
            ]


def _remove_provides_on_leaves(subgraph: Subgraph) -> None:
    for type_def in subgraph.types.values():
        for field in type_def.fields.values():
            target = subgraph.types.get(named_type(field.type))
            if target is None or target.kind not in ("object", "interface", "union"):
                field.directives = _drop(field.directives, "provides")


def _is_referenced(subgraph: Subgraph, name: str) -> bool:
    for type_def in subgraph.types.values():
        if name in type_def.members or name in type_def.interfaces:
            return True
        for field in type_def.fields.values():
            if named_type(field.type) == name:
                return True
    return False


def _remove_unused_externals(subgraph: Subgraph) -> list[str]:
    facts = SubgraphFacts(subgraph)
    errors = []
    for type_def in list(subgraph.types.values()):
        if type_def.kind not in ("object", "interface"):
            continue
        for field in list(type_def.fields.values()):
            if facts.is_external(type_def.name, field) and not facts.is_used(
                type_def.name, field.name
            ):
                del type_def.fields[field.name]
        if not type_def.fields and type_def.name not in ROOT_NAMES.values():
            if _is_referenced(subgraph, type_def.name):
                errors.append(
                    f"[{subgraph.name}] {type_def.name}: has only @external fields, none of which "
                    "any @key, @provides or @requires uses"
                )
            else:
                del subgraph.types[type_def.name]
    return errors


@dataclass
class _AsWritten:
    """What addShareable needs to know of a subgraph before any rewrite."""

    facts: SubgraphFacts  # its shareable set is computed once, from the schema as written
    type_names: set[str]
    resolved: set[str]  # Type.field coordinates resolved there (not fully @external)

    @classmethod
    def of(cls, subgraph: Subgraph) -> _AsWritten:
        facts = SubgraphFacts(subgraph)
        resolved = {
            f"{t.name}.{f.name}"
            for t in subgraph.types.values()
            for f in t.fields.values()
            if not facts.is_fully_external(t.name, f)
        }
        return cls(facts, set(subgraph.types), resolved)


def _add_shareable(subgraph: Subgraph, own: _AsWritten, others: list[_AsWritten]) -> None:
    for type_def in subgraph.types.values():
        if type_def.kind != "object" or type_def.name == "Subscription":
            continue
        elsewhere = [other for other in others if type_def.name in other.type_names]
        if type_def.directives_named("key") or type_def.name in ROOT_NAMES.values():
            for field in type_def.fields.values():
                if own.facts.is_shareable(type_def.name, field.name):
                    continue  # key fields (the only shareable ones in federation 1)
                here = f"{type_def.name}.{field.name}"
                resolved_elsewhere = any(here in other.resolved for other in elsewhere)
                if resolved_elsewhere and not has_directive(field.directives, "shareable"):
                    field.directives.append(AppliedDirective("shareable"))
        elif elsewhere and not type_def.has_directive("shareable"):
            type_def.directives.append(AppliedDirective("shareable"))


def upgrade_federation1(subgraphs: list[Subgraph]) -> list[str]:
    """Rewrite the federation 1 subgraphs in place; returns errors the rewrite runs into."""
    legacy = [s for s in subgraphs if is_federation1(s)]
    if not legacy:
        return []
    # Sharing is decided against every subgraph as it was written, as Apollo does.
    as_written = {id(s): _AsWritten.of(s) for s in subgraphs}
    errors: list[str] = []
    for subgraph in legacy:
        others = [s for s in subgraphs if s is not subgraph]
        for type_def in subgraph.types.values():
            if type_def.kind == "interface":
                for field in type_def.fields.values():
                    field.directives = _drop(field.directives, "external")
            if type_def.kind == "object":
                type_def.directives = _drop(type_def.directives, "external")
        _remove_externals_on_extensions(subgraph, others)
        _fix_inactive_provides_and_requires(subgraph)
        for type_def in subgraph.types.values():
            if _is_type_extension(type_def) or not type_def.has_definition:
                type_def.has_definition, type_def.has_extension = True, False
                for directive in type_def.directives:
                    directive.from_extension = False
                for field in type_def.fields.values():
                    field.from_extension = False
        _remove_directives_on_interfaces(subgraph)
        _remove_provides_on_leaves(subgraph)
        errors.extend(_remove_unused_externals(subgraph))
    for subgraph in legacy:
        written = [as_written[id(s)] for s in subgraphs if s is not subgraph]
        _add_shareable(subgraph, as_written[id(subgraph)], written)
    return errors
