"""Input types of portfolio items."""

from __future__ import annotations

import datetime as dt

import strawberry

from subgraphs.kit.update_inputs import update_input


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


@update_input(CreatePortfolioItemInput)
class UpdatePortfolioItemInput:
    id: strawberry.ID
