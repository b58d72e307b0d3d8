"""What each event kind means to its recipient: category, title and body.

Titles and bodies are `str.format` templates over the event's `data`. Keys an event does not
carry fall back to a neutral phrase (`FALLBACKS`), so a sparse event still reads well. Names
of people are not in the text: clients show `actor { displayName }`, resolved by the router.

Data keys read: gigTitle, productTitle, postTitle, channelName, proposalTitle (or title),
reason, rating, role, winner (BUYER | SELLER), displayName; emails also link with orderId,
gigId, proposalId, postId, channelId, productId (pipeline.notify.templates).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from subgraphs.notifications.models import Category


@dataclass(frozen=True)
class Kind:
    name: str
    category: Category
    title: str
    body: str
    # Only an email (no in-app notification, no push), sent whatever the preferences say.
    email_only: bool = False

    def render(self, data: Mapping[str, Any]) -> tuple[str, str]:
        values = TemplateValues(data)
        formatter = string.Formatter()
        return formatter.vformat(self.title, (), values), formatter.vformat(self.body, (), values)


FALLBACKS: dict[str, str] = {
    "gigTitle": "your gig",
    "productTitle": "your product",
    "postTitle": "your post",
    "channelName": "your channel",
    "proposalTitle": "your proposal",
    "displayName": "there",
    "reason": "no reason given",
    "role": "a new role",
    "rating": "a",
    "winner": "one party",
}


# Another name some events use for the same value.
ALIASES: dict[str, str] = {"proposalTitle": "title"}
# Enum values as words.
WORDS: dict[str, dict[str, str]] = {
    "winner": {"BUYER": "the buyer", "SELLER": "the seller"},
    "role": {
        "OWNER": "owner",
        "ADMIN": "an admin",
        "MODERATOR": "a moderator",
        "MEMBER": "a member",
    },
}


class TemplateValues(dict[str, Any]):
    """Event data as template values: strings only, never a KeyError."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        values = {key: str(value) for key, value in data.items() if value is not None}
        for key, words in WORDS.items():
            if key in values:
                values[key] = words.get(values[key], values[key])
        super().__init__(values)

    def __missing__(self, key: str) -> str:
        alias = ALIASES.get(key)
        if alias is not None and alias in self:
            return str(self[alias])
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
    Kind("ORDER_PLACED", ORDERS, "New order", "You have a new order for “{gigTitle}”."),
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
    Kind("COMMENT_ON_POST", SOCIAL, "New comment", "There is a new comment on “{postTitle}”."),
    Kind(
        "COMMENT_REPLY",
        SOCIAL,
        "New reply",
        "There is a new reply to your comment on “{postTitle}”.",
    ),
    Kind("MEMBER_JOINED", SOCIAL, "New member", "A new member joined {channelName}."),
    Kind(
        "MEMBER_ROLE_CHANGED", SOCIAL, "Your role changed", "You are now {role} of {channelName}."
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
