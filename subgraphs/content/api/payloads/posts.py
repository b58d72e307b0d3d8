"""Payloads of the post mutations."""

from __future__ import annotations

import strawberry

from subgraphs.content.api.types.entities import Post
from subgraphs.kit.payloads import Payload


class PostPayload(Payload):
    post: Post | None = None


class DeletePostPayload(Payload):
    deleted_post_id: strawberry.ID | None = None
