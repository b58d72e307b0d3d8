"""Sending one delivery (an event's email, or its push to every device), with retries.

A delivery row is claimed with `FOR UPDATE SKIP LOCKED` while PENDING, so two workers never
send it at once and a SENT one is never sent again. Each failed attempt is recorded
(`delivery_failures`, `attempts`, `last_error`); after `max_attempts` the row is FAILED.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.notify.push import DeadToken, PushProvider, push_message
from pipeline.notify.settings import NotifySettings
from pipeline.notify.smtp import build_message, send_message
from pipeline.notify.templates import render_email
from subgraphs.kit.database import Database
from subgraphs.notifications.models import (
    Delivery,
    DeliveryFailure,
    DeliveryStatus,
    Notification,
)
from subgraphs.notifications.rules.delivery import address_of
from subgraphs.notifications.rules.devices import devices_of, forget_token


class NoAddress(Exception):
    """No email address is known for the recipient (yet)."""


@dataclass(frozen=True)
class Attempt:
    status: str  # SENT | FAILED | RETRY | SKIPPED (not pending, or claimed elsewhere)
    retry_in: float | None = None


def backoff(attempts: int, settings: NotifySettings) -> float:
    return min(
        settings.email_retry_base_seconds * 2 ** (attempts - 1), settings.email_retry_max_seconds
    )


async def _claim(session: AsyncSession, delivery_id: uuid.UUID) -> Delivery | None:
    statement = (
        select(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.PENDING)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def _fail(
    session: AsyncSession, delivery: Delivery, error: BaseException, settings: NotifySettings
) -> Attempt:
    delivery.attempts += 1
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    session.add(
        DeliveryFailure(
            delivery_id=delivery.id, attempt=delivery.attempts, error=delivery.last_error
        )
    )
    if delivery.attempts >= settings.email_max_attempts:
        delivery.status = DeliveryStatus.FAILED
        return Attempt("FAILED")
    return Attempt("RETRY", backoff(delivery.attempts, settings))


# Event data that must not outlive its email (the verification token is a credential).
SECRET_KEYS = ("token",)


def _sent(delivery: Delivery) -> Attempt:
    delivery.attempts += 1
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = func.now()
    data = delivery.payload.get("data") or {}
    if any(key in data for key in SECRET_KEYS):
        scrubbed = {k: v for k, v in data.items() if k not in SECRET_KEYS}
        delivery.payload = {**delivery.payload, "data": scrubbed}
    return Attempt("SENT")


async def send_email_delivery(
    db: Database, delivery_id: uuid.UUID, settings: NotifySettings
) -> Attempt:
    async with db.session() as session, session.begin():
        delivery = await _claim(session, delivery_id)
        if delivery is None:
            return Attempt("SKIPPED")
        try:
            recipient = await _email_address(session, delivery)
            rendered = render_email(delivery.kind, delivery.payload, public_url=settings.public_url)
            message = build_message(
                rendered, sender=settings.smtp_from, recipient=recipient, reference=str(delivery.id)
            )
            await asyncio.to_thread(send_message, message, settings)
        except Exception as error:
            return await _fail(session, delivery, error, settings)
        return _sent(delivery)


async def _email_address(session: AsyncSession, delivery: Delivery) -> str:
    data = delivery.payload.get("data") or {}
    if delivery.kind == "EMAIL_VERIFICATION_REQUESTED" and isinstance(data.get("email"), str):
        return str(data["email"])
    address = await address_of(session, delivery.recipient_id)
    if address is None:
        raise NoAddress(f"no email address known for user {delivery.recipient_id}")
    return address


async def send_push_delivery(
    db: Database,
    delivery_id: uuid.UUID,
    providers: Mapping[str, PushProvider],
    settings: NotifySettings,
) -> Attempt:
    async with db.session() as session, session.begin():
        delivery = await _claim(session, delivery_id)
        if delivery is None:
            return Attempt("SKIPPED")
        notification_id = (
            await session.execute(
                select(Notification.id).where(Notification.event_id == delivery.event_id)
            )
        ).scalar_one_or_none()
        message = push_message(
            delivery.payload,
            delivery.kind,
            None if notification_id is None else str(notification_id),
        )
        try:
            for device in await devices_of(session, delivery.recipient_id):
                try:
                    await providers[device.platform].send(device.token, message)
                except DeadToken:
                    await forget_token(session, device.token)
        except Exception as error:
            return await _fail(session, delivery, error, settings)
        return _sent(delivery)
