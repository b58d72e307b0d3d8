"""`agora smtp-sink`: a development SMTP server that keeps every mail as an .eml file.

Mails land in `<data dir>/mail/` (one file each, named by arrival time), so a developer can
open the verification link of an account they just registered. Tests use `MailSink` in
process: it can refuse the next n mails with a temporary error to exercise retries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import ssl
import threading
import uuid
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass(frozen=True)
class ReceivedMail:
    path: Path
    sender: str
    recipients: list[str]
    message: EmailMessage

    def body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None, f"no {subtype} part"
        content: str = part.get_content()
        return content


class MailSink:
    """The aiosmtpd handler: stores mails, answers 451 while `fail_next` > 0."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.mails: list[ReceivedMail] = []
        self.refused = 0
        self.fail_next = 0
        self._changed = threading.Condition()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._changed:
            if self.fail_next > 0:
                self.fail_next -= 1
                self.refused += 1
                self._changed.notify_all()
                return "451 4.3.0 Mailbox busy, try again later"
        content = envelope.original_content or b""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(content)
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        mail = ReceivedMail(
            path=path,
            sender=str(envelope.mail_from),
            recipients=[str(r) for r in envelope.rcpt_tos],
            message=message,
        )
        with self._changed:
            self.mails.append(mail)
            self._changed.notify_all()
        print(f"smtp-sink: {mail.recipients} {message['Subject']!r} -> {path}", flush=True)
        return "250 Message accepted for delivery"

    def wait_for(self, predicate: Any, timeout: float = 20.0) -> list[ReceivedMail]:
        """Blocks until `predicate(mails)` holds (or raises TimeoutError)."""
        with self._changed:
            if not self._changed.wait_for(lambda: predicate(self.mails), timeout=timeout):
                raise TimeoutError(f"mail condition not met in {timeout}s: {len(self.mails)} mails")
            return list(self.mails)


def start_sink(
    directory: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    tls_context: ssl.SSLContext | None = None,
    credentials: tuple[str, str] | None = None,
) -> tuple[Controller, MailSink]:
    """Serves in a thread; `controller.port` is the bound port; stop with `controller.stop()`.

    With `tls_context` STARTTLS is required; with `credentials` a login is (over TLS only).
    """
    sink = MailSink(directory)
    options: dict[str, Any] = {}
    if tls_context is not None:
        options.update(tls_context=tls_context, require_starttls=True)
    if credentials is not None:
        options.update(authenticator=_accepting(*credentials), auth_required=True)
    controller = Controller(sink, hostname=host, port=port or _free_port(host), **options)
    controller.start()
    return controller, sink


def _accepting(user: str, password: str) -> Any:
    def authenticate(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (user, password)
        # handled=False: aiosmtpd answers the refusal (535) itself.
        return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)

    return authenticate


def _free_port(host: str) -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from pipeline.notify.settings import get_notify_settings

    settings = get_notify_settings()
    parser.add_argument("--host", default=settings.smtp_host)
    parser.add_argument("--port", type=int, default=settings.smtp_port)
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to keep mails (default: <data dir>/mail)"
    )


def run(args: argparse.Namespace) -> int:
    from pipeline.notify.settings import get_notify_settings

    directory = (args.dir or get_notify_settings().data_dir / "mail").absolute()
    # SIGTERM (docker stop, Kubernetes) stops it as Ctrl-C does: as a container's PID 1 it
    # would otherwise be ignored, and the sink killed 10 s later. Set before "listening" is
    # said, so that whoever waits for that line may stop it at once.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    controller, _ = start_sink(directory, args.host, args.port)
    try:  # from before "listening": a signal right after it must land in here
        print(f"smtp-sink: listening on {args.host}:{args.port}, mails in {directory}", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
    return 0
