"""Making accounts for tests through the public API (and admins through the CLI's service)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from subgraphs.kit.database import Database
from subgraphs.kit.transactions import in_transaction
from subgraphs.users.rules.registration import create_admin
from tests.support.graphql import GraphQLClient

PASSWORD = "correct-horse-42"

REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) {
    user { id email displayName roles isVerified }
    tokens { accessToken refreshToken accessTokenExpiresAt }
    errors { field code message }
  }
}
"""

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    user { id roles }
    tokens { accessToken refreshToken }
    errors { field code message }
  }
}
"""


@dataclass
class Account:
    id: str
    email: str
    password: str
    access: str
    refresh: str


def unique_email(tag: str = "user") -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.test"


class Accounts:
    def __init__(self, users: GraphQLClient, db: Database) -> None:
        self.users = users
        self.db = db

    async def register_raw(self, **fields: Any) -> dict[str, Any]:
        values = {
            "email": unique_email(),
            "password": PASSWORD,
            "firstName": "Ada",
            "lastName": "Lovelace",
        }
        values.update(fields)
        data = await self.users.data(REGISTER, {"input": values})
        payload: dict[str, Any] = data["register"]
        return payload

    async def register(self, **fields: Any) -> Account:
        payload = await self.register_raw(**fields)
        assert payload["errors"] == [], payload["errors"]
        return Account(
            id=payload["user"]["id"],
            email=payload["user"]["email"],
            password=fields.get("password", PASSWORD),
            access=payload["tokens"]["accessToken"],
            refresh=payload["tokens"]["refreshToken"],
        )

    async def login_raw(self, email: str, password: str) -> dict[str, Any]:
        data = await self.users.data(LOGIN, {"email": email, "password": password})
        payload: dict[str, Any] = data["login"]
        return payload

    async def login(self, email: str, password: str = PASSWORD) -> Account:
        payload = await self.login_raw(email, password)
        assert payload["errors"] == [], payload["errors"]
        return Account(
            id=payload["user"]["id"],
            email=email,
            password=password,
            access=payload["tokens"]["accessToken"],
            refresh=payload["tokens"]["refreshToken"],
        )

    async def admin(self) -> Account:
        email = unique_email("admin")
        await in_transaction(self.db, lambda s: create_admin(s, email, PASSWORD))
        return await self.login(email)

    async def with_roles(self, *roles: str) -> Account:
        """A fresh account holding `roles` (set by an admin), signed in again to carry them."""
        account = await self.register()
        admin = await self.admin()
        data = await self.users.data(
            "mutation($id: ID!, $roles: [Role!]!) { setUserRoles(userId: $id, roles: $roles) "
            "{ errors { code } } }",
            {"id": account.id, "roles": list(roles)},
            token=admin.access,
        )
        assert data["setUserRoles"]["errors"] == []
        return await self.login(account.email)
