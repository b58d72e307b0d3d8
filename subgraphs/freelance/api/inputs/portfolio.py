"""Input types of portfolio items."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import UNSET


@strawberry.input
class PortfolioImageInput:
    url: str
    caption: str | None = None


@strawberry.input
class CreatePortfolioItemInput:
    title: str
    description: str
    project_url: str | None = None
    technologies: list[str] = strawberry.field(default_factory=list)
    completed_on: dt.date | None = None
    category_id: strawberry.ID | None = None
    images: list[PortfolioImageInput] = strawberry.field(default_factory=list)


@strawberry.input(description="Fields left out keep their value.")
class UpdatePortfolioItemInput:
    id: strawberry.ID
    title: str | None = UNSET
    description: str | None = UNSET
    project_url: str | None = UNSET
    technologies: list[str] | None = UNSET
    completed_on: dt.date | None = UNSET
    category_id: strawberry.ID | None = UNSET
    images: list[PortfolioImageInput] | None = UNSET
