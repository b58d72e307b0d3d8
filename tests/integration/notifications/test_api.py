"""The notifications subgraph over HTTP: listing, read state, preferences, devices, errors."""

from __future__ import annotations

import json
import uuid
from typing import Any

from subgraphs.kit.database import Database
from subgraphs.notifications.rules.delivery import accept_event
from tests.integration.accounts import Account, Accounts
from tests.integration.notifications.conftest import new_event
from tests.support.graphql import GraphQLClient, error_codes

LIST = """
query($unreadOnly: Boolean! = false, $first: Int, $after: String) {
  notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
    edges { cursor node { id kind title body data readAt createdAt actor { id } } }
    pageInfo { hasNextPage endCursor }
    totalCount unreadCount
  }
}
"""
MARK_READ = "mutation($id: ID!) { markNotificationRead(id: $id) { notification { id readAt } errors { field code } } }"
MARK_ALL = "mutation { markAllNotificationsRead { markedCount unreadCount errors { code } } }"
DELETE = "mutation($id: ID!) { deleteNotification(id: $id) { deletedId errors { field code } } }"
PREFS = "{ notificationPreferences { inApp email push orders reviews messages social marketing } }"
UPDATE_PREFS = """
mutation($input: UpdateNotificationPreferencesInput!) {
  updateNotificationPreferences(input: $input) {
    preferences { inApp email push orders reviews messages social marketing }
    errors { field code message }
  }
}
"""
REGISTER_DEVICE = """
mutation($token: String!, $platform: PushPlatform!) {
  registerPushDevice(token: $token, platform: $platform) {
    device { id platform createdAt } errors { field code }
  }
}
"""
UNREGISTER_DEVICE = (
    "mutation($token: String!) { unregisterPushDevice(token: $token) { removed errors { code } } }"
)


async def give(db: Database, account: Account, count: int, **data: Any) -> list[str]:
    """`count` notifications for `account`, oldest first; their ids."""
    ids = []
    for n in range(count):
        event = new_event(
            "ORDER_PLACED", account.id, gigTitle=f"Gig {n}", actor_id=str(uuid.uuid4()), **data
        )
        accepted = await accept_event(db, event, hourly_cap=100)
        assert accepted.notification is not None
        ids.append(str(accepted.notification.id))
    return ids


async def test_everything_needs_a_signed_in_user(notifications: GraphQLClient) -> None:
    operations: list[tuple[str, dict[str, Any]]] = [
        (LIST, {}),
        (PREFS, {}),
        (MARK_READ, {"id": str(uuid.uuid4())}),
        (MARK_ALL, {}),
        (DELETE, {"id": str(uuid.uuid4())}),
        (UPDATE_PREFS, {"input": {"email": False}}),
        (REGISTER_DEVICE, {"token": "abc", "platform": "IOS"}),
        (UNREGISTER_DEVICE, {"token": "abc"}),
    ]
    for query, variables in operations:
        body = await notifications.execute(query, variables)
        assert error_codes(body) == ["UNAUTHENTICATED"], (query, body)
    bad = await notifications.execute(LIST, token="not-a-jwt")
    assert error_codes(bad) == ["UNAUTHENTICATED"]
    assert "malformed token" in bad["errors"][0]["message"]


async def test_list_newest_first_with_pages_and_counts(
    notifications: GraphQLClient, accounts: Accounts, notify_db: Database
) -> None:
    me, other = await accounts.register(), await accounts.register()
    ids = await give(notify_db, me, 5)
    await give(notify_db, other, 2)
    first = (await notifications.data(LIST, {"first": 3}, token=me.access))["notifications"]
    # Registering wrote no notification here: only events handed to accept_event count.
    assert [edge["node"]["id"] for edge in first["edges"]] == ids[::-1][:3]
    assert first["totalCount"] == 5 and first["unreadCount"] == 5
    assert first["pageInfo"]["hasNextPage"] is True
    node = first["edges"][0]["node"]
    assert node["kind"] == "ORDER_PLACED" and node["title"] == "New order"
    assert node["data"]["gigTitle"] == "Gig 4" and node["actor"]["id"]
    rest = await notifications.data(
        LIST, {"first": 3, "after": first["pageInfo"]["endCursor"]}, token=me.access
    )
    assert [e["node"]["id"] for e in rest["notifications"]["edges"]] == ids[::-1][3:]
    assert rest["notifications"]["pageInfo"]["hasNextPage"] is False

    too_many = await notifications.execute(LIST, {"first": 101}, token=me.access)
    assert error_codes(too_many) == ["BAD_USER_INPUT"]
    bad_cursor = await notifications.execute(LIST, {"after": "garbage"}, token=me.access)
    assert error_codes(bad_cursor) == ["BAD_USER_INPUT"]


async def test_read_state_delete_and_others_notifications(
    notifications: GraphQLClient, accounts: Accounts, notify_db: Database
) -> None:
    me, other = await accounts.register(), await accounts.register()
    mine = await give(notify_db, me, 3)
    theirs = await give(notify_db, other, 1)

    read = (await notifications.data(MARK_READ, {"id": mine[0]}, token=me.access))[
        "markNotificationRead"
    ]
    assert read["errors"] == [] and read["notification"]["readAt"]
    again = (await notifications.data(MARK_READ, {"id": mine[0]}, token=me.access))[
        "markNotificationRead"
    ]
    assert again["notification"]["readAt"] == read["notification"]["readAt"]  # idempotent

    unread = (await notifications.data(LIST, {"unreadOnly": True}, token=me.access))[
        "notifications"
    ]
    assert {e["node"]["id"] for e in unread["edges"]} == set(mine[1:])
    assert unread["unreadCount"] == 2

    # Someone else's notification, a missing one and a malformed id all look the same.
    for target in (theirs[0], str(uuid.uuid4()), "not-an-id"):
        for mutation, name, field in [
            (MARK_READ, "markNotificationRead", "notification"),
            (DELETE, "deleteNotification", "deletedId"),
        ]:
            payload = (await notifications.data(mutation, {"id": target}, token=me.access))[name]
            assert payload[field] is None
            assert payload["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    their_list = (await notifications.data(LIST, token=other.access))["notifications"]
    assert their_list["edges"][0]["node"]["readAt"] is None  # untouched

    marked = (await notifications.data(MARK_ALL, token=me.access))["markAllNotificationsRead"]
    assert marked == {"markedCount": 2, "unreadCount": 0, "errors": []}
    deleted = (await notifications.data(DELETE, {"id": mine[1]}, token=me.access))[
        "deleteNotification"
    ]
    assert deleted == {"deletedId": mine[1], "errors": []}
    left = (await notifications.data(LIST, token=me.access))["notifications"]
    assert {e["node"]["id"] for e in left["edges"]} == {mine[0], mine[2]}


async def test_preferences_defaults_and_partial_update(
    notifications: GraphQLClient, accounts: Accounts
) -> None:
    me = await accounts.register()
    defaults = (await notifications.data(PREFS, token=me.access))["notificationPreferences"]
    assert defaults == {
        "inApp": True, "email": True, "push": True, "orders": True,
        "reviews": True, "messages": True, "social": True, "marketing": False,
    }  # fmt: skip
    updated = await notifications.data(
        UPDATE_PREFS, {"input": {"email": False, "marketing": True}}, token=me.access
    )
    payload = updated["updateNotificationPreferences"]
    assert payload["errors"] == []
    assert payload["preferences"] == {**defaults, "email": False, "marketing": True}
    later = await notifications.data(UPDATE_PREFS, {"input": {"social": False}}, token=me.access)
    expected = {**defaults, "email": False, "marketing": True, "social": False}
    assert later["updateNotificationPreferences"]["preferences"] == expected
    assert (await notifications.data(PREFS, token=me.access))["notificationPreferences"] == expected

    null = await notifications.data(UPDATE_PREFS, {"input": {"push": None}}, token=me.access)
    assert null["updateNotificationPreferences"]["errors"][0]["code"] == "INVALID_VALUE"
    assert null["updateNotificationPreferences"]["errors"][0]["field"] == "push"
    wrong_type = await notifications.execute(
        UPDATE_PREFS, {"input": {"push": "yes"}}, token=me.access
    )
    assert "errors" in wrong_type and wrong_type.get("data") is None


async def test_push_devices(notifications: GraphQLClient, accounts: Accounts) -> None:
    me, other = await accounts.register(), await accounts.register()
    token = f"fcm-{uuid.uuid4().hex}"
    added = (
        await notifications.data(
            REGISTER_DEVICE, {"token": token, "platform": "ANDROID"}, token=me.access
        )
    )["registerPushDevice"]
    assert added["errors"] == [] and added["device"]["platform"] == "ANDROID"
    again = (
        await notifications.data(
            REGISTER_DEVICE, {"token": token, "platform": "ANDROID"}, token=me.access
        )
    )["registerPushDevice"]
    assert again["device"]["id"] == added["device"]["id"]  # idempotent

    subscription = json.dumps(
        {"endpoint": "https://push.example.test/abc", "keys": {"p256dh": "BPk", "auth": "xyz"}}
    )
    web = (
        await notifications.data(
            REGISTER_DEVICE, {"token": subscription, "platform": "WEB"}, token=me.access
        )
    )["registerPushDevice"]
    assert web["errors"] == [] and web["device"]["platform"] == "WEB"

    for bad_token, platform in [
        ("", "IOS"),
        ("has space", "IOS"),
        ("x" * 4097, "IOS"),
        ("not json", "WEB"),
        (
            json.dumps({"endpoint": "http://insecure.test/", "keys": {"p256dh": "a", "auth": "b"}}),
            "WEB",
        ),
    ]:
        payload = (
            await notifications.data(
                REGISTER_DEVICE, {"token": bad_token, "platform": platform}, token=me.access
            )
        )["registerPushDevice"]
        assert payload["device"] is None and payload["errors"] == [
            {"field": "token", "code": "INVALID_TOKEN"}
        ], bad_token[:20]
    bad_platform = await notifications.execute(
        REGISTER_DEVICE, {"token": "abc", "platform": "WINDOWS"}, token=me.access
    )
    assert bad_platform.get("data") is None and bad_platform["errors"]

    # Someone else cannot unregister my device; I can, once.
    theirs = (await notifications.data(UNREGISTER_DEVICE, {"token": token}, token=other.access))[
        "unregisterPushDevice"
    ]
    assert theirs == {"removed": False, "errors": []}
    mine = (await notifications.data(UNREGISTER_DEVICE, {"token": token}, token=me.access))[
        "unregisterPushDevice"
    ]
    assert mine == {"removed": True, "errors": []}
    twice = (await notifications.data(UNREGISTER_DEVICE, {"token": token}, token=me.access))[
        "unregisterPushDevice"
    ]
    assert twice == {"removed": False, "errors": []}


async def test_actor_is_a_user_reference_for_the_router(notifications: GraphQLClient) -> None:
    body = await notifications.data(
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }",
        {"r": [{"__typename": "User", "id": "u1"}, {"__typename": "User", "id": "u2"}]},
    )
    assert body["_entities"] == [{"id": "u1"}, {"id": "u2"}]
    sdl = (await notifications.data("{ _service { sdl } }"))["_service"]["sdl"]
    assert "notificationReceived: Notification!" in sdl and "unreadCountChanged: Int!" in sdl
