"""Changing notification preferences: fields left out keep their value."""

from __future__ import annotations

import strawberry


@strawberry.input(description="Fields left out keep their value.")
class UpdateNotificationPreferencesInput:
    in_app: bool | None = strawberry.UNSET
    email: bool | None = strawberry.UNSET
    push: bool | None = strawberry.UNSET
    orders: bool | None = strawberry.UNSET
    reviews: bool | None = strawberry.UNSET
    messages: bool | None = strawberry.UNSET
    social: bool | None = strawberry.UNSET
    marketing: bool | None = strawberry.UNSET
