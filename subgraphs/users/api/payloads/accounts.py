"""The payload of a change to an account."""

from __future__ import annotations

from subgraphs.kit.payloads import Payload
from subgraphs.users.api.types.accounts import User


class UserPayload(Payload):
    user: User | None = None
