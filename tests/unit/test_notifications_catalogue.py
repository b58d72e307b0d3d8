"""Every event kind of DOMAIN.md §5 has a category, a title, a body and an email template."""

from __future__ import annotations

from pipeline.notify.templates import EMAIL_TEMPLATES, render_email
from pipeline.worker import app
from subgraphs.notifications.models import Category
from subgraphs.notifications.rules.catalogue import KINDS
from subgraphs.notifications.rules.preferences import Preferences

DOMAIN_KINDS = [
    "USER_REGISTERED",
    "EMAIL_VERIFICATION_REQUESTED",
    "ORDER_PLACED",
    "ORDER_ACCEPTED",
    "ORDER_DELIVERED",
    "REVISION_REQUESTED",
    "ORDER_COMPLETED",
    "ORDER_CANCELLED",
    "DISPUTE_OPENED",
    "DISPUTE_MESSAGE",
    "DISPUTE_RESOLVED",
    "REVIEW_POSTED",
    "REVIEW_REPLIED",
    "PROPOSAL_RECEIVED",
    "PROPOSAL_ACCEPTED",
    "PROPOSAL_REJECTED",
    "GIG_APPROVED",
    "GIG_REJECTED",
    "COMMENT_ON_POST",
    "COMMENT_REPLY",
    "MEMBER_JOINED",
    "MEMBER_ROLE_CHANGED",
    "PRODUCT_REVIEWED",
    "PRODUCT_FAVORITED",
]


def test_every_kind_is_catalogued_with_an_email_template() -> None:
    assert set(KINDS) == set(DOMAIN_KINDS) == set(EMAIL_TEMPLATES)
    for kind in KINDS.values():
        title, body = kind.render({})
        assert title and body and "{" not in title + body, kind.name
    assert [k for k in KINDS.values() if k.email_only] == [KINDS["EMAIL_VERIFICATION_REQUESTED"]]


def test_categories() -> None:
    assert KINDS["ORDER_PLACED"].category is Category.ORDERS
    assert KINDS["REVIEW_POSTED"].category is Category.REVIEWS
    assert KINDS["DISPUTE_MESSAGE"].category is Category.MESSAGES
    assert KINDS["COMMENT_REPLY"].category is Category.SOCIAL
    defaults = Preferences()
    assert not defaults.allows(Category.MARKETING)
    assert all(defaults.allows(c) for c in Category if c is not Category.MARKETING)
    muted = Preferences(orders=False, reviews=False, messages=False, social=False)
    assert muted.allows(Category.ACCOUNT)  # account mail has no switch


def test_templates_fill_in_event_data_and_fall_back() -> None:
    assert KINDS["ORDER_CANCELLED"].render({"gigTitle": "Logo", "reason": "late"}) == (
        "Order cancelled",
        "The order for “Logo” was cancelled: late.",
    )
    assert KINDS["ORDER_CANCELLED"].render({})[1] == (
        "The order for “your gig” was cancelled: no reason given."
    )


def test_email_html_is_escaped_and_links_are_quoted() -> None:
    payload = {"data": {"gigTitle": "<script>x</script>", "orderId": "a/b c"}}
    email = render_email("ORDER_PLACED", payload, public_url="https://agora.test/")
    assert email.subject == "New order"
    assert "<script>" in email.text and "<script>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert "https://agora.test/orders/a%2Fb%20c" in email.text
    assert 'href="https://agora.test/orders/a%2Fb%20c"' in email.html


def test_worker_configuration() -> None:
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.broker_url.startswith("redis://") and conf.result_backend.startswith("redis://")
    assert conf.broker_transport_options["global_keyprefix"].endswith("celery:")
    # Survives losing Redis (pipeline.broker) and retries connecting forever.
    assert conf.broker_transport == "pipeline.broker:Transport"
    assert conf.broker_connection_retry and conf.broker_connection_retry_on_startup
    assert conf.broker_connection_max_retries is None
    options = conf.broker_transport_options
    assert options["socket_timeout"] > 1 and options["health_check_interval"] > 0
    assert 60 <= options["visibility_timeout"] <= 600  # the default: 5 min
    assert conf.task_ignore_result
    cleanup = conf.beat_schedule["cleanup-read-notifications"]
    assert cleanup["task"] == "agora.cleanup_notifications"
    assert "agora.cleanup_notifications" in app.tasks


def test_event_data_as_other_subgraphs_write_it() -> None:
    proposal = KINDS["PROPOSAL_RECEIVED"].render({"title": "Landing page", "gigTitle": "Web"})
    assert proposal[1] == "You received a custom offer: “Landing page”."
    resolved = KINDS["DISPUTE_RESOLVED"].render({"gigTitle": "Logo", "winner": "SELLER"})
    assert resolved[1] == "The dispute about “Logo” was resolved in favour of the seller."
    role = KINDS["MEMBER_ROLE_CHANGED"].render({"role": "MODERATOR", "channelName": "Python"})
    assert role[1] == "You are now a moderator of Python."
