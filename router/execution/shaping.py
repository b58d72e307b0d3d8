"""Shaping the merged data into the client's response.

Walks the client's selection over the data (kept under canonical keys), applies aliases,
`__typename`, fragments and null bubbling (a null in a non-null position makes the
nearest nullable parent null). Fields the router added for keys or `@requires` are not
selected by the client and so never reach the response.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from graphql import (
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
)

from router.planning.selection import TYPENAME, collect_fields, field_key, response_key

_BUBBLE = object()


_NON_NULL, _LIST, _LEAF, _ENUM, _OBJECT, _ABSTRACT = range(6)
TypePlan = tuple[Any, ...]


def _compile(type_: GraphQLOutputType) -> TypePlan:
    if isinstance(type_, GraphQLNonNull):
        return (_NON_NULL, _compile(type_.of_type))
    if isinstance(type_, GraphQLList):
        return (_LIST, _compile(type_.of_type))
    if isinstance(type_, GraphQLEnumType):
        return (_ENUM, frozenset(type_.values), type_.name)
    if is_leaf_type(type_):
        return (_LEAF,)
    if is_abstract_type(type_):
        return (_ABSTRACT, type_)
    return (_OBJECT, type_)


# How a field is completed, decided once: the common cases are handled inline.
_TYPENAME_FIELD, _NULLABLE_LEAF, _NON_NULL_LEAF, _OTHER = range(4)


class ShapedField(NamedTuple):
    response_key: str
    data_key: str
    type: GraphQLOutputType | None
    selections: tuple[SelectionSetNode, ...]
    plan: TypePlan | None  # None for __typename and introspection fields
    kind: int
    owner: str  # the object type the field was collected on (what __typename answers)
    # concrete object type name -> the fields selected below this field on that type
    children: dict[str, list[ShapedField]]


def _fast_kind(plan: TypePlan | None) -> int:
    if plan is None:
        return _TYPENAME_FIELD
    if plan[0] == _LEAF:
        return _NULLABLE_LEAF
    if plan[0] == _NON_NULL and plan[1][0] == _LEAF:
        return _NON_NULL_LEAF
    return _OTHER


_HASHED = re.compile(r"^(\w+?)_[0-9a-f]{8}$")


def _client_key(segment: Any) -> Any:
    """The client's name for a data key the selection could not place (e.g. below a null of
    another type): its alias, or its field name without the arguments' hash. Internal keys
    never reach a client."""
    if not isinstance(segment, str) or segment.startswith("__"):
        return segment
    alias, separator, _ = segment.partition("__")
    if separator:
        return alias
    hashed = _HASHED.match(segment)
    return hashed.group(1) if hashed else segment


class Shaper:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        cache: dict[Any, list[ShapedField]],
        defer: bool = False,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.cache = cache
        # Leave deferred fragments out: they are delivered in payloads of their own.
        self.defer = defer
        self.null_errors: list[dict[str, Any]] = []
        self._open_errors: list[dict[str, Any]] = []

    def shape_root(
        self,
        root_type: GraphQLObjectType,
        selection_set: SelectionSetNode,
        data: Mapping[str, Any],
        introspection: Mapping[str, Any] | None,
    ) -> dict[str, Any] | None:
        result: dict[str, Any] = {}
        for field in self._fields(root_type, (selection_set,)):
            if field.data_key == TYPENAME:
                result[field.response_key] = root_type.name
                continue
            if field.type is None:
                result[field.response_key] = (introspection or {}).get(field.response_key)
                continue
            assert field.plan is not None
            value = self._complete(data.get(field.data_key), field.plan, field)
            self._close_errors(field.response_key)
            if value is _BUBBLE:
                return None
            result[field.response_key] = value
        return result

    def shape_deferred(
        self,
        object_type: GraphQLObjectType,
        selection_set: SelectionSetNode,
        value: Mapping[str, Any],
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """A deferred fragment's fields of one object, and the errors of nulls in non-null
        positions (paths from the object). None when such a null reaches the fragment."""
        fields = self._fields(object_type, (selection_set,))
        mark = len(self._open_errors)
        result = self._complete_object(value, fields)
        errors = self._open_errors[mark:]
        del self._open_errors[mark:]
        return result, errors

    def applies(self, condition: str | None, object_type: GraphQLObjectType) -> bool:
        return self._applies(condition, object_type)

    def _close_errors(self, response_key: str) -> None:
        for error in self._open_errors:
            error["path"].insert(0, response_key)
        self.null_errors.extend(self._open_errors)
        self._open_errors.clear()

    def response_path(
        self,
        root_type: GraphQLObjectType,
        selection_set: SelectionSetNode,
        data: Mapping[str, Any],
        path: list[Any],
    ) -> list[Any]:
        """Translate a path in fetched data (canonical keys) to the client's response keys."""
        result: list[Any] = []
        named: Any = root_type
        selections: tuple[SelectionSetNode, ...] = (selection_set,)
        value: Any = data
        for index, segment in enumerate(path):
            if isinstance(segment, int):
                result.append(segment)
                in_range = isinstance(value, list) and 0 <= segment < len(value)
                value = value[segment] if in_range else None
                continue
            object_type = named
            if is_abstract_type(named):
                typename = value.get(TYPENAME) if isinstance(value, dict) else None
                object_type = self.schema.get_type(typename) if typename else None
            if not isinstance(object_type, GraphQLObjectType | GraphQLInterfaceType):
                return result + [_client_key(segment) for segment in path[index:]]
            field = next(
                (f for f in self._fields(object_type, selections) if f.data_key == segment), None
            )
            if field is None or field.type is None:
                return result + [_client_key(segment) for segment in path[index:]]
            result.append(field.response_key)
            value = value.get(segment) if isinstance(value, dict) else None
            named = get_named_type(field.type)
            selections = field.selections
        return result

    # -- completion ------------------------------------------------------------------------
    # Types are compiled once into small tuples (see `_compile`) so completing a value is
    # a dispatch on an int, and each field keeps the fields below it per concrete type, so
    # walking the data never collects fields again. Leaves, most of any response, are
    # completed inline. Paths are not built on the way down: an error's path is filled in
    # on the way back up, only when a null breaks a non-null field.
    def _complete(self, value: Any, plan: TypePlan, field: ShapedField) -> Any:
        kind = plan[0]
        if kind == _NON_NULL:
            result = self._complete(value, plan[1], field)
            if result is None:
                self._open_errors.append(
                    {"message": "Cannot return null for non-nullable field.", "path": []}
                )
                return _BUBBLE
            return result
        if value is None:
            return None
        if kind == _LEAF:
            return value
        if kind == _LIST:
            if not isinstance(value, list):
                return None
            items = []
            item_plan = plan[1]
            open_errors = self._open_errors
            for index, item in enumerate(value):
                mark = len(open_errors)
                completed = self._complete(item, item_plan, field)
                if len(open_errors) > mark:
                    for error in open_errors[mark:]:
                        error["path"].insert(0, index)
                if completed is _BUBBLE:
                    return None
                items.append(completed)
            return items
        if kind == _ENUM:
            if value in plan[1]:
                return value
            self._open_errors.append(
                {"message": f'Enum "{plan[2]}" cannot represent value: {value!r}', "path": []}
            )
            return None
        if not isinstance(value, dict):
            return None
        object_type: Any = plan[1]
        if kind == _ABSTRACT:
            typename = value.get(TYPENAME)
            runtime = self.schema.get_type(typename) if typename else None
            if isinstance(runtime, GraphQLObjectType):
                if not self.schema.is_sub_type(object_type, runtime):
                    return None
                object_type = runtime
            elif not isinstance(object_type, GraphQLInterfaceType) or (
                typename is not None and typename != object_type.name
            ):
                return None  # e.g. an @inaccessible type: clients cannot see it
            # else: an @interfaceObject answered without a concrete type; shape by the
            # interface's own fields.
        fields = field.children.get(object_type.name)
        if fields is None:
            fields = field.children[object_type.name] = self._fields(object_type, field.selections)
        return self._complete_object(value, fields)

    def _complete_object(self, value: Mapping[str, Any], fields: list[ShapedField]) -> Any:
        result: dict[str, Any] = {}
        open_errors = self._open_errors
        for field in fields:
            kind = field.kind
            if kind == _NULLABLE_LEAF:
                result[field.response_key] = value.get(field.data_key)
                continue
            if kind == _TYPENAME_FIELD:
                result[field.response_key] = field.owner
                continue
            item = value.get(field.data_key)
            if kind == _NON_NULL_LEAF:
                if item is None:
                    open_errors.append(
                        {
                            "message": "Cannot return null for non-nullable field.",
                            "path": [field.response_key],
                        }
                    )
                    return None
                result[field.response_key] = item
                continue
            assert field.plan is not None
            mark = len(open_errors)
            completed = self._complete(item, field.plan, field)
            if len(open_errors) > mark:
                for error in open_errors[mark:]:
                    error["path"].insert(0, field.response_key)
            if completed is _BUBBLE:
                return None
            result[field.response_key] = completed
        return result

    # -- field collection (cached per selection and type) ----------------------------------
    def _fields(
        self,
        object_type: GraphQLObjectType | GraphQLInterfaceType,
        selections: tuple[SelectionSetNode, ...],
    ) -> list[ShapedField]:
        cache_key = (object_type.name, *map(id, selections))
        cached = self.cache.get(cache_key)
        if cached is not None:
            return cached
        grouped = collect_fields(
            object_type,
            selections,
            applies=self._applies,
            key=response_key,
            fragments=self.fragments,
            variables=self.variables,
            defers=self.defer,
        )
        fields = []
        owner = object_type.name
        for client_key, nodes in grouped.items():
            name = nodes[0].name.value
            subs = tuple(n.selection_set for n in nodes if n.selection_set is not None)
            if name == TYPENAME:
                fields.append(
                    ShapedField(client_key, TYPENAME, None, (), None, _TYPENAME_FIELD, owner, {})
                )
                continue
            definition = object_type.fields.get(name)
            type_ = definition.type if definition else None
            plan = _compile(type_) if type_ is not None else None
            data_key = field_key(nodes[0])
            kind = _fast_kind(plan) if type_ is not None else _NULLABLE_LEAF
            fields.append(ShapedField(client_key, data_key, type_, subs, plan, kind, owner, {}))
        self.cache[cache_key] = fields
        return fields

    def _applies(
        self, condition: str | None, object_type: GraphQLObjectType | GraphQLInterfaceType
    ) -> bool:
        if condition is None or condition == object_type.name:
            return True
        conditional = self.schema.get_type(condition)
        return (
            conditional is not None
            and is_abstract_type(conditional)
            and self.schema.is_sub_type(
                conditional,
                object_type,
            )
        )
