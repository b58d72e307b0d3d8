"""Changing notification preferences; a field set to null is refused, not cleared."""

from __future__ import annotations

import strawberry
from strawberry.utils.str_converters import to_camel_case

from subgraphs.kit.codes import Code
from subgraphs.kit.errors import DomainError
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.notifications.api.inputs.preferences import UpdateNotificationPreferencesInput
from subgraphs.notifications.api.payloads.preferences import NotificationPreferencesPayload
from subgraphs.notifications.loaders import Info
from subgraphs.notifications.rules.preferences import update_preferences


def _switches(input: UpdateNotificationPreferencesInput) -> dict[str, bool]:
    """The switches the client sent; null is refused: a switch is on or off."""
    switches = sent_fields(input)
    for name, value in switches.items():
        if value is None:
            raise DomainError(
                Code.INVALID_VALUE, "Use true or false, not null.", to_camel_case(name)
            )
    return switches


@strawberry.mutation(description="Fields left out keep their value.")
async def update_notification_preferences(
    info: Info, input: UpdateNotificationPreferencesInput
) -> NotificationPreferencesPayload:
    user_id = info.context.require_user().user_id
    return await run_mutation(
        info,
        NotificationPreferencesPayload,
        lambda session: update_preferences(session, user_id, _switches(input)),
    )
