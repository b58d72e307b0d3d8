"""The error composition raises: every problem found, each naming subgraph, type and field."""

from __future__ import annotations

from collections.abc import Iterable


class CompositionError(Exception):
    """Subgraphs that cannot be composed. `errors` lists readable messages such as
    `[freelance] Gig.seller: type User is not defined`."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors) or "composition failed")
