"""Root mutation fields of gigs: editing them, their packages, their status, favorites."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.freelance.api import Info, viewer
from subgraphs.freelance.api.inputs import edited_fields, image_specs
from subgraphs.freelance.api.inputs.gigs import (
    CreateGigInput,
    GigPackageInput,
    RejectGigInput,
    SetGigPackagesInput,
    UpdateGigInput,
)
from subgraphs.freelance.api.payloads.gigs import DeleteGigPayload, GigPayload
from subgraphs.freelance.models import Gig as GigRow
from subgraphs.freelance.rules import gigs, ids
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.mutations import run_mutation
from subgraphs.kit.viewer import me


def _package(value: GigPackageInput) -> gigs.PackageSpec:
    return gigs.PackageSpec(**{**sent_fields(value), "tier": value.tier.value})


@strawberry.mutation(description="FREELANCERs only; the gig starts as a DRAFT.")
async def create_gig(info: Info, input: CreateGigInput) -> GigPayload:
    seller = me(info, "FREELANCER")

    async def work(session: AsyncSession) -> GigRow:
        return await gigs.create_gig(
            session,
            seller,
            title=input.title,
            description=input.description,
            category_id=ids.category.optional(input.category_id),
            tags=input.tags,
            images=image_specs(input.images),
        )

    return await run_mutation(info, GigPayload, work)


@strawberry.mutation(description="The seller only; fields left out keep their value.")
async def update_gig(info: Info, input: UpdateGigInput) -> GigPayload:
    seller = me(info)

    async def work(session: AsyncSession) -> GigRow:
        changes = edited_fields(input, skip="gig_id")
        return await gigs.update_gig(session, seller, ids.gig(input.gig_id), changes)

    return await run_mutation(info, GigPayload, work)


@strawberry.mutation(description="Replaces the gig's packages (one per tier).")
async def set_gig_packages(info: Info, input: SetGigPackagesInput) -> GigPayload:
    seller = me(info)
    specs = [_package(package) for package in input.packages]
    return await run_mutation(
        info, GigPayload, lambda s: gigs.set_packages(s, seller, ids.gig(input.gig_id), specs)
    )


@strawberry.mutation(description="DRAFT -> PENDING_APPROVAL (needs a package).")
async def submit_gig(info: Info, gig_id: strawberry.ID) -> GigPayload:
    return await _change_status(info, gig_id, "submit")


@strawberry.mutation(description="Moderators: PENDING_APPROVAL -> ACTIVE.")
async def approve_gig(info: Info, gig_id: strawberry.ID) -> GigPayload:
    info.context.require_role("MODERATOR")
    return await _change_status(info, gig_id, "approve")


@strawberry.mutation(description="Moderators: PENDING_APPROVAL -> DRAFT, with a reason.")
async def reject_gig(info: Info, input: RejectGigInput) -> GigPayload:
    info.context.require_role("MODERATOR")
    return await _change_status(info, input.gig_id, "reject", reason=input.reason)


@strawberry.mutation(description="ACTIVE -> PAUSED.")
async def pause_gig(info: Info, gig_id: strawberry.ID) -> GigPayload:
    return await _change_status(info, gig_id, "pause")


@strawberry.mutation(description="PAUSED -> ACTIVE.")
async def resume_gig(info: Info, gig_id: strawberry.ID) -> GigPayload:
    return await _change_status(info, gig_id, "resume")


@strawberry.mutation(description="Any status -> ARCHIVED.")
async def archive_gig(info: Info, gig_id: strawberry.ID) -> GigPayload:
    return await _change_status(info, gig_id, "archive")


@strawberry.mutation(description="Deletes a gig without orders; one with orders is archived.")
async def delete_gig(info: Info, gig_id: strawberry.ID) -> DeleteGigPayload:
    seller = me(info)
    return await run_mutation(
        info, DeleteGigPayload, lambda s: gigs.delete_gig(s, seller, ids.gig(gig_id))
    )


@strawberry.mutation(description="Idempotent.")
async def favorite_gig(info: Info, gig_id: strawberry.ID) -> GigPayload:
    user = me(info)
    return await run_mutation(info, GigPayload, lambda s: gigs.favorite(s, user, ids.gig(gig_id)))


@strawberry.mutation(description="Idempotent.")
async def unfavorite_gig(info: Info, gig_id: strawberry.ID) -> GigPayload:
    user = me(info)
    return await run_mutation(info, GigPayload, lambda s: gigs.unfavorite(s, user, ids.gig(gig_id)))


async def _change_status(
    info: Info, gig_id: strawberry.ID, action: str, reason: str | None = None
) -> GigPayload:
    actor = me(info)
    is_moderator = viewer(info).is_moderator
    return await run_mutation(
        info,
        GigPayload,
        lambda s: gigs.change_status(
            s, actor, ids.gig(gig_id), action, is_moderator=is_moderator, reason=reason
        ),
    )
