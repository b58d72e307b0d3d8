"""Per-request helpers of the notifications subgraph: DataLoaders and the live Redis feed."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from strawberry.dataloader import DataLoader

from subgraphs.kit.database import Database
from subgraphs.kit.info import SubgraphInfo
from subgraphs.notifications.models import NotificationPreferences as PreferencesRow
from subgraphs.notifications.rules.feed import Feed
from subgraphs.notifications.rules.preferences import Preferences


class NotificationsLoaders:
    def __init__(self, db: Database, feed: Feed) -> None:
        self.db = db
        # The app's Redis connection for live messages (one per process, not per request).
        self.feed = feed
        self.preferences: DataLoader[str, Preferences] = DataLoader(self._preferences)

    async def _preferences(self, user_ids: Sequence[str]) -> list[Preferences]:
        async with self.db.session() as session:
            rows = await session.execute(
                select(PreferencesRow).where(PreferencesRow.user_id.in_(user_ids))
            )
            found = {row.user_id: row for row in rows.scalars()}
        return [Preferences.from_row(found.get(user_id)) for user_id in user_ids]


Info = SubgraphInfo[NotificationsLoaders]
"""`info` of a notifications resolver."""
