"""register, verifyEmail, resendVerificationEmail over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from subgraphs.kit.database import Database
from subgraphs.users.models import EmailVerification, Outbox
from tests.integration.accounts import Accounts, unique_email
from tests.support.graphql import GraphQLClient

VERIFY = "mutation($t: String!) { verifyEmail(token: $t) { user { id isVerified } errors { code field } } }"
RESEND = "mutation { resendVerificationEmail { user { id } errors { code } } }"


async def outbox_rows(db: Database, user_id: str) -> list[Outbox]:
    async with db.session() as session:
        rows = await session.execute(
            select(Outbox).where(Outbox.recipient_id == user_id).order_by(Outbox.created_at)
        )
        return list(rows.scalars())


async def test_register_signs_the_user_in(accounts: Accounts, users: GraphQLClient) -> None:
    email = unique_email("Mixed.Case").upper()
    payload = await accounts.register_raw(email=email, firstName="  Grace ", lastName="Hopper")
    assert payload["errors"] == []
    assert payload["user"]["email"] == email.lower()
    assert payload["user"]["displayName"] == "Grace Hopper"
    assert payload["user"]["roles"] == []
    assert payload["user"]["isVerified"] is False
    me = await users.data("{ me { id email } }", token=payload["tokens"]["accessToken"])
    assert me["me"] == {"id": payload["user"]["id"], "email": email.lower()}


async def test_register_writes_welcome_and_verification_outbox_rows(
    accounts: Accounts, local_db: Database
) -> None:
    account = await accounts.register()
    rows = await outbox_rows(local_db, account.id)
    assert [row.kind for row in rows] == ["USER_REGISTERED", "EMAIL_VERIFICATION_REQUESTED"]
    assert rows[1].data["email"] == account.email
    assert len(rows[1].data["token"]) >= 32


async def test_email_taken_is_case_insensitive(accounts: Accounts) -> None:
    account = await accounts.register()
    payload = await accounts.register_raw(email=account.email.upper())
    assert payload["user"] is None and payload["tokens"] is None
    assert payload["errors"] == [
        {"field": "email", "code": "EMAIL_TAKEN", "message": "An account with this email exists."}
    ]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"password": "short1"}, "WEAK_PASSWORD", "password"),
        ({"password": "onlyletters"}, "WEAK_PASSWORD", "password"),
        ({"password": "1234567890"}, "WEAK_PASSWORD", "password"),
        ({"email": "not-an-email"}, "INVALID_EMAIL", "email"),
        ({"firstName": "   "}, "INVALID_NAME", "firstName"),
        ({"lastName": "x" * 101}, "INVALID_NAME", "lastName"),
    ],
)
async def test_register_rejects_bad_input(
    accounts: Accounts, fields: dict[str, str], code: str, field: str
) -> None:
    payload = await accounts.register_raw(**fields)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)]
    assert payload["user"] is None


async def test_password_equal_to_email_is_weak(accounts: Accounts) -> None:
    email = "same1@example.test"
    payload = await accounts.register_raw(email=email, password=email)
    assert [e["code"] for e in payload["errors"]] == ["WEAK_PASSWORD"]


async def test_verify_email_is_single_use(
    accounts: Accounts, users: GraphQLClient, local_db: Database
) -> None:
    account = await accounts.register()
    token = (await outbox_rows(local_db, account.id))[1].data["token"]
    first = await users.data(VERIFY, {"t": token})
    assert first["verifyEmail"] == {"user": {"id": account.id, "isVerified": True}, "errors": []}
    again = await users.data(VERIFY, {"t": token})
    assert again["verifyEmail"]["errors"] == [{"code": "INVALID_TOKEN", "field": "token"}]


async def test_expired_verification_token_is_refused(
    accounts: Accounts, users: GraphQLClient, local_db: Database
) -> None:
    account = await accounts.register()
    token = (await outbox_rows(local_db, account.id))[1].data["token"]
    async with local_db.session() as session:
        await session.execute(
            update(EmailVerification)
            .where(EmailVerification.user_id == account.id)
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
        await session.commit()
    result = await users.data(VERIFY, {"t": token})
    assert result["verifyEmail"]["errors"] == [{"code": "INVALID_TOKEN", "field": "token"}]
    me = await users.data("{ me { isVerified } }", token=account.access)
    assert me["me"]["isVerified"] is False


async def test_resend_verification(
    accounts: Accounts, users: GraphQLClient, local_db: Database
) -> None:
    account = await accounts.register()
    resent = await users.data(RESEND, token=account.access)
    assert resent["resendVerificationEmail"]["errors"] == []
    rows = await outbox_rows(local_db, account.id)
    tokens = [row.data["token"] for row in rows if row.kind == "EMAIL_VERIFICATION_REQUESTED"]
    assert len(tokens) == 2 and tokens[0] != tokens[1]
    await users.data(VERIFY, {"t": tokens[1]})
    again = await users.data(RESEND, token=account.access)
    assert again["resendVerificationEmail"]["errors"] == [{"code": "ALREADY_VERIFIED"}]


async def test_resend_needs_sign_in(users: GraphQLClient) -> None:
    body = await users.execute(RESEND)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
