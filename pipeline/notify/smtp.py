"""Sending one email over SMTP (plain or STARTTLS with a verified certificate, optional
login), as text + HTML."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from pipeline.notify.settings import NotifySettings
from pipeline.notify.templates import RenderedEmail


def build_message(
    rendered: RenderedEmail, *, sender: str, recipient: str, reference: str
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = rendered.subject
    # Stable per delivery: a resent email is recognisably the same message.
    message["Message-ID"] = make_msgid(idstring=reference, domain="agora.local")
    message["X-Agora-Delivery"] = reference
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def send_message(message: EmailMessage, settings: NotifySettings) -> None:
    """Blocking; raises smtplib/OS errors (the caller records them and retries)."""
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
    ) as client:
        if settings.smtp_starttls:  # verified TLS: a login never crosses an unchecked channel
            client.starttls(context=ssl.create_default_context(cafile=settings.smtp_ca_file))
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password or "")
        client.send_message(message)
