"""Input types of the gig category tree."""

from __future__ import annotations

import strawberry

from subgraphs.kit.update_inputs import update_input


@strawberry.input
class CreateGigCategoryInput:
    name: str
    icon: str | None = None
    parent_id: strawberry.ID | None = None


@update_input(CreateGigCategoryInput)
class UpdateGigCategoryInput:
    id: strawberry.ID
