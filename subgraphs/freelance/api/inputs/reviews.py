"""Input types of reviews."""

from __future__ import annotations

import strawberry

from subgraphs.kit.update_inputs import update_input


@strawberry.input
class LeaveReviewInput:
    order_id: strawberry.ID
    rating: int
    comment: str
    communication: int | None = None
    quality: int | None = None
    delivery: int | None = None


@update_input(LeaveReviewInput, skip=("order_id",))
class EditReviewInput:
    review_id: strawberry.ID


@strawberry.input
class ReplyToReviewInput:
    review_id: strawberry.ID
    body: str
