"""Links in Agora's emails work: the verification link, followed as a browser would, verifies
the email (the router serves `/verify-email`, see router.pages)."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator

import httpx
import pytest

from agora.smtp_sink import MailSink, ReceivedMail, start_sink
from tests.e2e.conftest import Stack
from tests.e2e.pipeline import relay_and_worker
from tests.integration.accounts import Accounts
from tests.support.environment import TestEnvironment
from tests.support.graphql import GraphQLClient

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8", "user-agent": "Mozilla/5.0"}


@pytest.fixture(scope="module")
def mail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, MailSink]]:
    controller, sink = start_sink(tmp_path_factory.mktemp("links-mail"))
    try:
        yield controller.port, sink
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def pipeline(
    stack: Stack,
    mail: tuple[int, MailSink],
    test_env: TestEnvironment,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Relay and worker whose email links point at this run's router."""
    env = {**os.environ, "AGORA_PUBLIC_URL": stack.router_url}
    with relay_and_worker(env, mail[0], test_env, tmp_path_factory.mktemp("links")):
        yield


def _verification_mail(mails: list[ReceivedMail], email: str) -> ReceivedMail | None:
    for mail in mails:
        if email in mail.recipients and "Confirm your email" in str(mail.message["Subject"]):
            return mail
    return None


async def test_verification_link_followed_by_a_browser_verifies_the_email(
    stack: Stack,
    api: GraphQLClient,
    accounts: Accounts,
    pipeline: None,
    mail: tuple[int, MailSink],
) -> None:
    account = await accounts.register(firstName="Grace", lastName="Hopper")
    sink = mail[1]
    mails = await asyncio.to_thread(
        sink.wait_for, lambda ms: _verification_mail(ms, account.email) is not None
    )
    message = _verification_mail(mails, account.email)
    assert message is not None
    text = message.body("plain")
    assert text.startswith("Hi Grace Hopper,"), text
    found = re.search(r"(https?://\S+/verify-email\?token=\S+)", text)
    assert found is not None, text
    link = found.group(1)
    assert link.startswith(stack.router_url)

    me = "{ me { id isVerified } }"
    auth = {"authorization": f"Bearer {account.access}"}
    async with httpx.AsyncClient(timeout=30, follow_redirects=True) as browser:
        before = await browser.post(f"{stack.router_url}/graphql", json={"query": me}, headers=auth)
        assert before.json()["data"]["me"]["isVerified"] is False

        page = await browser.get(link, headers=BROWSER)
        assert page.status_code == 200, page.text
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"
        assert "Email verified" in page.text and "<script" not in page.text

        after = await browser.post(f"{stack.router_url}/graphql", json={"query": me}, headers=auth)
        assert after.json()["data"]["me"] == {"id": account.id, "isVerified": True}

        # The same link again, or a made-up token: invalid or expired, nothing verified.
        again = await browser.get(link, headers=BROWSER)
        assert again.status_code == 400 and "invalid or expired" in again.text
        bogus = await browser.get(
            f"{stack.router_url}/verify-email", params={"token": "nope"}, headers=BROWSER
        )
        assert bogus.status_code == 400 and "invalid or expired" in bogus.text
        missing = await browser.get(f"{stack.router_url}/verify-email", headers=BROWSER)
        assert missing.status_code == 400
