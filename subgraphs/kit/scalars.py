"""Scalars of the public contract: `Decimal` money as a 2-place string, `JSON` for free-form data.

Registered through `StrawberryConfig.scalar_map` (see `SCALARS`): annotate fields with
`Money` / `JSON` and pass `config=subgraph_config()` to the schema.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.types.scalar import ScalarDefinition

from subgraphs.kit.errors import BadUserInput

Money = NewType("Money", Decimal)
JSON = NewType("JSON", object)
TWO_PLACES = Decimal("0.01")


# Money columns are NUMERIC(12, 2): 10 digits before the point.
MAX_WHOLE_DIGITS = 10
LIMIT = Decimal(10) ** MAX_WHOLE_DIGITS


def parse_money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadUserInput('Decimal values are strings such as "12.50".')
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise BadUserInput(f'"{value}" is not a decimal number.') from error
    if not amount.is_finite():
        raise BadUserInput("Decimal values must be finite.")
    if abs(amount) >= LIMIT:
        raise BadUserInput(
            f'"{value}" is out of range: at most {MAX_WHOLE_DIGITS} digits before the point.'
        )
    return amount


SCALARS: dict[object, ScalarDefinition] = {
    Money: strawberry.scalar(
        name="Decimal",
        description='A decimal number as a string with 2 places, e.g. "12.50".',
        serialize=lambda value: str(Decimal(value).quantize(TWO_PLACES)),
        parse_value=parse_money,
    ),
    JSON: strawberry.scalar(
        name="JSON",
        description="Free-form JSON value.",
        serialize=lambda value: value,
        parse_value=lambda value: value,
    ),
}


def subgraph_config() -> StrawberryConfig:
    return StrawberryConfig(scalar_map=SCALARS)
