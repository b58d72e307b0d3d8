"""Members joining by many in one rule call: each new member counted once and announced to
the owner once, those who belonged already (the owner too) left alone, an unknown channel
NOT_FOUND."""

from __future__ import annotations

import uuid

import pytest

from subgraphs.content.rules.members import join_channel_by_many
from subgraphs.kit.database import Database
from subgraphs.kit.errors import DomainError
from tests.integration.content.helpers import CHANNEL, Cast, Content
from tests.integration.content.test_events import kinds


async def test_many_join_at_once(api: Content, cast: Cast, content_local_db: Database) -> None:
    before = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=cast.owner.access)
    newcomers = [uuid.uuid4(), uuid.uuid4()]
    users = [
        newcomers[0],
        uuid.UUID(cast.member.id),  # a member already
        uuid.UUID(cast.owner.id),  # the owner
        newcomers[1],
        newcomers[0],  # twice in the call
    ]
    async with content_local_db.session() as session:
        channel = await join_channel_by_many(session, users, uuid.UUID(cast.channel_id))
        unchanged = await join_channel_by_many(session, [], uuid.UUID(cast.channel_id))
        await session.commit()
    members = before["channel"]["membersCount"]
    assert channel.members_count == unchanged.members_count == members + 2
    seen = await api.client.data(CHANNEL, {"id": cast.channel_id}, token=cast.owner.access)
    assert seen["channel"]["membersCount"] == members + 2
    # The cast's three joins, then one event for each newcomer.
    announced = await kinds(content_local_db, cast.owner.id, cast.channel_id)
    assert announced == ["MEMBER_JOINED"] * 5


async def test_unknown_channel_is_not_found(content_local_db: Database) -> None:
    async with content_local_db.session() as session:
        with pytest.raises(DomainError) as refused:
            await join_channel_by_many(session, [uuid.uuid4()], uuid.uuid4())
    assert refused.value.code == "NOT_FOUND"
