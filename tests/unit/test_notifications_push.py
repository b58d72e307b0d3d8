"""Push providers: selection by configuration, FCM and Web Push request building."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from pipeline.notify.fcm import FcmProvider, build_fcm_message
from pipeline.notify.providers import providers_for
from pipeline.notify.push import LoggingPushProvider, PushMessage, push_message
from pipeline.notify.settings import NotifySettings
from pipeline.notify.webpush import WebPushProvider, b64url, b64url_decode

MESSAGE = PushMessage(title="New order", body="Ada ordered “Logo”.", data={"kind": "ORDER_PLACED"})


def service_account(tmp_path: Path) -> tuple[Path, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    path = tmp_path / "fcm.json"
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "agora-test", "private_key": pem,
        "client_email": "push@agora-test.iam.gserviceaccount.com",
        "token_uri": "https://oauth2.googleapis.com/token",
    }))  # fmt: skip
    return path, key


def vapid_key_file(tmp_path: Path) -> tuple[Path, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "vapid.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path, key


def test_logging_provider_by_default() -> None:
    providers = providers_for(NotifySettings())
    assert set(providers) == {"IOS", "ANDROID", "WEB"}
    assert all(isinstance(p, LoggingPushProvider) for p in providers.values())


def test_fcm_and_web_push_are_chosen_by_configuration(tmp_path: Path) -> None:
    fcm_file, _ = service_account(tmp_path)
    only_fcm = providers_for(NotifySettings(fcm_credentials_file=fcm_file))
    assert [only_fcm[p].name for p in ("IOS", "ANDROID", "WEB")] == ["fcm", "fcm", "log"]
    vapid_file, _ = vapid_key_file(tmp_path)
    both = providers_for(
        NotifySettings(fcm_credentials_file=fcm_file, vapid_private_key_file=vapid_file)
    )
    assert [both[p].name for p in ("IOS", "ANDROID", "WEB")] == ["fcm", "fcm", "webpush"]


def test_push_message_keeps_strings_and_drops_secrets() -> None:
    payload = {
        "title": "T",
        "body": "B",
        "data": {"orderId": "o1", "rating": 5, "token": "secret", "nested": {"x": 1}},
    }
    message = push_message(payload, "REVIEW_POSTED", "n1")
    assert message.data == {
        "kind": "REVIEW_POSTED",
        "notificationId": "n1",
        "orderId": "o1",
        "rating": "5",
    }


def test_fcm_request_and_service_account_assertion(tmp_path: Path) -> None:
    path, key = service_account(tmp_path)
    provider = FcmProvider.from_file(path, endpoint="https://fcm.googleapis.com/")
    assert provider.send_url == "https://fcm.googleapis.com/v1/projects/agora-test/messages:send"
    body = build_fcm_message("device-1", MESSAGE)
    assert body["message"]["token"] == "device-1"
    assert body["message"]["notification"] == {"title": "New order", "body": "Ada ordered “Logo”."}
    assert body["message"]["data"] == {"kind": "ORDER_PLACED"}
    claims = jwt.decode(
        provider.assertion(now=1_700_000_000),
        key.public_key(),
        algorithms=["RS256"],
        audience="https://oauth2.googleapis.com/token",
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["iss"] == "push@agora-test.iam.gserviceaccount.com"
    assert claims["scope"] == "https://www.googleapis.com/auth/firebase.messaging"
    assert claims["exp"] - claims["iat"] == 3600


def decrypt(body: bytes, receiver: ec.EllipticCurvePrivateKey, auth: bytes) -> bytes:
    """The browser's side of RFC 8291, to check what we built."""
    salt, (record_size, key_length) = body[:16], struct.unpack("!IB", body[16:21])
    sender_public = body[21 : 21 + key_length]
    assert record_size == 4096
    receiver_public = receiver.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public)
    shared = receiver.exchange(ec.ECDH(), sender)

    def hkdf(salt: bytes, secret: bytes, info: bytes, length: int) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)

    ikm = hkdf(auth, shared, b"WebPush: info\x00" + receiver_public + sender_public, 32)
    cek = hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    plain = AESGCM(cek).decrypt(nonce, body[21 + key_length :], None)
    assert plain.endswith(b"\x02")
    return plain[:-1]


def test_web_push_request_is_encrypted_for_the_subscription_and_signed(tmp_path: Path) -> None:
    vapid_file, vapid = vapid_key_file(tmp_path)
    provider = WebPushProvider.from_file(vapid_file, subject="mailto:ops@agora.test")
    browser = ec.generate_private_key(ec.SECP256R1())
    auth = b"0123456789abcdef"
    p256dh = browser.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    endpoint = "https://push.example.test/send/abc"
    token = json.dumps(
        {"endpoint": endpoint, "keys": {"p256dh": b64url(p256dh), "auth": b64url(auth)}}
    )

    url, headers, body = provider.build_request(token, MESSAGE)
    assert url == endpoint
    assert headers["content-encoding"] == "aes128gcm" and int(headers["ttl"]) > 0
    payload = json.loads(decrypt(body, browser, auth))
    assert payload == {
        "title": "New order",
        "body": "Ada ordered “Logo”.",
        "data": {"kind": "ORDER_PLACED"},
    }

    scheme, _, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert b64url_decode(fields["k"]) == vapid.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    claims = jwt.decode(
        fields["t"], vapid.public_key(), algorithms=["ES256"], audience="https://push.example.test"
    )
    assert claims["sub"] == "mailto:ops@agora.test"
