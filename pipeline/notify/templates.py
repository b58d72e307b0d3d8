"""Email templates, one per event kind: subject, plain text and HTML.

Each kind has a template (`EMAIL_TEMPLATES`): a subject, the paragraphs of the text, and a
call to action (label and link, both templates over the event data). The HTML version is the
same words in a shared layout, every value escaped.
"""

from __future__ import annotations

import html
import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from subgraphs.notifications.rules.catalogue import KINDS, TemplateValues


@dataclass(frozen=True)
class EmailTemplate:
    subject: str
    paragraphs: tuple[str, ...]
    action_label: str
    action_path: str  # below the public URL; "{...}" values are URL-quoted


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


class _Quoted(dict[str, str]):
    """Template values quoted for a URL path or query (looked up on use)."""

    def __init__(self, values: TemplateValues) -> None:
        super().__init__()
        self._source = values

    def __missing__(self, key: str) -> str:
        return quote(str(self._source[key]), safe="")


def _template(kind: str, label: str, path: str, *extra: str) -> EmailTemplate:
    known = KINDS[kind]
    return EmailTemplate(known.title, (known.body, *extra), label, path)


_ORDER = "/orders/{orderId}"
EMAIL_TEMPLATES: dict[str, EmailTemplate] = {
    "USER_REGISTERED": _template(
        "USER_REGISTERED",
        "Open Agora",
        "/",
        "Find freelancers, sell your work and join channels: it all starts from your profile.",
    ),
    "EMAIL_VERIFICATION_REQUESTED": EmailTemplate(
        "Confirm your email address",
        (
            "Please confirm that this is your email address.",
            "The link is valid for 24 hours. If you did not create an Agora account, "
            "ignore this email.",
        ),
        "Confirm my email",
        "/verify-email?token={token}",
    ),
    "ORDER_PLACED": _template("ORDER_PLACED", "View the order", _ORDER, "Accept it to start."),
    "ORDER_ACCEPTED": _template("ORDER_ACCEPTED", "View the order", _ORDER),
    "ORDER_DELIVERED": _template("ORDER_DELIVERED", "Review the delivery", _ORDER),
    "REVISION_REQUESTED": _template("REVISION_REQUESTED", "View the request", _ORDER),
    "ORDER_COMPLETED": _template("ORDER_COMPLETED", "View the order", _ORDER),
    "ORDER_CANCELLED": _template("ORDER_CANCELLED", "View the order", _ORDER),
    "DISPUTE_OPENED": _template("DISPUTE_OPENED", "View the dispute", _ORDER),
    "DISPUTE_MESSAGE": _template("DISPUTE_MESSAGE", "Read the message", _ORDER),
    "DISPUTE_RESOLVED": _template("DISPUTE_RESOLVED", "View the order", _ORDER),
    "REVIEW_POSTED": _template("REVIEW_POSTED", "Read the review", "/gigs/{gigId}"),
    "REVIEW_REPLIED": _template("REVIEW_REPLIED", "Read the reply", "/gigs/{gigId}"),
    "PROPOSAL_RECEIVED": _template(
        "PROPOSAL_RECEIVED", "View the offer", "/proposals/{proposalId}"
    ),
    "PROPOSAL_ACCEPTED": _template("PROPOSAL_ACCEPTED", "View the order", _ORDER),
    "PROPOSAL_REJECTED": _template("PROPOSAL_REJECTED", "View your proposals", "/proposals"),
    "GIG_APPROVED": _template("GIG_APPROVED", "See your gig", "/gigs/{gigId}"),
    "GIG_REJECTED": _template("GIG_REJECTED", "Edit your gig", "/gigs/{gigId}/edit"),
    "COMMENT_ON_POST": _template("COMMENT_ON_POST", "Read the comment", "/posts/{postId}"),
    "COMMENT_REPLY": _template("COMMENT_REPLY", "Read the reply", "/posts/{postId}"),
    "MEMBER_JOINED": _template("MEMBER_JOINED", "See the channel", "/channels/{channelId}"),
    "MEMBER_ROLE_CHANGED": _template(
        "MEMBER_ROLE_CHANGED", "See the channel", "/channels/{channelId}"
    ),
    "PRODUCT_REVIEWED": _template("PRODUCT_REVIEWED", "Read the review", "/products/{productId}"),
    "PRODUCT_FAVORITED": _template(
        "PRODUCT_FAVORITED", "See your product", "/products/{productId}"
    ),
}

# "Change them" opens the router's GraphiQL (updateNotificationPreferences) until a web app
# serves its own settings page: with AGORA_PUBLIC_URL pointing at one, set this path there.
SETTINGS_PATH = "/graphql"

LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{subject}</title></head>
<body style="font-family: system-ui, sans-serif; color: #1f2328; max-width: 560px; margin: auto">
<h1 style="font-size: 20px">{subject}</h1>
{greeting}{paragraphs}
<p><a href="{url}" style="background: #0969da; color: #fff; padding: 10px 16px;
border-radius: 6px; text-decoration: none">{label}</a></p>
<p style="color: #656d76; font-size: 12px">You get this email because of your Agora
notification settings. <a href="{settings_url}">Change them</a>.</p>
</body></html>
"""


def render_email(kind: str, payload: dict[str, Any], *, public_url: str) -> RenderedEmail:
    """The email for one delivery; `payload` holds the event's `data` (see delivery.py)."""
    template = EMAIL_TEMPLATES[kind]
    data = payload.get("data") or {}
    values = TemplateValues(data)
    formatter = string.Formatter()
    subject = formatter.vformat(template.subject, (), values)
    paragraphs = [formatter.vformat(p, (), values) for p in template.paragraphs]
    url = public_url.rstrip("/") + formatter.vformat(template.action_path, (), _Quoted(values))
    name = values.get("displayName")
    greeting = f"Hi {name}," if name else "Hello,"
    text = "\n\n".join([greeting, *paragraphs, f"{template.action_label}: {url}", "— Agora"])
    page = LAYOUT.format(
        subject=html.escape(subject),
        greeting=f"<p>{html.escape(greeting)}</p>\n",
        paragraphs="".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs),
        url=html.escape(url, quote=True),
        label=html.escape(template.action_label),
        settings_url=html.escape(public_url.rstrip("/") + SETTINGS_PATH, quote=True),
    )
    return RenderedEmail(subject=subject, text=text + "\n", html=page)
