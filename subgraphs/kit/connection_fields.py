"""A Relay connection field, declared once: `@connection_field(description=...)`.

Every connection of the API takes `first: Int = null, after: String = null`, last, after its
own arguments, and says its size to the router (`kit.demand.CONNECTION`). The resolver asks
for one `page: Page` instead (right after `info`: it has no default, its neighbours may);
`kit.argument_groups` turns it into the two arguments.

    @connection_field(description="Newest first.")
    async def reviews(self, info: Info, page: Page) -> Connection[Review]:
        return await loaders(info).gig_reviews.connection(self._row.id, None, Review.from_row, page)
"""

from __future__ import annotations

from typing import Any

import strawberry

from subgraphs.kit.argument_groups import ArgumentGroup
from subgraphs.kit.connections import Page
from subgraphs.kit.demand import CONNECTION


def connection_field(*, description: str) -> Any:
    """`strawberry.field` for a resolver taking `page: Page` (see the module doc)."""
    return strawberry.field(
        description=description, directives=[CONNECTION], extensions=[ArgumentGroup("page", Page)]
    )
