"""The admins' mutations of a category tree, for any subgraph that has one: create a category,
update one (fields left out keep their value). The subgraph declares the GraphQL fields, since
their names and types are its own, and each one's resolver is one call:

    @strawberry.mutation(description="Admins only.")
    async def create_gig_category(info: Info, input: CreateGigCategoryInput) -> GigCategoryPayload:
        return await create_category(info, GigCategoryPayload, CATEGORIES, input)

The inputs carry `name`, `icon` and `parentId` (an update input, `id` too). A malformed id, the
parent's or the edited category's, names nothing: it is refused with the subgraph's code for an
unknown category (`CategoryPolicy.unknown`).
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from strawberry.types import Info

from subgraphs.kit.category_rules import CategoryRules
from subgraphs.kit.fields import sent_fields
from subgraphs.kit.ids import existing_id, optional_id
from subgraphs.kit.mutations import PayloadClass, run_mutation

P = TypeVar("P")
AnyInfo = Info[Any, Any]


async def create_category(
    info: AnyInfo, payload: PayloadClass[Any, P], rules: CategoryRules[Any], input: Any
) -> P:
    info.context.require_role("ADMIN")
    return await run_mutation(
        info,
        payload,
        lambda s: rules.create(
            s, name=input.name, icon=input.icon, parent_id=_parent_id(rules, input.parent_id)
        ),
    )


async def update_category(
    info: AnyInfo, payload: PayloadClass[Any, P], rules: CategoryRules[Any], input: Any
) -> P:
    info.context.require_role("ADMIN")
    changes = sent_fields(input, skip=("id",))

    async def work(session: Any) -> Any:
        if "parent_id" in changes:
            changes["parent_id"] = _parent_id(rules, changes["parent_id"])
        category_id = existing_id(input.id, "id", "category", rules.policy.unknown)
        return await rules.update(session, category_id, changes)

    return await run_mutation(info, payload, work)


def _parent_id(rules: CategoryRules[Any], value: object | None) -> uuid.UUID | None:
    return optional_id(value, "parentId", "parent category", rules.policy.unknown)
