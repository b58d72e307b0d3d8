"""Mutation payloads: the changed object(s) and `errors: [UserError!]!`, per aggregate."""

from __future__ import annotations

import strawberry

from subgraphs.kit.demand import PAYLOAD_ERRORS
from subgraphs.kit.errors import UserError


def errors_field() -> list[UserError]:
    return strawberry.field(default_factory=list, directives=[PAYLOAD_ERRORS])
