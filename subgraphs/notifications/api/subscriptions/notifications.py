"""Live operations, fed from the signed-in user's Redis channel.

A router proxies these over graphql-transport-ws, passing the client's token in
`connection_init` (`{"Authorization": "Bearer ..."}`); the subgraph checks it in
`on_ws_connect` (kit.app) and ends each subscription when the token expires, or at its next
event once the token was revoked (signed out everywhere, deactivated, password changed).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from subgraphs.notifications.api.types.notifications import Notification
from subgraphs.notifications.loaders import Info
from subgraphs.notifications.rules import live
from subgraphs.notifications.rules.notifications import unread_count


@strawberry.subscription(description="Each new notification of the signed-in user.")
async def notification_received(info: Info) -> AsyncGenerator[Notification, None]:
    context = info.context
    identity = context.require_user()
    feed = context.fresh_loaders().feed  # loaders per operation, not per socket
    async for kind, value in feed.listen(identity.user_id, identity.expires_at):
        await context.recheck_identity()  # nothing more for a revoked token
        if kind == live.NOTIFICATION:
            yield Notification.from_row(value)


@strawberry.subscription(
    description="The signed-in user's unread count: the current value first, then each change."
)
async def unread_count_changed(info: Info) -> AsyncGenerator[int, None]:
    context = info.context
    identity = context.require_user()
    feed = context.fresh_loaders().feed
    async for kind, value in feed.listen(identity.user_id, identity.expires_at):
        await context.recheck_identity()
        if kind == "subscribed":  # listening already: no change after this read is missed
            async with context.db.session() as session:
                yield await unread_count(session, identity.user_id)
        elif kind == live.UNREAD_COUNT:
            yield value
