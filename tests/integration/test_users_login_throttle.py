"""Login throttle: counting and checking are one atomic step (issue 11, item 3)."""

from __future__ import annotations

import asyncio

from tests.integration.accounts import Accounts


async def test_concurrent_wrong_passwords_get_at_most_the_limit_of_checks(
    accounts: Accounts,
) -> None:
    account = await accounts.register()
    answers = await asyncio.gather(
        *(accounts.login_raw(account.email, "wrong-password-1") for _ in range(40))
    )
    codes = [answer["errors"][0]["code"] for answer in answers]
    # Only attempts that passed the throttle reach argon2 and answer INVALID_CREDENTIALS.
    assert codes.count("INVALID_CREDENTIALS") == 5
    assert codes.count("RATE_LIMITED") == 35
