"""Accounts: the fixed demo accounts and generated users, through the users rules.

Every seeded account has the password `DEMO_PASSWORD`. Argon2 is deliberately slow (tens of
milliseconds a hash), so the seed hashes that password once and hands the hash to
`register` for every account it creates; the password itself is still checked by the rules.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from agora.seed import texts
from agora.seed.sizes import Size
from agora.seed.writes import Tally, recorded_events, run_ops
from subgraphs.kit.database import Database

DEMO_PASSWORD = "agora-demo-1"
DOMAIN = "agora.test"  # reserved for testing (RFC 2606): no mail can ever reach it
STAFF_ROLES = frozenset({"ADMIN", "MODERATOR"})
CONCURRENT_BATCHES = 4


@dataclass(frozen=True)
class Person:
    """An account the seed makes (or finds, by its email)."""

    index: int
    email: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    demo: bool = False
    verified: bool = True
    bio: str | None = None
    timezone: str | None = None
    is_public: bool = True


DEMO_PEOPLE = (
    Person(0, f"admin@{DOMAIN}", "Ada", "Admin", ("ADMIN", "MODERATOR"), demo=True),
    Person(1, f"moderator@{DOMAIN}", "Max", "Moderator", ("MODERATOR",), demo=True),
    Person(2, f"seller@{DOMAIN}", "Sam", "Seller", ("FREELANCER", "SELLER"), demo=True),
    Person(3, f"buyer@{DOMAIN}", "Bea", "Buyer", (), demo=True),
)


@dataclass(frozen=True)
class Account:
    """A seeded account as the database has it (what the other subgraphs' plans use)."""

    index: int
    id: uuid.UUID
    email: str
    roles: frozenset[str]
    demo: bool

    def has(self, role: str) -> bool:
        return role in self.roles


def _generated(index: int, rng: random.Random) -> Person:
    first, last = texts.pick(rng, texts.FIRST_NAMES), texts.pick(rng, texts.LAST_NAMES)
    roles = [
        role
        for role, share in (("FREELANCER", 0.35), ("SELLER", 0.25), ("MODERATOR", 0.01))
        if rng.random() < share
    ]
    skills = rng.sample(texts.SKILLS, k=3)
    profiled = rng.random() < 0.7
    return Person(
        index=index,
        email=f"{first}.{last}.{index}@{DOMAIN}".lower(),
        first_name=first,
        last_name=last,
        roles=tuple(roles),
        verified=rng.random() < 0.9,
        bio=f"{first} here: {', '.join(skills)}. {texts.pick(rng, texts.SENTENCES)}"
        if profiled
        else None,
        timezone=texts.pick(rng, texts.TIMEZONES) if profiled else None,
        is_public=rng.random() < 0.9,
    )


def people(size: Size) -> list[Person]:
    rng = random.Random(f"agora-seed-people-{size.name}")
    first = len(DEMO_PEOPLE)
    return [*DEMO_PEOPLE, *(_generated(i, rng) for i in range(first, first + size.users))]


async def _create(person: Person, password_hash: str, session: AsyncSession) -> None:
    from subgraphs.users.models import Role
    from subgraphs.users.rules import access, email_verification
    from subgraphs.users.rules.accounts import update_profile
    from subgraphs.users.rules.registration import register

    user = await register(
        session,
        email=person.email,
        password=DEMO_PASSWORD,
        first_name=person.first_name,
        last_name=person.last_name,
        password_hash=password_hash,
    )
    roles = [Role(role) for role in person.roles]
    if STAFF_ROLES & set(roles):  # staff roles are an admin's decision
        await access.set_roles(session, user.id, roles)
    else:  # the others are self-service
        for role in roles:
            await access.enable_role(session, user.id, role)
    if person.bio is not None or not person.is_public:
        changes: dict[str, object] = {"is_public": person.is_public}
        if person.bio is not None:
            changes.update(bio=person.bio, timezone=person.timezone)
        await update_profile(session, user.id, changes)
    if person.verified:  # as if the link in the verification email had been followed
        await session.flush()
        token = next(
            row.data["token"]
            for row in recorded_events(session)
            if row.kind == "EMAIL_VERIFICATION_REQUESTED" and row.recipient_id == str(user.id)
        )
        await email_verification.verify_email(session, token)


async def directory(db: Database, everyone: Sequence[Person]) -> list[Account]:
    """The accounts of `everyone` that exist, in `everyone`'s order."""
    from subgraphs.users.models import User

    by_email = {person.email: person for person in everyone}
    async with db.session() as session:
        rows = await session.execute(
            select(User.id, User.email, User.roles).where(User.email.in_(list(by_email)))
        )
        found = {row.email: row for row in rows}
    return [
        Account(
            person.index,
            found[person.email].id,
            person.email,
            frozenset(found[person.email].roles),
            person.demo,
        )
        for person in everyone
        if person.email in found
    ]


async def seed_accounts(
    db: Database, size: Size, advance: Callable[[int], None], tally: Tally
) -> list[Account]:
    from subgraphs.users.rules.passwords import hash_password

    everyone = people(size)
    existing = {account.email for account in await directory(db, everyone)}
    todo = [person for person in everyone if person.email not in existing]
    advance(len(everyone) - len(todo))
    if todo:
        password_hash = await hash_password(DEMO_PASSWORD)
        ops = [partial(_create, person, password_hash) for person in todo]
        # Accounts share no rows: a few batches at once keep the database busy meanwhile.
        streams = [ops[i::CONCURRENT_BATCHES] for i in range(CONCURRENT_BATCHES)]
        await asyncio.gather(*(run_ops(db, stream, tally, advance) for stream in streams))
    return await directory(db, everyone)
