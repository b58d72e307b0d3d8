"""Push notifications through a provider interface: the message, the provider protocol and
the logging provider of development. The real providers (pipeline.notify.fcm,
pipeline.notify.webpush) build on this module; pipeline.notify.providers chooses among them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

logger = logging.getLogger("agora.push")


@dataclass(frozen=True)
class PushMessage:
    title: str
    body: str
    data: dict[str, str] = field(default_factory=dict)  # providers carry strings only


class DeadToken(Exception):
    """The provider says the device is gone (uninstalled app, expired subscription)."""


class PushProvider(Protocol):
    name: str

    async def send(self, token: str, message: PushMessage) -> None:
        """Delivers to one device; raises DeadToken for a dead device, anything else to retry."""


class LoggingPushProvider:
    name = "log"

    def __init__(self) -> None:
        self.sent: list[tuple[str, PushMessage]] = []

    async def send(self, token: str, message: PushMessage) -> None:
        self.sent.append((token, message))
        logger.info(
            "push (logging provider)",
            extra={"token": token[:16], "title": message.title, "body": message.body},
        )


def push_message(payload: dict[str, Any], kind: str, notification_id: str | None) -> PushMessage:
    data = {"kind": kind}
    if notification_id:
        data["notificationId"] = notification_id
    for key, value in (payload.get("data") or {}).items():
        if isinstance(value, str | int | float | bool) and key not in ("token", "email"):
            data[key] = str(value)
    return PushMessage(
        title=str(payload.get("title", "")), body=str(payload.get("body", "")), data=data
    )
