"""Input types of the gig category tree."""

from __future__ import annotations

import strawberry
from strawberry import UNSET


@strawberry.input
class CreateGigCategoryInput:
    name: str
    icon: str | None = None
    parent_id: strawberry.ID | None = None


@strawberry.input(description="Fields left out keep their value.")
class UpdateGigCategoryInput:
    id: strawberry.ID
    name: str | None = UNSET
    icon: str | None = UNSET
    parent_id: strawberry.ID | None = UNSET
