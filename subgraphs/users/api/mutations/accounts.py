"""The signed-in user's own account: proving the email address, changing the profile."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from subgraphs.kit.context import ctx
from subgraphs.kit.transactions import attempt
from subgraphs.kit.viewer import me
from subgraphs.users.api.inputs.accounts import UpdateProfileInput
from subgraphs.users.api.payloads.accounts import UserPayload
from subgraphs.users.rules import email_verification
from subgraphs.users.rules.accounts import update_profile


@strawberry.type
class AccountMutations:
    @strawberry.mutation
    async def verify_email(self, info: Info[Any, Any], token: str) -> UserPayload:
        return UserPayload.of(
            *await attempt(ctx(info).db, lambda s: email_verification.verify_email(s, token))
        )

    @strawberry.mutation
    async def resend_verification_email(self, info: Info[Any, Any]) -> UserPayload:
        user_id = me(info)
        return UserPayload.of(
            *await attempt(
                ctx(info).db, lambda s: email_verification.resend_verification(s, user_id)
            )
        )

    @strawberry.mutation(description="Change your own profile; fields left out keep their value.")
    async def update_profile(self, info: Info[Any, Any], input: UpdateProfileInput) -> UserPayload:
        user_id = me(info)
        changes = {
            name: value for name, value in vars(input).items() if value is not strawberry.UNSET
        }
        return UserPayload.of(
            *await attempt(ctx(info).db, lambda s: update_profile(s, user_id, changes))
        )
