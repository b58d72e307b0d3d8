"""Pages the router serves to browsers following links from Agora's emails.

`GET /verify-email?token=...` (the link of the verification email, see pipeline.notify.templates)
runs the `verifyEmail` mutation through the router's own gateway and answers a tiny HTML page:
verified, or invalid or expired. No script, no style sheet: the page carries a strict CSP.
"""

from __future__ import annotations

import html
import logging
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from router.edge.client_ip import forwarded_client_headers
from router.errors import RequestError

logger = logging.getLogger(__name__)

VERIFY_EMAIL = (
    "mutation VerifyEmail($token: String!) { verifyEmail(token: $token) "
    "{ user { id isVerified } errors { code message } } }"
)
PAGE_HEADERS = {
    "content-security-policy": "default-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",  # the token must not leave in a Referer header
    "cache-control": "no-store",
}
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{message}</p></body></html>
"""


def _page(title: str, message: str, status: int) -> HTMLResponse:
    body = _PAGE.format(title=html.escape(title), message=html.escape(message))
    return HTMLResponse(body, status, headers=PAGE_HEADERS)


def _verified(result: dict[str, Any]) -> bool:
    payload = (result.get("data") or {}).get("verifyEmail") or {}
    user = payload.get("user") or {}
    return not result.get("errors") and not payload.get("errors") and bool(user.get("isVerified"))


async def verify_email(request: Request) -> HTMLResponse:
    token = request.query_params.get("token", "")
    if not token:
        return _page("Invalid link", "This verification link has no token.", 400)
    gateway = request.app.state.gateway
    try:
        result = await gateway.execute(
            VERIFY_EMAIL,
            operation_name="VerifyEmail",
            variables={"token": token},
            headers={"x-request-id": uuid.uuid4().hex, **forwarded_client_headers(request)},
        )
    except RequestError:
        logger.warning("verify-email page: the mutation was refused")
        return _page("Try again later", "Your email could not be verified right now.", 503)
    except Exception:
        logger.exception("verify-email page failed")
        return _page("Try again later", "Your email could not be verified right now.", 503)
    if _verified(result):
        return _page("Email verified", "Your email address is verified. Thank you!", 200)
    if result.get("data") is None:
        return _page("Try again later", "Your email could not be verified right now.", 503)
    return _page("Invalid link", "This verification link is invalid or expired.", 400)
