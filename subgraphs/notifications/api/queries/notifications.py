"""The signed-in user's notifications, newest first."""

from __future__ import annotations

from sqlalchemy import String, cast, select

from subgraphs.kit.connection_fields import connection_field
from subgraphs.kit.connections import Page, SortKey, paginate
from subgraphs.notifications.api.types.notifications import Notification, NotificationConnection
from subgraphs.notifications.loaders import Info
from subgraphs.notifications.models import Notification as NotificationRow
from subgraphs.notifications.rules.notifications import unread_count


@connection_field(description="The signed-in user's notifications, newest first.")
async def notifications(
    info: Info, page: Page, unread_only: bool = False
) -> NotificationConnection:
    context = info.context
    user_id = context.require_user().user_id
    statement = select(NotificationRow).where(NotificationRow.recipient_id == user_id)
    if unread_only:
        statement = statement.where(NotificationRow.read_at.is_(None))
    keys = [
        SortKey(NotificationRow.created_at, descending=True),
        SortKey(cast(NotificationRow.id, String), descending=True),
    ]
    found = await paginate(context.db, statement, keys, Notification.from_row, page)

    async def unread() -> int:
        async with context.db.session() as session:
            return await unread_count(session, user_id)

    return NotificationConnection(
        edges=found.edges, page_info=found.page_info, _count=found._count, _unread=unread
    )
