"""Settings of the notifications worker, relay and mail: `AGORA_SMTP_*`, `AGORA_PUSH_*`, ...

Kept apart from the subgraph kit's settings: only the worker side needs them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class NotifySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AGORA_", extra="ignore")

    data_dir: Path = Path(".data")
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: str = "agora:"
    # Links in emails point here (the web app, or the router in development).
    public_url: str = "http://127.0.0.1:8080"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "Agora <no-reply@agora.local>"
    smtp_starttls: bool = False
    # CA bundle that signs the SMTP server's certificate (default: the system's).
    smtp_ca_file: Path | None = None
    smtp_timeout_seconds: float = 10.0

    email_max_attempts: int = 6
    # Retry n waits base * 2**(n-1) seconds (capped): 30 s, 1 min, 2 min, ...
    email_retry_base_seconds: float = 30.0
    email_retry_max_seconds: float = 3600.0
    # An event's email waits this many attempts for the recipient's address to be known.
    hourly_notification_cap: int = 100
    read_notification_retention_days: int = 90

    # Push: FCM for IOS/ANDROID when credentials are set, Web Push for WEB when a VAPID key is.
    fcm_credentials_file: Path | None = None
    fcm_endpoint: str = "https://fcm.googleapis.com"
    vapid_private_key_file: Path | None = None
    vapid_subject: str = "mailto:admin@agora.local"

    # Celery over Redis: a task a dead worker held comes back after this many seconds. Retry
    # waits (email, push, events) are capped at 80% of it.
    celery_visibility_timeout: float = 300.0
    relay_interval_seconds: float = 0.5
    relay_batch_size: int = 100
    # A sent event the worker has not stored after this long is sent again (then after 2x,
    # 4x, ... up to 64x), at most relay_max_attempts publications in all.
    relay_confirm_timeout_seconds: float = 60.0
    relay_max_attempts: int = 8


@lru_cache(maxsize=1)
def get_notify_settings() -> NotifySettings:
    return NotifySettings()
