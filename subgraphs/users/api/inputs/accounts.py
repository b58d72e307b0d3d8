"""Changing one's own profile: fields left out keep their value."""

from __future__ import annotations

import strawberry


@strawberry.input(description="Fields left out keep their value.")
class UpdateProfileInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET
    avatar_url: str | None = strawberry.UNSET
    timezone: str | None = strawberry.UNSET
    is_public: bool | None = strawberry.UNSET
