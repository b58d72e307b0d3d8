"""What a new account starts with."""

from __future__ import annotations

import strawberry


@strawberry.input
class RegisterInput:
    email: str
    password: str
    first_name: str
    last_name: str
