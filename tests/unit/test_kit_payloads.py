"""kit.payloads: payloads as the subgraphs print them and build them from a rule's result, and
types built from rows."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

import pytest
import strawberry

from subgraphs.kit.errors import UserError
from subgraphs.kit.payloads import FromRow, Payload, errors_field, from_row
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

    @classmethod
    def from_row(cls, row: MembershipRow) -> Membership:
        return from_row(cls, row)


@dataclass
class MembershipRow:
    id: uuid.UUID
    role: str
    previous_role: str | None
    joined_at: dt.datetime
    user_id: uuid.UUID
    channel_id: uuid.UUID  # not a field of the type: ignored


class MembershipPayload(Payload):
    membership: Membership | None = None


class LeavePayload(Payload, description="`membership` is the one left, if any."):
    left_id: strawberry.ID | None = None
    membership: Membership | None = None
    remaining: int = 0


class TimedPayload(Payload):
    done: bool = False
    errors: list[UserError] = errors_field()
    retry_after: int | None = None


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

        @strawberry.field
        def leave(self) -> LeavePayload:
            return LeavePayload()

        @strawberry.field
        def timed(self) -> TimedPayload:
            return TimedPayload()

    sdl = federation_schema(query=Query).as_str()
    errors = "  errors: [UserError!]! @listSize(assumedSize: 1)\n"
    assert f"type MembershipPayload {{\n  membership: Membership\n{errors}}}" in sdl
    assert (
        '"""`membership` is the one left, if any."""\n'
        "type LeavePayload {\n  leftId: ID\n  membership: Membership\n  remaining: Int!\n"
        f"{errors}}}"
    ) in sdl
    # A payload that declares `errors` keeps it where it stands.
    assert f"type TimedPayload {{\n  done: Boolean!\n{errors}  retryAfter: Int\n}}" in sdl
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


def test_of_gives_the_result_to_the_data_fields_in_order() -> None:
    built = MembershipPayload.of(ROW)
    assert built.membership == Membership.from_row(ROW) and built.errors == []
    left = LeavePayload.of((ROW.id, None, 3))
    assert (left.left_id, left.membership, left.remaining) == (str(ROW.id), None, 3)
    assert isinstance(left.left_id, str)


def test_of_leaves_the_fields_past_the_result_at_their_defaults() -> None:
    left = LeavePayload.of(ROW.id)
    assert (left.left_id, left.membership, left.remaining) == (str(ROW.id), None, 0)


def test_of_refuses_more_values_than_data_fields() -> None:
    with pytest.raises(TypeError, match="MembershipPayload has 1 data fields, not 2"):
        MembershipPayload.of((ROW, ROW))


def test_failed_carries_only_the_errors() -> None:
    errors = [UserError(field="role", code="REQUIRED", message="Pick a role.")]
    failed = LeavePayload.failed(errors)
    assert failed.errors == errors
    assert (failed.left_id, failed.membership, failed.remaining) == (None, None, 0)
