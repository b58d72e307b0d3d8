"""kit.payloads: the `errors` field as the subgraphs print it, and types built from rows."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

import pytest
import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import FromRow, errors_field, from_row
from subgraphs.kit.schema import federation_schema


@strawberry.enum
class Role(enum.Enum):
    OWNER = "OWNER"
    MEMBER = "MEMBER"


@strawberry.type
class Membership:
    id: strawberry.ID
    role: Role
    previous_role: Role | None
    joined_at: dt.datetime
    note: str = "none"
    _user_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    def user_key(self) -> str:
        return str(self._user_id)


@dataclass
class MembershipRow:
    id: uuid.UUID
    role: str
    previous_role: str | None
    joined_at: dt.datetime
    user_id: uuid.UUID
    channel_id: uuid.UUID  # not a field of the type: ignored


@strawberry.type
class MembershipPayload:
    membership: Membership | None = None
    errors: list[UserError] = errors_field()


ROW = MembershipRow(
    id=uuid.uuid4(),
    role="OWNER",
    previous_role=None,
    joined_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
    user_id=uuid.uuid4(),
    channel_id=uuid.uuid4(),
)


def test_from_row_copies_fields_by_name_and_shapes_ids_and_enums() -> None:
    built = from_row(Membership, ROW)
    assert built.id == str(ROW.id) and isinstance(built.id, str)
    assert built.role is Role.OWNER and built.previous_role is None
    assert built.joined_at == ROW.joined_at and built._user_id == ROW.user_id
    assert built.note == "none"  # no such attribute on the row: the default


def test_an_enum_the_row_already_holds_is_kept() -> None:
    built = from_row(Membership, MembershipRow(**{**vars(ROW), "role": Role.MEMBER}))
    assert built.role is Role.MEMBER


def test_overrides_win() -> None:
    built = from_row(Membership, ROW, role=Role.MEMBER, note="x", _user_id=ROW.channel_id)
    assert (built.role, built.note, built._user_id) == (Role.MEMBER, "x", ROW.channel_id)


def test_a_field_nobody_gives_is_an_error() -> None:
    @dataclass
    class Partial:
        id: uuid.UUID

    with pytest.raises(TypeError, match="role"):
        from_row(Membership, Partial(id=uuid.uuid4()))
    with pytest.raises(TypeError, match="no field colour"):
        from_row(Membership, ROW, colour="red")


def test_a_payload_prints_as_the_subgraphs_do() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        def membership(self) -> MembershipPayload:
            return MembershipPayload(membership=from_row(Membership, ROW))

    sdl = federation_schema(query=Query).as_str()
    payload = sdl[sdl.index("type MembershipPayload {") :]
    assert payload.startswith(
        "type MembershipPayload {\n"
        "  membership: Membership\n"
        "  errors: [UserError!]! @listSize(assumedSize: 1)\n"
        "}"
    )
    assert "interface" not in sdl


@strawberry.type
class Member(FromRow):
    role: Role
    _user_id: strawberry.Private[uuid.UUID]


def test_from_row_as_a_classmethod_adds_no_field() -> None:
    built = Member.from_row(ROW)
    assert isinstance(built, Member) and (built.role, built._user_id) == (Role.OWNER, ROW.user_id)

    @strawberry.type
    class Query:
        @strawberry.field
        def member(self) -> Member:
            return built

    sdl = federation_schema(query=Query).as_str()
    assert "type Member {\n  role: Role!\n}" in sdl
    assert "fromRow" not in sdl
