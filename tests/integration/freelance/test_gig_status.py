"""The gig status machine, moderation, visibility, archiving and deleting, favorites."""

from __future__ import annotations

from sqlalchemy import text

from subgraphs.kit.database import Database
from tests.integration.freelance.studio import DEFAULT_PACKAGES, GIG_FIELDS, Studio
from tests.support.graphql import error_codes

GIG = f"query($id: ID!) {{ gig(id: $id) {{ {GIG_FIELDS} }} }}"
REJECT = """
mutation($input: RejectGigInput!) {
  rejectGig(input: $input) { gig { id status rejectionReason } errors { field code } }
}
"""
OUTBOX = "SELECT kind, recipient_id, actor_id, data FROM outbox WHERE data->>'gigId' = :id ORDER BY created_at"


async def status_of(studio: Studio, gig_id: str, token: str) -> str:
    data = await studio.data(GIG, {"id": gig_id}, token=token)
    return str(data["gig"]["status"])


async def test_the_whole_machine(studio: Studio) -> None:
    seller = await studio.seller()
    gig = await studio.draft(seller)
    gig_id, token = gig["id"], seller.access
    # Submitting needs a package.
    assert [e["code"] for e in (await studio.gig_action("submitGig", gig_id, token))["errors"]] == [
        "NO_PACKAGES"
    ]
    await studio.set_packages(seller, gig_id, DEFAULT_PACKAGES)
    steps = [
        ("pauseGig", token, "INVALID_TRANSITION", "DRAFT"),
        ("submitGig", token, None, "PENDING_APPROVAL"),
        ("submitGig", token, "INVALID_TRANSITION", "PENDING_APPROVAL"),
        ("resumeGig", token, "INVALID_TRANSITION", "PENDING_APPROVAL"),
        ("approveGig", studio.moderator.access, None, "ACTIVE"),
        ("approveGig", studio.moderator.access, "INVALID_TRANSITION", "ACTIVE"),
        ("resumeGig", token, "INVALID_TRANSITION", "ACTIVE"),
        ("pauseGig", token, None, "PAUSED"),
        ("pauseGig", token, "INVALID_TRANSITION", "PAUSED"),
        ("resumeGig", token, None, "ACTIVE"),
        ("archiveGig", token, None, "ARCHIVED"),
        ("archiveGig", token, "INVALID_TRANSITION", "ARCHIVED"),
        ("resumeGig", token, "INVALID_TRANSITION", "ARCHIVED"),
        ("submitGig", token, "INVALID_TRANSITION", "ARCHIVED"),
    ]
    for action, actor, error, expected in steps:
        result = await studio.gig_action(action, gig_id, actor)
        assert [e["code"] for e in result["errors"]] == ([error] if error else []), action
        assert (result["gig"] is None) == (error is not None)
        assert await status_of(studio, gig_id, token) == expected, action


async def test_only_moderators_approve_and_reject(studio: Studio) -> None:
    seller = await studio.seller()
    gig = await studio.draft(seller)
    await studio.set_packages(seller, gig["id"], DEFAULT_PACKAGES)
    await studio.gig_action("submitGig", gig["id"], seller.access)
    own = await studio.client.execute(
        "mutation($id: ID!) { approveGig(gigId: $id) { errors { code } } }",
        {"id": gig["id"]},
        token=seller.access,
    )
    assert error_codes(own) == ["FORBIDDEN"]
    rejected = await studio.client.execute(
        REJECT,
        {"input": {"gigId": gig["id"], "reason": "Too vague, add details."}},
        token=seller.access,
    )
    assert error_codes(rejected) == ["FORBIDDEN"]
    assert await status_of(studio, gig["id"], seller.access) == "PENDING_APPROVAL"


async def test_reject_needs_a_reason_and_goes_back_to_draft(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller = await studio.seller()
    gig = await studio.draft(seller)
    await studio.set_packages(seller, gig["id"], DEFAULT_PACKAGES)
    await studio.gig_action("submitGig", gig["id"], seller.access)
    short = await studio.payload(
        REJECT,
        {"input": {"gigId": gig["id"], "reason": "No."}},
        studio.moderator.access,
        "rejectGig",
    )
    assert [(e["code"], e["field"]) for e in short["errors"]] == [("TOO_SHORT", "reason")]
    done = await studio.payload(
        REJECT,
        {"input": {"gigId": gig["id"], "reason": "Please describe what is included."}},
        studio.moderator.access,
        "rejectGig",
    )
    assert done["gig"] == {
        "id": gig["id"],
        "status": "DRAFT",
        "rejectionReason": "Please describe what is included.",
    }
    # The reason is for the seller (and moderators), not for the public.
    other = await studio.buyer()
    seen_by_seller = await studio.data(GIG, {"id": gig["id"]}, token=seller.access)
    assert seen_by_seller["gig"]["rejectionReason"] == "Please describe what is included."
    assert (await studio.data(GIG, {"id": gig["id"]}, token=other.access))["gig"] is None
    async with freelance_local_db.session() as session:
        rows = (await session.execute(text(OUTBOX), {"id": gig["id"]})).all()
    assert [(r.kind, r.recipient_id, r.actor_id) for r in rows] == [
        ("GIG_REJECTED", seller.id, studio.moderator.id)
    ]
    assert rows[0].data["reason"] == "Please describe what is included."


async def test_only_active_gigs_are_public(studio: Studio) -> None:
    seller, stranger = await studio.seller(), await studio.buyer()
    gig = await studio.draft(seller)
    for token in (None, stranger.access):
        assert (await studio.data(GIG, {"id": gig["id"]}, token=token))["gig"] is None
    assert (await studio.data(GIG, {"id": gig["id"]}, token=seller.access))["gig"]["id"] == gig[
        "id"
    ]
    moderator_view = await studio.data(GIG, {"id": gig["id"]}, token=studio.moderator.access)
    assert moderator_view["gig"]["status"] == "DRAFT"
    active = await studio.active_gig(seller)
    assert (await studio.data(GIG, {"id": active["id"]}))["gig"]["status"] == "ACTIVE"
    await studio.gig_action("pauseGig", active["id"], seller.access)
    assert (await studio.data(GIG, {"id": active["id"]}, token=stranger.access))["gig"] is None


async def test_strangers_cannot_change_a_gig(studio: Studio) -> None:
    seller, stranger = await studio.seller(), await studio.seller()
    gig = await studio.active_gig(seller)
    for action in ("pauseGig", "archiveGig"):
        body = await studio.client.execute(
            f"mutation($id: ID!) {{ {action}(gigId: $id) {{ errors {{ code }} }} }}",
            {"id": gig["id"]},
            token=stranger.access,
        )
        assert error_codes(body) == ["FORBIDDEN"]
    assert await status_of(studio, gig["id"], seller.access) == "ACTIVE"
    missing = await studio.gig_action(
        "pauseGig", "00000000-0000-0000-0000-000000000000", seller.access
    )
    assert [e["code"] for e in missing["errors"]] == ["NOT_FOUND"]


async def test_moderation_events_go_to_the_seller(
    studio: Studio, freelance_local_db: Database
) -> None:
    seller = await studio.seller()
    gig = await studio.active_gig(seller, title="Moderated gig for events")
    async with freelance_local_db.session() as session:
        rows = (await session.execute(text(OUTBOX), {"id": gig["id"]})).all()
    assert [(r.kind, r.recipient_id, r.actor_id) for r in rows] == [
        ("GIG_APPROVED", seller.id, studio.moderator.id)
    ]
    assert rows[0].data["gigTitle"] == "Moderated gig for events"


DELETE = (
    "mutation($id: ID!) { deleteGig(gigId: $id) { deleted gig { id status } errors { code } } }"
)


async def test_a_gig_with_orders_is_archived_never_deleted(studio: Studio) -> None:
    seller, buyer = await studio.seller(), await studio.buyer()
    unused = await studio.draft(seller)
    gone = await studio.payload(DELETE, {"id": unused["id"]}, seller.access, "deleteGig")
    assert gone == {"deleted": True, "gig": None, "errors": []}
    assert (await studio.data(GIG, {"id": unused["id"]}, token=seller.access))["gig"] is None
    ordered = await studio.active_gig(seller)
    await studio.order(buyer, ordered["id"])
    kept = await studio.payload(DELETE, {"id": ordered["id"]}, seller.access, "deleteGig")
    assert kept == {
        "deleted": False,
        "gig": {"id": ordered["id"], "status": "ARCHIVED"},
        "errors": [],
    }


FAVORITE = (
    "mutation($id: ID!) { favoriteGig(gigId: $id) { gig { id isFavorite } errors { code } } }"
)
UNFAVORITE = (
    "mutation($id: ID!) { unfavoriteGig(gigId: $id) { gig { id isFavorite } errors { code } } }"
)
FAVORITES = """
query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on User { favoriteGigs { totalCount edges { node { id } } } } } }
"""


async def test_favorites_are_idempotent_and_private(studio: Studio) -> None:
    seller, fan, other = await studio.seller(), await studio.buyer(), await studio.buyer()
    first, second = await studio.active_gig(seller), await studio.active_gig(seller)
    for gig_id in (first["id"], first["id"], second["id"]):
        result = await studio.payload(FAVORITE, {"id": gig_id}, fan.access, "favoriteGig")
        assert result == {"gig": {"id": gig_id, "isFavorite": True}, "errors": []}
    reps = {"reps": [{"__typename": "User", "id": fan.id}]}
    mine = await studio.data(FAVORITES, reps, token=fan.access)
    listed = mine["_entities"][0]["favoriteGigs"]
    assert listed["totalCount"] == 2
    assert [e["node"]["id"] for e in listed["edges"]] == [second["id"], first["id"]]
    for _ in range(2):
        gone = await studio.payload(UNFAVORITE, {"id": first["id"]}, fan.access, "unfavoriteGig")
        assert gone == {"gig": {"id": first["id"], "isFavorite": False}, "errors": []}
    mine = await studio.data(FAVORITES, reps, token=fan.access)
    assert mine["_entities"][0]["favoriteGigs"]["totalCount"] == 1
    snooping = await studio.client.execute(FAVORITES, reps, token=other.access)
    assert error_codes(snooping) == ["FORBIDDEN"]
    draft = await studio.draft(seller)
    hidden = await studio.payload(FAVORITE, {"id": draft["id"]}, fan.access, "favoriteGig")
    assert [e["code"] for e in hidden["errors"]] == ["NOT_FOUND"]
