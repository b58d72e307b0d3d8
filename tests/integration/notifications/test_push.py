"""Push deliveries through the FCM and Web Push adapters against loopback stand-ins of the
providers' HTTP APIs: requests as the APIs expect them, dead devices forgotten, failures kept."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from pipeline.notify.deliveries import send_push_delivery
from pipeline.notify.fcm import FcmProvider
from pipeline.notify.push import PushProvider
from pipeline.notify.settings import NotifySettings
from pipeline.notify.webpush import WebPushProvider, b64url
from subgraphs.kit.database import Database
from subgraphs.kit.transactions import in_transaction
from subgraphs.notifications.models import Delivery, DeliveryFailure, Platform, PushDevice
from subgraphs.notifications.rules.delivery import accept_event
from subgraphs.notifications.rules.devices import register_device
from tests.integration.notifications.conftest import new_event
from tests.support.servers import serve


class FakeProviders:
    """Google's OAuth token endpoint, FCM's messages:send and a Web Push service."""

    def __init__(self) -> None:
        self.fcm: list[tuple[str, dict[str, Any]]] = []
        self.web: list[tuple[str, dict[str, str], bytes]] = []
        self.token_requests: list[dict[str, str]] = []
        self.failing = False

    def app(self) -> Starlette:
        async def token(request: Request) -> JSONResponse:
            self.token_requests.append(dict(await request.form()))  # type: ignore[arg-type]
            return JSONResponse({"access_token": "access-1", "expires_in": 3600})

        async def send(request: Request) -> JSONResponse:
            body = await request.json()
            if self.failing:
                return JSONResponse({"error": {"code": 503}}, status_code=503)
            if body["message"]["token"] == "fcm-dead":
                details = [
                    {
                        "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                        "errorCode": "UNREGISTERED",
                    }
                ]
                return JSONResponse({"error": {"code": 404, "details": details}}, status_code=404)
            self.fcm.append((request.headers["authorization"], body))
            return JSONResponse({"name": "projects/agora-test/messages/1"})

        async def web(request: Request) -> Response:
            name = request.path_params["name"]
            if name == "gone":
                return Response(status_code=410)
            self.web.append((name, dict(request.headers), await request.body()))
            return Response(status_code=201)

        return Starlette(
            routes=[
                Route("/token", token, methods=["POST"]),
                Route("/v1/projects/agora-test/messages:send", send, methods=["POST"]),
                Route("/push/{name}", web, methods=["POST"]),
            ]
        )


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[str, FakeProviders]]:
    providers = FakeProviders()
    with serve(providers.app()) as url:
        yield url, providers


def providers_against(url: str) -> dict[str, PushProvider]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    credentials = {
        "project_id": "agora-test",
        "client_email": "push@agora-test.iam",
        "private_key": pem,
        "token_uri": f"{url}/token",
    }
    fcm = FcmProvider(credentials, endpoint=url)
    web = WebPushProvider(ec.generate_private_key(ec.SECP256R1()), subject="mailto:ops@agora.test")
    return {"IOS": fcm, "ANDROID": fcm, "WEB": web}


def web_subscription(url: str, name: str) -> str:
    browser = ec.generate_private_key(ec.SECP256R1())
    p256dh = browser.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return json.dumps(
        {
            "endpoint": f"{url}/push/{name}",
            "keys": {"p256dh": b64url(p256dh), "auth": b64url(b"0123456789abcdef")},
        }
    )


async def push_delivery_for(db: Database, user: str) -> uuid.UUID:
    event = new_event("PROPOSAL_ACCEPTED", user, proposalTitle="Landing page", proposalId="p1")
    await accept_event(db, event, hourly_cap=100)
    async with db.session() as session:
        return (
            await session.execute(
                select(Delivery.id).where(Delivery.event_id == event.id, Delivery.channel == "PUSH")
            )
        ).scalar_one()


async def add_device(db: Database, user: str, token: str, platform: str) -> None:
    if platform == "WEB":  # loopback endpoints are http: skip the https rule of the API
        async with db.session() as session, session.begin():
            session.add(PushDevice(user_id=user, token=token, platform=platform))
    else:
        await in_transaction(db, lambda s: register_device(s, user, token, Platform(platform)))


async def tokens_of(db: Database, user: str) -> set[str]:
    async with db.session() as session:
        return set(
            (
                await session.execute(select(PushDevice.token).where(PushDevice.user_id == user))
            ).scalars()
        )


async def test_push_goes_to_every_device_and_dead_ones_are_forgotten(
    notify_db: Database, fake: tuple[str, FakeProviders], tmp_path: Path
) -> None:
    url, server = fake
    user = str(uuid.uuid4())
    alive_web, gone_web = web_subscription(url, "ok"), web_subscription(url, "gone")
    for token, platform in [
        ("fcm-alive", "ANDROID"),
        ("fcm-dead", "IOS"),
        (alive_web, "WEB"),
        (gone_web, "WEB"),
    ]:
        await add_device(notify_db, user, token, platform)
    delivery_id = await push_delivery_for(notify_db, user)

    attempt = await send_push_delivery(
        notify_db, delivery_id, providers_against(url), NotifySettings()
    )
    assert attempt.status == "SENT"
    assert await tokens_of(notify_db, user) == {"fcm-alive", alive_web}

    [(authorization, body)] = server.fcm
    assert authorization == "Bearer access-1"
    assert server.token_requests[0]["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer"
    message = body["message"]
    assert message["token"] == "fcm-alive"
    assert message["notification"] == {
        "title": "Proposal accepted",
        "body": "Your proposal “Landing page” was accepted.",
    }
    assert message["data"]["kind"] == "PROPOSAL_ACCEPTED" and message["data"]["proposalId"] == "p1"
    assert message["data"]["notificationId"]

    [(name, headers, encrypted)] = server.web
    assert name == "ok" and headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=") and len(encrypted) > 86

    # Sent once: a second run (a redelivered task) finds nothing pending.
    again = await send_push_delivery(
        notify_db, delivery_id, providers_against(url), NotifySettings()
    )
    assert again.status == "SKIPPED" and len(server.fcm) == 1


async def test_provider_errors_are_recorded_and_retried(
    notify_db: Database, fake: tuple[str, FakeProviders]
) -> None:
    url, server = fake
    user = str(uuid.uuid4())
    await add_device(notify_db, user, "fcm-flaky", "ANDROID")
    delivery_id = await push_delivery_for(notify_db, user)
    settings = NotifySettings(email_retry_base_seconds=2)
    server.failing = True
    try:
        attempt = await send_push_delivery(notify_db, delivery_id, providers_against(url), settings)
    finally:
        server.failing = False
    assert (attempt.status, attempt.retry_in) == ("RETRY", 2)
    async with notify_db.session() as session:
        delivery = await session.get(Delivery, delivery_id)
        failures = (
            (
                await session.execute(
                    select(DeliveryFailure.error).where(DeliveryFailure.delivery_id == delivery_id)
                )
            )
            .scalars()
            .all()
        )
    assert delivery is not None and (delivery.status, delivery.attempts) == ("PENDING", 1)
    assert len(failures) == 1 and "503" in failures[0]
    retried = await send_push_delivery(notify_db, delivery_id, providers_against(url), settings)
    assert retried.status == "SENT"
    assert await tokens_of(notify_db, user) == {"fcm-flaky"}
