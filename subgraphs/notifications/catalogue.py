"""What each event kind means to its recipient: category, title and body.

Titles and bodies are `str.format` templates over the event's `data`. Keys an event does not
carry fall back to a neutral phrase (`FALLBACKS`), so a sparse event still reads well.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class Category(enum.Enum):
    ORDERS = "orders"
    REVIEWS = "reviews"
    MESSAGES = "messages"
    SOCIAL = "social"
    MARKETING = "marketing"
    # Account mail (welcome, email verification): no switch turns it off.
    ACCOUNT = "account"


@dataclass(frozen=True)
class Kind:
    name: str
    category: Category
    title: str
    body: str
    # Only an email (no in-app notification, no push), sent whatever the preferences say.
    email_only: bool = False

    def render(self, data: Mapping[str, Any]) -> tuple[str, str]:
        values = _Values(data)
        formatter = string.Formatter()
        return formatter.vformat(self.title, (), values), formatter.vformat(self.body, (), values)


FALLBACKS: dict[str, str] = {
    "gigTitle": "your gig",
    "productTitle": "your product",
    "postTitle": "your post",
    "channelName": "your channel",
    "proposalTitle": "your proposal",
    "displayName": "there",
    "actorName": "Someone",
    "reason": "no reason given",
    "role": "a new role",
    "rating": "a",
    "winner": "one party",
}


class _Values(dict[str, Any]):
    """Event data as template values: strings only, never a KeyError."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__({key: str(value) for key, value in data.items() if value is not None})

    def __missing__(self, key: str) -> str:
        return FALLBACKS.get(key, "")


def _kinds(*kinds: Kind) -> dict[str, Kind]:
    return {kind.name: kind for kind in kinds}


ORDERS, REVIEWS, MESSAGES, SOCIAL = (
    Category.ORDERS,
    Category.REVIEWS,
    Category.MESSAGES,
    Category.SOCIAL,
)

KINDS: dict[str, Kind] = _kinds(
    Kind(
        "USER_REGISTERED",
        Category.ACCOUNT,
        "Welcome to Agora",
        "Hi {displayName}, your account is ready.",
    ),
    Kind(
        "EMAIL_VERIFICATION_REQUESTED",
        Category.ACCOUNT,
        "Confirm your email address",
        "Use the link in this email to confirm your address; it is valid for 24 hours.",
        email_only=True,
    ),
    Kind("ORDER_PLACED", ORDERS, "New order", "{actorName} ordered “{gigTitle}”."),
    Kind("ORDER_ACCEPTED", ORDERS, "Order accepted", "Your order for “{gigTitle}” is in progress."),
    Kind(
        "ORDER_DELIVERED",
        ORDERS,
        "Order delivered",
        "Your order for “{gigTitle}” was delivered: complete the order or ask for a revision.",
    ),
    Kind(
        "REVISION_REQUESTED",
        ORDERS,
        "Revision requested",
        "The buyer asked for a revision of “{gigTitle}”.",
    ),
    Kind("ORDER_COMPLETED", ORDERS, "Order completed", "The order for “{gigTitle}” is complete."),
    Kind(
        "ORDER_CANCELLED",
        ORDERS,
        "Order cancelled",
        "The order for “{gigTitle}” was cancelled: {reason}.",
    ),
    Kind(
        "DISPUTE_OPENED",
        ORDERS,
        "Dispute opened",
        "A dispute was opened on the order for “{gigTitle}”.",
    ),
    Kind(
        "DISPUTE_MESSAGE",
        MESSAGES,
        "New message in a dispute",
        "There is a new message in the dispute about “{gigTitle}”.",
    ),
    Kind(
        "DISPUTE_RESOLVED",
        ORDERS,
        "Dispute resolved",
        "The dispute about “{gigTitle}” was resolved in favour of {winner}.",
    ),
    Kind(
        "REVIEW_POSTED", REVIEWS, "New review", "Your gig “{gigTitle}” got a {rating}-star review."
    ),
    Kind(
        "REVIEW_REPLIED",
        REVIEWS,
        "Reply to your review",
        "The seller replied to your review of “{gigTitle}”.",
    ),
    Kind(
        "PROPOSAL_RECEIVED",
        ORDERS,
        "New proposal",
        "You received a custom offer: “{proposalTitle}”.",
    ),
    Kind(
        "PROPOSAL_ACCEPTED",
        ORDERS,
        "Proposal accepted",
        "Your proposal “{proposalTitle}” was accepted.",
    ),
    Kind(
        "PROPOSAL_REJECTED",
        ORDERS,
        "Proposal declined",
        "Your proposal “{proposalTitle}” was declined.",
    ),
    Kind("GIG_APPROVED", ORDERS, "Gig approved", "Your gig “{gigTitle}” is live."),
    Kind(
        "GIG_REJECTED",
        ORDERS,
        "Gig needs changes",
        "Your gig “{gigTitle}” was not approved: {reason}.",
    ),
    Kind("COMMENT_ON_POST", SOCIAL, "New comment", "{actorName} commented on “{postTitle}”."),
    Kind(
        "COMMENT_REPLY",
        SOCIAL,
        "New reply",
        "{actorName} replied to your comment on “{postTitle}”.",
    ),
    Kind("MEMBER_JOINED", SOCIAL, "New member", "{actorName} joined {channelName}."),
    Kind(
        "MEMBER_ROLE_CHANGED", SOCIAL, "Your role changed", "You are now {role} in {channelName}."
    ),
    Kind(
        "PRODUCT_REVIEWED",
        REVIEWS,
        "New product review",
        "“{productTitle}” got a {rating}-star review.",
    ),
    Kind(
        "PRODUCT_FAVORITED",
        SOCIAL,
        "Product favorited",
        "Someone added “{productTitle}” to their favorites.",
    ),
)


def kind_of(name: str) -> Kind | None:
    return KINDS.get(name)
