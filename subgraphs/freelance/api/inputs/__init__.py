"""Input types of the freelance subgraph (one `input` argument per mutation), per aggregate, and
what the mutations make of the ones gigs and portfolio items share (images, a category)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from subgraphs.freelance.rules import ids
from subgraphs.freelance.rules.gigs import ImageSpec
from subgraphs.kit.fields import sent_fields


def image_specs(values: Iterable[object]) -> list[ImageSpec]:
    """Gig or portfolio image inputs (`url`, `caption`, a gig's `is_primary`) as specs."""
    return [ImageSpec(**sent_fields(value)) for value in values]


def edited_fields(input: object, *, skip: str) -> dict[str, Any]:
    """The fields a gig's or portfolio item's update sent (the id `skip` left out), with the
    category id parsed and the images as specs."""
    changes = sent_fields(input, skip=(skip,))
    if "category_id" in changes:
        changes["category_id"] = ids.category.optional(changes["category_id"])
    if changes.get("images") is not None:
        changes["images"] = image_specs(changes["images"])
    return changes
