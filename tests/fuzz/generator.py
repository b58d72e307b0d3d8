"""Random operations over a GraphQL schema, for differential fuzzing of the router.

Valid by construction and checked with graphql-core's validation: depth-bounded selections,
aliases (including one field twice under two aliases), inline and named fragments,
`__typename`, variables, `@skip`/`@include`, and argument values drawn from seeded data (ids,
slugs, search words, cursors). A few operations are made invalid on purpose.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
    parse,
    validate,
)

MAX_DEPTH = 5
MAX_ATTEMPTS = 50


class Unfillable(Exception):
    """An argument this generator has no value for: the field is left out."""


@dataclass
class Operation:
    query: str
    variables: dict[str, Any]
    valid: bool = True


@dataclass
class _Build:
    """What one operation accumulates while it is generated."""

    variables: dict[str, Any] = field(default_factory=dict)
    definitions: list[str] = field(default_factory=list)
    fragments: dict[str, str] = field(default_factory=dict)
    aliases: int = 0

    def alias(self) -> str:
        self.aliases += 1
        return f"a{self.aliases}"


class OperationGenerator:
    def __init__(
        self,
        schema: GraphQLSchema,
        values: Mapping[str, Sequence[Any]],
        seed: int,
        *,
        max_depth: int = MAX_DEPTH,
        invalid_share: float = 0.03,
        skip_fields: frozenset[str] = frozenset(),
    ) -> None:
        self.schema = schema
        self.values: dict[str, list[Any]] = {k: list(v) for k, v in values.items()}
        self.rng = random.Random(seed)
        self.max_depth = max_depth
        self.invalid_share = invalid_share
        self.skip_fields = skip_fields  # fields whose value changes on every read

    def operation(self) -> Operation:
        for _ in range(MAX_ATTEMPTS):
            operation = self._attempt()
            if operation is not None:
                if self.rng.random() < self.invalid_share:
                    return self._broken(operation)
                return operation
        raise RuntimeError("no valid operation after many attempts")

    def learn_cursors(self, data: Any, limit: int = 20) -> None:
        """Keep cursors seen in answers: later operations page with real ones (`after`)."""
        found = self.values.setdefault("after", [])
        stack = [data]
        while stack and len(found) < limit:
            value = stack.pop()
            if isinstance(value, dict):
                for key, item in value.items():
                    if key in ("cursor", "endCursor") and isinstance(item, str):
                        if item not in found:
                            found.append(item)
                    else:
                        stack.append(item)
            elif isinstance(value, list):
                stack.extend(value)

    # -- whole operations -------------------------------------------------------------------
    def _attempt(self) -> Operation | None:
        build = _Build()
        query_type = self.schema.query_type
        assert query_type is not None
        body = self._selection(query_type, build, depth=1, count=self.rng.randint(1, 3))
        if not body:
            return None
        head = "query"
        if build.definitions:
            head += "(" + ", ".join(build.definitions) + ")"
        text = head + " " + body + "".join(f"\n{f}" for f in build.fragments.values())
        if validate(self.schema, parse(text)):
            return None  # a combination this generator got wrong: try another
        return Operation(text, build.variables)

    def _broken(self, operation: Operation) -> Operation:
        mistake = self.rng.choice(("unknown field", "unclosed", "bad variable"))
        if mistake == "unknown field":
            text = operation.query.replace("{", "{ noSuchFieldAnywhere ", 1)
            return Operation(text, operation.variables, valid=False)
        if mistake == "unclosed":
            return Operation(operation.query.rstrip().rstrip("}"), operation.variables, False)
        return Operation("query($n: Int!) { __typename }", {"n": "not a number"}, valid=False)

    # -- selections -------------------------------------------------------------------------
    def _selection(
        self, type_: GraphQLNamedType, build: _Build, depth: int, count: int | None = None
    ) -> str:
        parts: list[str] = []
        if isinstance(type_, GraphQLUnionType):
            parts.append("__typename")
            for member in self.rng.sample(type_.types, k=min(len(type_.types), 2)):
                inner = self._selection(member, build, depth)
                if inner:
                    parts.append(f"... on {member.name} {inner}")
            return "{ " + " ".join(parts) + " }"
        assert isinstance(type_, GraphQLObjectType | GraphQLInterfaceType)
        fields = [(n, f) for n, f in type_.fields.items() if n not in self.skip_fields]
        if depth >= self.max_depth:
            fields = [(n, f) for n, f in fields if is_leaf_type(get_named_type(f.type))]
        wanted = count or self.rng.randint(1, 4)
        used: set[str] = set()
        for name, definition in self.rng.sample(fields, k=min(len(fields), wanted)):
            made = self._field(name, definition, build, depth)
            if made is None:
                continue
            head, selection = made
            key = head.split("(")[0].split(":")[0]
            if key in used:
                continue
            used.add(key)
            parts.append(f"{head}{self._directive(build)}{selection}")
            if self.rng.random() < 0.15:  # the same field again, under an alias
                again = self._field(name, definition, build, depth, alias=build.alias())
                if again is not None:
                    parts.append("".join(again))
        if self.rng.random() < 0.2 or not parts:
            parts.append("__typename")
        if isinstance(type_, GraphQLInterfaceType) and self.rng.random() < 0.5:
            for impl in self.schema.get_implementations(type_).objects[:2]:
                inner = self._selection(impl, build, depth)
                parts.append(f"... on {impl.name} {inner}")
        if self.rng.random() < 0.1 and depth < self.max_depth:
            parts.append(self._named_fragment(type_, build, depth))
        elif self.rng.random() < 0.1:
            parts.append("... { __typename }")
        return "{ " + " ".join(parts) + " }"

    def _named_fragment(
        self, type_: GraphQLObjectType | GraphQLInterfaceType, build: _Build, depth: int
    ) -> str:
        name = f"F{len(build.fragments) + 1}"
        inner = self._selection(type_, build, depth)
        build.fragments[name] = f"fragment {name} on {type_.name} {inner}"
        return f"...{name}"

    def _field(
        self,
        name: str,
        definition: GraphQLField,
        build: _Build,
        depth: int,
        alias: str | None = None,
    ) -> tuple[str, str] | None:
        """(alias, name and arguments; the selection set, or "" for a leaf)."""
        try:
            arguments = self._arguments(name, definition.args, build)
        except Unfillable:
            return None
        if alias is None and self.rng.random() < 0.2:
            alias = build.alias()
        head = (f"{alias}: " if alias else "") + name + arguments
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            return head, ""
        if depth >= self.max_depth:
            return None
        return head, " " + self._selection(named, build, depth + 1)

    def _directive(self, build: _Build) -> str:
        roll = self.rng.random()
        if roll < 0.05:
            return f" @skip(if: {'true' if self.rng.random() < 0.5 else 'false'})"
        if roll < 0.1:
            variable = f"v{len(build.variables) + 1}"
            build.variables[variable] = self.rng.random() < 0.5
            build.definitions.append(f"${variable}: Boolean!")
            return f" @include(if: ${variable})"
        return ""

    # -- argument values --------------------------------------------------------------------
    def _arguments(
        self, field_name: str, arguments: Mapping[str, GraphQLArgument], build: _Build
    ) -> str:
        parts: list[str] = []
        for name, argument in arguments.items():
            required = isinstance(argument.type, GraphQLNonNull) and argument.default_value is None
            if not required and self.rng.random() > 0.3:
                continue
            try:
                value = self._value(name, argument.type, field_name)
            except Unfillable:
                if required:
                    raise
                continue
            if self.rng.random() < 0.25:
                variable = f"v{len(build.variables) + 1}"
                build.variables[variable] = value
                build.definitions.append(f"${variable}: {argument.type}")
                parts.append(f"{name}: ${variable}")
            else:
                parts.append(f"{name}: {_literal(value, argument.type)}")
        return "(" + ", ".join(parts) + ")" if parts else ""

    def _value(self, name: str, type_: GraphQLInputType, field_name: str = "") -> Any:
        """A value for argument `name`: seeded values for `field.argument` or `argument`
        first (real ids, slugs, cursors), else one made up for the type."""
        if isinstance(type_, GraphQLNonNull):
            return self._value(name, type_.of_type, field_name)
        if isinstance(type_, GraphQLList):
            return [self._value(name, type_.of_type, field_name)]
        pool = self.values.get(f"{field_name}.{name}") or self.values.get(name)
        if pool:
            return self.rng.choice(list(pool))
        if name in ("first", "last"):
            return self.rng.randint(1, 3)
        if isinstance(type_, GraphQLEnumType):
            return self.rng.choice(list(type_.values))
        if isinstance(type_, GraphQLInputObjectType):
            return {
                key: self._value(key, field_type.type)
                for key, field_type in type_.fields.items()
                if isinstance(field_type.type, GraphQLNonNull) or self.rng.random() < 0.3
            }
        if type_ is GraphQLBoolean:
            return self.rng.random() < 0.5
        if type_ in (GraphQLInt, GraphQLFloat):
            return self.rng.randint(0, 3)
        if type_ is GraphQLID:
            raise Unfillable(name)
        if type_ is GraphQLString:
            return self.rng.choice(("a", "map"))
        raise Unfillable(name)  # custom scalars need seeded values


def _literal(value: Any, type_: Any) -> str:
    """GraphQL literal text of a Python value for an input type."""
    named = get_named_type(type_)
    if isinstance(value, list):
        item = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        inner = item.of_type if isinstance(item, GraphQLList) else item
        return "[" + ", ".join(_literal(v, inner) for v in value) + "]"
    if isinstance(value, dict):
        assert isinstance(named, GraphQLInputObjectType)
        fields = ", ".join(f"{k}: {_literal(v, named.fields[k].type)}" for k, v in value.items())
        return "{" + fields + "}"
    if isinstance(named, GraphQLEnumType):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
