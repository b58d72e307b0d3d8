"""Which push provider serves each platform: FCM (IOS, ANDROID) when
`AGORA_FCM_CREDENTIALS_FILE` is set, Web Push (WEB) when `AGORA_VAPID_PRIVATE_KEY_FILE` is set,
and the logging provider for the rest (development)."""

from __future__ import annotations

from pipeline.notify.fcm import FcmProvider
from pipeline.notify.push import LoggingPushProvider, PushProvider
from pipeline.notify.settings import NotifySettings
from pipeline.notify.webpush import WebPushProvider
from subgraphs.notifications.models import Platform


def providers_for(settings: NotifySettings) -> dict[str, PushProvider]:
    logging_provider = LoggingPushProvider()
    providers: dict[str, PushProvider] = {platform: logging_provider for platform in Platform}
    if settings.fcm_credentials_file is not None:
        fcm = FcmProvider.from_file(settings.fcm_credentials_file, endpoint=settings.fcm_endpoint)
        providers[Platform.IOS] = providers[Platform.ANDROID] = fcm
    if settings.vapid_private_key_file is not None:
        providers[Platform.WEB] = WebPushProvider.from_file(
            settings.vapid_private_key_file, subject=settings.vapid_subject
        )
    return providers
