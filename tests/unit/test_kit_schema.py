"""The extensions every subgraph schema gets: depth limit, error masking, payload errors."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from subgraphs.kit.errors import BadUserInput, Forbidden
from subgraphs.kit.schema import federation_schema
from subgraphs.kit.settings import get_settings


@strawberry.type
class Node:
    name: str

    @strawberry.field
    def child(self) -> Node:
        return Node(name=self.name + "+")


@strawberry.type
class Query:
    @strawberry.field
    def root(self) -> Node:
        return Node(name="n")

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("database password is hunter2")

    @strawberry.field
    def forbidden(self) -> str:
        raise Forbidden()

    @strawberry.field
    def bad_input(self) -> str:
        raise BadUserInput("`first` must be between 0 and 100.", argument="first")


schema = federation_schema(query=Query)


def nested(depth: int) -> str:
    return "{ root " + "{ child " * (depth - 1) + "{ name }" + " }" * (depth - 1) + " }"


async def test_depth_within_the_limit_runs() -> None:
    result = await schema.execute(nested(get_settings().query_depth_limit - 1))
    assert result.errors is None


async def test_depth_over_the_limit_is_refused() -> None:
    result = await schema.execute(nested(get_settings().query_depth_limit + 1))
    assert result.data is None
    assert result.errors is not None
    assert "exceeds maximum operation depth" in result.errors[0].message


async def test_unexpected_errors_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    result = await schema.execute("{ boom }")
    assert result.errors is not None
    error = result.errors[0]
    assert error.message == "Internal server error."
    assert error.extensions == {"code": "INTERNAL_SERVER_ERROR"}
    assert "hunter2" not in str(error.formatted)
    assert any("unexpected error" in record.message for record in caplog.records)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("forbidden", {"code": "FORBIDDEN"}),
        ("badInput", {"code": "BAD_USER_INPUT", "argument": "first"}),
    ],
)
async def test_client_errors_pass_through(field: str, expected: dict[str, Any]) -> None:
    result = await schema.execute(f"{{ {field} }}")
    assert result.errors is not None
    assert result.errors[0].extensions == expected
