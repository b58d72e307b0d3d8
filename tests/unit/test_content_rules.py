"""Pure rules of the content subgraph: slugs, the role table, input limits, search queries."""

from __future__ import annotations

import pytest

from subgraphs.content.models import ChannelRole
from subgraphs.content.rules import roles, validation
from subgraphs.content.rules.channels import CHANNEL_SLUGS
from subgraphs.content.rules.search import prefix_tsquery
from subgraphs.kit.errors import BadUserInput, DomainError
from subgraphs.kit.slugs import first_free, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Мой канал", "moi-kanal"),
        ("Hello, World!", "hello-world"),
        ("  --Ёлки  палки--  ", "iolki-palki"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("日本語", "ri-ben-yu"),
        ("🔥🔥🔥", ""),
        ("a" * 120, "a" * 80),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text, CHANNEL_SLUGS.max_length) == slug


def test_base_slug_is_never_empty() -> None:
    assert CHANNEL_SLUGS.base("🔥🔥🔥").startswith("channel-")
    # random, so two of them do not collide
    assert CHANNEL_SLUGS.base("🔥🔥🔥") != CHANNEL_SLUGS.base("🔥🔥🔥")
    assert CHANNEL_SLUGS.base("Новости") == "novosti"


def test_with_suffix_takes_the_first_free_number() -> None:
    assert first_free("news", set()) == "news"
    assert first_free("news", {"news"}) == "news-2"
    assert first_free("news", {"news", "news-2", "news-3"}) == "news-4"


ALL = [*ChannelRole, None]


@pytest.mark.parametrize("actor", ALL)
def test_only_the_owner_manages_the_channel(actor: str | None) -> None:
    assert roles.can_manage_channel(actor) == (actor == "OWNER")


@pytest.mark.parametrize("actor", ALL)
@pytest.mark.parametrize("target", ["ADMIN", "MODERATOR", "MEMBER"])
@pytest.mark.parametrize("new_role", ["ADMIN", "MODERATOR", "MEMBER"])
def test_role_changes(actor: str | None, target: str, new_role: str) -> None:
    junior = {"MODERATOR", "MEMBER"}
    expected = actor == "OWNER" or (actor == "ADMIN" and target in junior and new_role in junior)
    assert roles.can_set_role(actor, target, new_role) == expected


@pytest.mark.parametrize("actor", ALL)
@pytest.mark.parametrize("target", ["ADMIN", "MODERATOR", "MEMBER"])
def test_removals(actor: str | None, target: str) -> None:
    expected = actor == "OWNER" or (actor == "ADMIN" and target in {"MODERATOR", "MEMBER"})
    assert roles.can_remove_member(actor, target) == expected


@pytest.mark.parametrize("actor", ALL)
def test_posting_deleting_leaving(actor: str | None) -> None:
    assert roles.can_post(actor) == (actor is not None)
    assert roles.can_delete(actor, is_author=True)
    assert roles.can_delete(actor, is_author=False) == (actor in {"OWNER", "ADMIN", "MODERATOR"})
    assert roles.can_leave(actor) == (actor in {"ADMIN", "MODERATOR", "MEMBER"})


def test_only_authors_edit() -> None:
    assert roles.can_edit(True) and not roles.can_edit(False)


@pytest.mark.parametrize(
    ("clean", "value", "code"),
    [
        (validation.clean_channel_name, "ab", "INVALID_NAME"),
        (validation.clean_channel_name, "x" * 101, "INVALID_NAME"),
        (validation.clean_description, "x" * 2001, "TOO_LONG"),
        (validation.clean_title, "four", "INVALID_TITLE"),
        (validation.clean_title, "x" * 201, "INVALID_TITLE"),
        (validation.clean_post_body, "x" * 9, "INVALID_BODY"),
        (validation.clean_post_body, "x" * 20001, "INVALID_BODY"),
        (validation.clean_comment_body, "x", "INVALID_BODY"),
        (validation.clean_comment_body, "x" * 1001, "INVALID_BODY"),
        (validation.clean_image_url, "data:image/png;base64,AAAA", "INVALID_URL"),
        (validation.clean_image_url, "https://", "INVALID_URL"),
    ],
)
def test_limits(clean: object, value: str, code: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean(value)  # type: ignore[operator]
    assert raised.value.code == code


def test_cleaning_trims_and_accepts_bounds() -> None:
    assert validation.clean_channel_name("  abc  ") == "abc"
    assert validation.clean_description(None) == ""
    assert validation.clean_title("x" * 200) == "x" * 200
    assert validation.clean_image_url("") is None
    assert validation.clean_image_url("http://a.example/x.png") == "http://a.example/x.png"


def test_search_queries_become_prefix_tsqueries() -> None:
    assert prefix_tsquery("Привет World") == "привет:* & world:*"
    assert prefix_tsquery("a&b | !c:*") == "a:* & b:* & c:*"
    for bad in ("", "  ", "&|!", "x" * 201):
        with pytest.raises(BadUserInput):
            prefix_tsquery(bad)
