"""One thing found by `id` or by `slug`, declared once: `@lookup_field(description=...)`.

The field takes `id: ID = null, slug: String = null`, exactly one of them; its resolver asks for
one `key: IdOrSlug` instead (`kit.argument_groups`), which refuses none or both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry

from subgraphs.kit.argument_groups import ArgumentGroup
from subgraphs.kit.errors import BadUserInput


@dataclass(frozen=True)
class IdOrSlug:
    """Which thing the client asked for: by `id`, or else by `slug`."""

    id: strawberry.ID | None = None
    slug: str | None = None

    def __post_init__(self) -> None:
        if (self.id is None) == (self.slug is None):
            raise BadUserInput("Give exactly one of `id` and `slug`.")


def lookup_field(*, description: str | None = None) -> Any:
    """`strawberry.field` for a resolver taking `key: IdOrSlug` (see the module doc)."""
    return strawberry.field(description=description, extensions=[ArgumentGroup("key", IdOrSlug)])
