"""A user's notification preferences as GraphQL shows them."""

from __future__ import annotations

import strawberry

from subgraphs.notifications.rules.preferences import Preferences


@strawberry.type(description="Which notifications reach the user, and how.")
class NotificationPreferences:
    in_app: bool
    email: bool
    push: bool
    orders: bool
    reviews: bool
    messages: bool
    social: bool
    marketing: bool

    @classmethod
    def from_preferences(cls, preferences: Preferences) -> NotificationPreferences:
        return cls(**preferences.__dict__)
