"""SMTP with STARTTLS (verified certificate) and login, against the sink on loopback."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import signal
import smtplib
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from agora.smtp_sink import MailSink, start_sink
from pipeline.notify.settings import NotifySettings
from pipeline.notify.smtp import build_message, send_message
from pipeline.notify.templates import render_email

USER, PASSWORD = "agora", "mail-s3cret"


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture(scope="module")
def tls_sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, MailSink, Path]]:
    directory = tmp_path_factory.mktemp("tls-mail")
    cert_file, key_file = self_signed(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    controller, sink = start_sink(
        directory / "mail", tls_context=context, credentials=(USER, PASSWORD)
    )
    try:
        yield controller.port, sink, cert_file
    finally:
        controller.stop()


def message_to(recipient: str) -> EmailMessage:
    rendered = render_email(
        "GIG_APPROVED", {"data": {"gigTitle": "Logo"}}, public_url="https://agora.test"
    )
    return build_message(
        rendered, sender="Agora <no-reply@agora.test>", recipient=recipient, reference="d-1"
    )


async def test_starttls_and_login(tls_sink: tuple[int, MailSink, Path]) -> None:
    port, sink, cert_file = tls_sink
    settings = NotifySettings(
        smtp_port=port,
        smtp_starttls=True,
        smtp_ca_file=cert_file,
        smtp_user=USER,
        smtp_password=PASSWORD,
    )
    await asyncio.to_thread(send_message, message_to("tls@example.test"), settings)
    mails = await asyncio.to_thread(
        sink.wait_for, lambda ms: any("tls@example.test" in m.recipients for m in ms)
    )
    assert mails[-1].message["Subject"] == "Gig approved"


async def test_wrong_password_unverified_server_and_plain_text_are_refused(
    tls_sink: tuple[int, MailSink, Path],
) -> None:
    port, _, cert_file = tls_sink

    def settings(password: str = PASSWORD, **options: object) -> NotifySettings:
        return NotifySettings.model_validate(
            {"smtp_port": port, "smtp_user": USER, "smtp_password": password, **options}
        )

    wrong_password = settings("nope", smtp_starttls=True, smtp_ca_file=cert_file)
    with pytest.raises(smtplib.SMTPAuthenticationError):
        await asyncio.to_thread(send_message, message_to("x@example.test"), wrong_password)
    untrusted = settings(smtp_starttls=True)  # the system CAs do not know this cert
    with pytest.raises(ssl.SSLCertVerificationError):
        await asyncio.to_thread(send_message, message_to("x@example.test"), untrusted)
    plain = settings(smtp_starttls=False)  # no login over plain text
    with pytest.raises(smtplib.SMTPException):
        await asyncio.to_thread(send_message, message_to("x@example.test"), plain)


def test_the_sink_command_stops_on_sigterm(tmp_path: Path) -> None:
    """`docker stop` sends SIGTERM: the sink stops at once and cleanly (as a container's PID 1
    an unhandled SIGTERM is ignored, and compose kills it 10 s later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["smtp-sink", "--host", "127.0.0.1", "--port", str(port), "--dir", str(tmp_path)]
    sink = subprocess.Popen(
        [sys.executable, "-m", "agora.cli", *command],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sink.stdout is not None
        assert "listening" in sink.stdout.readline()
        sink.send_signal(signal.SIGTERM)
        assert sink.wait(timeout=10) == 0
    finally:
        sink.kill()
        sink.wait()
