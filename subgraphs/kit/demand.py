"""How long the subgraphs' lists are, told to the router for its cost estimate (router.cost).

Federation 2.9's `@listSize`, printed in each subgraph's SDL and composed into the supergraph:

- a Relay connection (`first`/`after`, `paginate`) returns as many `edges` as `first` asks
  (at most MAX_PAGE_SIZE), DEFAULT_PAGE_SIZE without it: `CONNECTION`, which
  `kit.connection_fields.connection_field` puts on every connection;
- a plain list says how long it usually is at most: `assumed(n)`, n taken from the rule that
  bounds it where there is one (ten images at most, one package per tier...).

Lists of scalars and enums cost nothing whatever their length; they are annotated all the same,
so every list of the API says how long it gets.
"""

from __future__ import annotations

import strawberry
from strawberry.federation.schema_directives import ListSize

from subgraphs.kit.connections import DEFAULT_PAGE_SIZE


def assumed(size: int) -> ListSize:
    """`@listSize(assumedSize: size)`, nothing else printed."""
    return ListSize(
        assumed_size=size,
        slicing_arguments=strawberry.UNSET,
        sized_fields=strawberry.UNSET,
        require_one_slicing_argument=strawberry.UNSET,
    )


# `first` sizes `edges`; without it a page has DEFAULT_PAGE_SIZE items (`first: null` is the
# field's default, so the slicing argument is optional: requireOneSlicingArgument false).
CONNECTION = ListSize(
    assumed_size=DEFAULT_PAGE_SIZE,
    slicing_arguments=["first"],
    sized_fields=["edges"],
    require_one_slicing_argument=False,
)

# A mutation payload's `errors`: `attempt` (kit.transactions) stops at the first DomainError.
PAYLOAD_ERRORS = assumed(1)
