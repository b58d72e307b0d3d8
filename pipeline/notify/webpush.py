"""Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291).

Configured by `AGORA_VAPID_PRIVATE_KEY_FILE` (a P-256 private key, PEM) and
`AGORA_VAPID_SUBJECT`. A WEB device's token is the browser's PushSubscription as JSON:
`{"endpoint": "https://...", "keys": {"p256dh": ..., "auth": ...}}`.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from pipeline.notify.push import DeadToken, PushMessage

RECORD_SIZE = 4096
TTL_SECONDS = 24 * 3600


def b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _public_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def _hkdf(salt: bytes, secret: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


def encrypt(
    plaintext: bytes,
    receiver_public: bytes,
    auth_secret: bytes,
    *,
    sender_private: ec.EllipticCurvePrivateKey | None = None,
    salt: bytes | None = None,
) -> bytes:
    """The aes128gcm body (RFC 8291 §4): header (salt, record size, sender key) + one record."""
    sender = sender_private or ec.generate_private_key(ec.SECP256R1())
    salt = salt or os.urandom(16)
    receiver = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), receiver_public)
    sender_public = _public_bytes(sender.public_key())
    shared = sender.exchange(ec.ECDH(), receiver)
    key_info = b"WebPush: info\x00" + receiver_public + sender_public
    ikm = _hkdf(auth_secret, shared, key_info, 32)
    cek = _hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = _hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    record = AESGCM(cek).encrypt(nonce, plaintext + b"\x02", None)  # \x02: last record
    header = salt + struct.pack("!IB", RECORD_SIZE, len(sender_public)) + sender_public
    return header + record


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: bytes
    auth: bytes

    @classmethod
    def parse(cls, token: str) -> Subscription:
        value = json.loads(token)
        return cls(
            endpoint=value["endpoint"],
            p256dh=b64url_decode(value["keys"]["p256dh"]),
            auth=b64url_decode(value["keys"]["auth"]),
        )


class WebPushProvider:
    name = "webpush"

    def __init__(
        self,
        vapid_key: ec.EllipticCurvePrivateKey,
        *,
        subject: str,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.vapid_key = vapid_key
        self.subject = subject
        self._http = http

    @classmethod
    def from_file(cls, path: Path, *, subject: str) -> WebPushProvider:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("the VAPID key must be an EC P-256 private key")
        return cls(key, subject=subject)

    @property
    def application_server_key(self) -> str:
        """What the web app passes to `pushManager.subscribe` (applicationServerKey)."""
        return b64url(_public_bytes(self.vapid_key.public_key()))

    def vapid_header(self, endpoint: str, now: float | None = None) -> str:
        parts = urlsplit(endpoint)
        claims = {
            "aud": f"{parts.scheme}://{parts.netloc}",
            "exp": int((now if now is not None else time.time()) + 12 * 3600),
            "sub": self.subject,
        }
        token = jwt.encode(claims, self.vapid_key, algorithm="ES256")
        return f"vapid t={token}, k={self.application_server_key}"

    def build_request(self, token: str, message: PushMessage) -> tuple[str, dict[str, str], bytes]:
        """(endpoint, headers, encrypted body) for one subscription."""
        subscription = Subscription.parse(token)
        payload: dict[str, Any] = {
            "title": message.title,
            "body": message.body,
            "data": message.data,
        }
        body = encrypt(json.dumps(payload).encode(), subscription.p256dh, subscription.auth)
        headers = {
            "authorization": self.vapid_header(subscription.endpoint),
            "content-encoding": "aes128gcm",
            "content-type": "application/octet-stream",
            "ttl": str(TTL_SECONDS),
            "urgency": "normal",
        }
        return subscription.endpoint, headers, body

    async def send(self, token: str, message: PushMessage) -> None:
        endpoint, headers, body = self.build_request(token, message)
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=10.0)
        response = await self._http.post(endpoint, content=body, headers=headers)
        if response.status_code in (404, 410):  # the subscription expired or was revoked
            raise DeadToken(token)
        response.raise_for_status()
