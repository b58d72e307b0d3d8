"""Mutation payloads: the `errors` every one carries, and object types built from rows.

A payload is a plain strawberry type whose last field is `errors: [UserError!]!`. It is *not* a
base class or an interface: a dataclass base puts its fields first, and an interface would
appear in the SDL; either would change the published schemas. So the kit gives the field, and
a Protocol for code that handles any payload (`kit.mutations`):

    @strawberry.type
    class GigPayload:
        gig: Gig | None = None
        errors: list[UserError] = errors_field()

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
from collections.abc import Callable
from typing import Any, Protocol, Self, TypeVar

import strawberry
from strawberry.types.base import StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError

T = TypeVar("T")
_MISSING = object()


class Payload(Protocol):
    errors: list[UserError]


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
