"""Firebase Cloud Messaging (HTTP v1 API) for IOS and ANDROID devices.

Configured by `AGORA_FCM_CREDENTIALS_FILE`, a Google service-account JSON file. The provider
signs a JWT with the account's key, exchanges it for an OAuth2 access token (cached until
shortly before it expires), and POSTs one message per device to
`{endpoint}/v1/projects/{project_id}/messages:send`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import jwt

from pipeline.notify.push import DeadToken, PushMessage

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
TOKEN_LIFETIME_SECONDS = 3600
REFRESH_MARGIN_SECONDS = 300
# FCM's words for a device that will never receive again.
DEAD_TOKEN_ERRORS = {"UNREGISTERED", "NOT_FOUND"}


def build_fcm_message(token: str, message: PushMessage) -> dict[str, Any]:
    """The v1 request body for one device."""
    return {
        "message": {
            "token": token,
            "notification": {"title": message.title, "body": message.body},
            "data": dict(message.data),
            "android": {"priority": "high"},
            "apns": {"payload": {"aps": {"sound": "default"}}},
        }
    }


class FcmProvider:
    name = "fcm"

    def __init__(
        self,
        credentials: dict[str, Any],
        *,
        endpoint: str = "https://fcm.googleapis.com",
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.project_id: str = credentials["project_id"]
        self.client_email: str = credentials["client_email"]
        self.private_key: str = credentials["private_key"]
        self.token_uri: str = credentials.get("token_uri", "https://oauth2.googleapis.com/token")
        self.endpoint = endpoint.rstrip("/")
        self._http = http
        self._access_token: str | None = None
        self._expires_at = 0.0

    @classmethod
    def from_file(cls, path: Path, *, endpoint: str) -> FcmProvider:
        return cls(json.loads(path.read_text()), endpoint=endpoint)

    @property
    def send_url(self) -> str:
        return f"{self.endpoint}/v1/projects/{self.project_id}/messages:send"

    def assertion(self, now: float | None = None) -> str:
        """The signed JWT exchanged for an access token (RFC 7523 bearer grant)."""
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": self.client_email,
            "scope": SCOPE,
            "aud": self.token_uri,
            "iat": issued,
            "exp": issued + TOKEN_LIFETIME_SECONDS,
        }
        return jwt.encode(claims, self.private_key, algorithm="RS256")

    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=10.0)
        return self._http

    async def access_token(self) -> str:
        if self._access_token is None or time.time() > self._expires_at - REFRESH_MARGIN_SECONDS:
            response = await self.http().post(
                self.token_uri,
                data={
                    "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion": self.assertion(),
                },
            )
            response.raise_for_status()
            body = response.json()
            self._access_token = str(body["access_token"])
            self._expires_at = time.time() + float(body.get("expires_in", TOKEN_LIFETIME_SECONDS))
        return self._access_token

    async def send(self, token: str, message: PushMessage) -> None:
        response = await self.http().post(
            self.send_url,
            json=build_fcm_message(token, message),
            headers={"authorization": f"Bearer {await self.access_token()}"},
        )
        if response.status_code in (404, 410) or _error_code(response) in DEAD_TOKEN_ERRORS:
            raise DeadToken(token)
        response.raise_for_status()


def _error_code(response: httpx.Response) -> str | None:
    if response.is_success:
        return None
    try:
        details = response.json()["error"].get("details", [])
    except (ValueError, KeyError, AttributeError):
        return None
    for detail in details:
        if isinstance(detail, dict) and "errorCode" in detail:
            return str(detail["errorCode"])
    return None
