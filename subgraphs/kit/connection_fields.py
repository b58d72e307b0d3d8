"""A Relay connection field, declared once: `@connection_field(description=...)`.

Every connection of the API takes `first: Int = null, after: String = null`, last, after its
own arguments, and says its size to the router (`kit.demand.CONNECTION`). The resolver asks
for one `page: Page` instead (right after `info`: it has no default, its neighbours may);
`PageArguments` takes `page` out of the schema's arguments, appends `first` and `after`, and
builds the `Page` from them on each call.

    @connection_field(description="Newest first.")
    async def reviews(self, info: Info, page: Page) -> Connection[Review]:
        return await loaders(info).gig_reviews.connection(self._row.id, None, Review.from_row, page)
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.annotation import StrawberryAnnotation
from strawberry.extensions.field_extension import FieldExtension
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from subgraphs.kit.connections import Page
from subgraphs.kit.demand import CONNECTION

PAGE_PARAMETER = "page"


def _nullable(name: str, annotation: Any) -> StrawberryArgument:
    return StrawberryArgument(
        python_name=name,
        graphql_name=None,
        type_annotation=StrawberryAnnotation(annotation),
        default=None,
    )


class PageArguments(FieldExtension):
    """`first` and `after` in the schema, one `page: Page` for the resolver."""

    def apply(self, field: StrawberryField) -> None:
        own = [argument for argument in field.arguments if argument.python_name != PAGE_PARAMETER]
        if len(own) == len(field.arguments):
            raise TypeError(f"The connection field `{field.python_name}` takes no `page: Page`.")
        # The resolver's own arguments first, as the schema has always listed them.
        field.arguments = [*own, _nullable("first", int | None), _nullable("after", str | None)]

    def map_arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        rest = {name: value for name, value in kwargs.items() if name not in ("first", "after")}
        return {**rest, PAGE_PARAMETER: Page(first=kwargs.get("first"), after=kwargs.get("after"))}


def connection_field(*, description: str) -> Any:
    """`strawberry.field` for a resolver taking `page: Page` (see the module doc)."""
    return strawberry.field(
        description=description, directives=[CONNECTION], extensions=[PageArguments()]
    )
