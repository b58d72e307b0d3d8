"""Mutation payloads (`Payload`: the `errors` every one carries, how one is built from its
rule's result), and object types built from rows.

A payload subclasses `Payload` and declares only its data fields:

    class GigPayload(Payload):
        gig: Gig | None = None

    class DeleteGigPayload(Payload, description="..."):  # the type's description, if any
        ...

The subclass is made a strawberry type with `errors: [UserError!]! @listSize(assumedSize: 1)`
as its last field (a class that declares `errors` itself keeps it where it stands).
`Payload` has no fields of its own and is no strawberry type: a dataclass base would put its
fields first, and an interface would appear in the SDL; either would change the published
schemas.

The mutation runner (`kit.mutations`) builds a payload with `failed(errors)` when a rule broke
(the data fields keep their defaults), else `of(result)`: the rule's result (or each item of a
tuple result) goes to the data fields in order, shaped by the field's type: an object type by
its `from_row`, an ID by `str`, anything else (a flag, a count) as it is; None stays None, and
fields past the result keep their defaults. A payload built otherwise (the user's own view, a
flag the rule does not return) overrides `of`.

`from_row(Type, row, **overrides)` builds an object type from an ORM row by field name, the
copying that hand-written `from_row` classmethods repeat: each init field of `Type` takes, in
order of preference, the override of that name, else the row's attribute of that name (a
private field `_owner_id` reads `row.owner_id`), else its default. Values are shaped by the
field's GraphQL type: an `ID` field gets `str(value)`, an enum field `Enum(value)` (the row
stores the value); None stays None. The plan is worked out once per type, then cached. A type
built from its row with nothing more inherits its `from_row` classmethod from `FromRow`.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
from collections.abc import Callable
from typing import Any, Self, TypeVar, dataclass_transform

import strawberry
from strawberry.types.base import StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.types.field import StrawberryField

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError

T = TypeVar("T")
_MISSING = object()


def errors_field() -> list[UserError]:
    """`errors: [UserError!]! @listSize(assumedSize: 1)`, empty unless a rule was broken."""
    return strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])


@dataclasses.dataclass(frozen=True)
class _FieldPlan:
    name: str  # the field of the type
    source: str  # the row's attribute
    shape: Callable[[Any], Any]
    required: bool  # no default: the row (or an override) must give it


def _keep(value: Any) -> Any:
    return value


def _to_id(value: Any) -> Any:
    return None if value is None else strawberry.ID(str(value))


def _enum_shaper(enum_class: enum.EnumMeta) -> Callable[[Any], Any]:
    def shape(value: Any) -> Any:
        if value is None or isinstance(value, enum_class):
            return value  # a row that stores the enum itself (content's ChannelRole)
        return enum_class(value)

    return shape


def _shaper(graphql_type: Any) -> Callable[[Any], Any]:
    if isinstance(graphql_type, StrawberryOptional):
        graphql_type = graphql_type.of_type
    if graphql_type is strawberry.ID:
        return _to_id
    if isinstance(graphql_type, StrawberryEnumDefinition):
        return _enum_shaper(graphql_type.wrapped_cls)
    return _keep


_PLANS: dict[type, tuple[_FieldPlan, ...]] = {}


def _plan(cls: type) -> tuple[_FieldPlan, ...]:
    if cls not in _PLANS:
        _PLANS[cls] = _make_plan(cls)
    return _PLANS[cls]


def _make_plan(cls: type) -> tuple[_FieldPlan, ...]:
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    graphql_types = {field.python_name: field for field in definition.fields}
    plans = []
    for field in dataclasses.fields(cls):
        if not field.init:
            continue  # a resolver
        # Private fields are named `_...` (strawberry may list them until the schema is built).
        private = field.name.startswith("_")
        graphql_field = None if private else graphql_types.get(field.name)
        plans.append(
            _FieldPlan(
                name=field.name,
                source=field.name.removeprefix("_") if private else field.name,
                shape=_keep if graphql_field is None else _shaper(graphql_field.type),
                required=field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING,
            )
        )
    return tuple(plans)


def from_row(cls: type[T], row: object, **overrides: Any) -> T:
    """An instance of the strawberry type `cls` with the fields of `row` (see the module doc)."""
    values: dict[str, Any] = {}
    for plan in _plan(cls):
        if plan.name in overrides:
            values[plan.name] = overrides.pop(plan.name)
            continue
        value = getattr(row, plan.source, _MISSING)
        if value is not _MISSING:
            values[plan.name] = plan.shape(value)
        elif plan.required:
            row_type = type(row).__name__
            raise TypeError(f"{cls.__name__}.{plan.name}: a {row_type} has no {plan.source}")
    if overrides:
        raise TypeError(f"{cls.__name__} has no field {', '.join(overrides)}")
    return cls(**values)


class FromRow:
    """`Type.from_row(row)` for an object type built from its row alone; a base with no fields,
    so the type's SDL is its own."""

    @classmethod
    def from_row(cls, row: object) -> Self:
        return from_row(cls, row)


def _builder(graphql_type: Any) -> Callable[[Any], Any]:
    if isinstance(graphql_type, StrawberryOptional):
        graphql_type = graphql_type.of_type
    build = getattr(graphql_type, "from_row", None)
    if build is None:
        return _shaper(graphql_type)
    return lambda value: None if value is None else build(value)


_BUILDERS: dict[type, tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def _builders(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """The data fields of a payload (all but `errors`), each with how its value is shaped."""
    if cls not in _BUILDERS:
        definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
        _BUILDERS[cls] = tuple(
            (field.python_name, _builder(field.type))
            for field in definition.fields
            if field.python_name != "errors"
        )
    return _BUILDERS[cls]


@dataclass_transform(
    kw_only_default=True, field_specifiers=(strawberry.field, dataclasses.field, StrawberryField)
)
class Payload:
    """The base of every mutation payload (see the module doc): a subclass is made a strawberry
    type, with `errors` as its last field unless it declares `errors` itself."""

    errors: list[UserError]

    def __init_subclass__(cls, description: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        annotations = inspect.get_annotations(cls)  # its own, in order
        if "errors" not in annotations:
            # After the data fields: a dataclass lists its fields in annotation order.
            cls.__annotations__ = {**annotations, "errors": list[UserError]}
            cls.errors = errors_field()
        strawberry.type(cls, description=description)

    @classmethod
    def failed(cls, errors: list[UserError]) -> Self:
        """The payload of a broken rule: only `errors`; the data fields keep their defaults."""
        payload = cls()
        payload.errors = errors
        return payload

    @classmethod
    def of(cls, result: Any) -> Self:
        """The payload of a rule's result: a value, or a tuple of values, for the data fields."""
        values = result if isinstance(result, tuple) else (result,)
        fields = _builders(cls)
        if len(values) > len(fields):
            raise TypeError(f"{cls.__name__} has {len(fields)} data fields, not {len(values)}")
        # Fields past the result's values keep their defaults.
        filled = zip(fields[: len(values)], values, strict=True)
        return cls(**{name: build(value) for (name, build), value in filled})
