"""Input types of reviews."""

from __future__ import annotations

import strawberry
from strawberry import UNSET


@strawberry.input
class LeaveReviewInput:
    order_id: strawberry.ID
    rating: int
    comment: str
    communication: int | None = None
    quality: int | None = None
    delivery: int | None = None


@strawberry.input(description="Fields left out keep their value.")
class EditReviewInput:
    review_id: strawberry.ID
    rating: int | None = UNSET
    comment: str | None = UNSET
    communication: int | None = UNSET
    quality: int | None = UNSET
    delivery: int | None = UNSET


@strawberry.input
class ReplyToReviewInput:
    review_id: strawberry.ID
    body: str
