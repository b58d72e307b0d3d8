"""The clients' schema (`schema/api.graphql`) and the example operations GraphiQL preloads."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
from graphql import build_schema, parse, print_schema

from agora import compose as compose_command
from agora.compose import API_SCHEMA_FILE, DEFAULT_CONFIG
from agora.examples import (
    EXAMPLES_DIR,
    EXAMPLES_SCRIPT,
    Example,
    ExampleError,
    examples_script,
    read_example,
    read_examples,
    validation_errors,
)
from router.api_schema import print_api_schema
from router.cost import DEFAULT_MAX_COST
from router.gateway import Gateway
from tests.support.environment import REPO_ROOT

API_SCHEMA = REPO_ROOT / API_SCHEMA_FILE
SUPERGRAPH = REPO_ROOT / "schema" / "supergraph.graphql"
SHOP_SUPERGRAPH = REPO_ROOT / "tests" / "federation" / "fixtures" / "shop" / "supergraph.graphql"
EXAMPLES = read_examples(REPO_ROOT / EXAMPLES_DIR)
MACHINERY = re.compile(r"join__|link__|_entities|_service|\b_Any\b|\b_Entity\b|\b_Service\b")


def test_the_api_schema_has_no_federation_machinery() -> None:
    text = API_SCHEMA.read_text()
    assert not MACHINERY.search(text), MACHINERY.search(text)
    assert "@inaccessible" not in text
    # The one directive declared is the one clients write in operations (the router defers).
    declared = re.findall(r"^directive @(\w+)", text, re.M)
    assert declared == ["defer"], declared
    used = set(re.findall(r"@(\w+)", text)) - {"defer"}
    assert used <= {"deprecated", "specifiedBy", "oneOf"}, used
    schema = build_schema(text)
    for root in ("Query", "Mutation", "Subscription"):
        assert schema.get_type(root) is not None, root


def test_the_api_schema_is_what_the_router_serves() -> None:
    served = Gateway(SUPERGRAPH.read_text()).schema
    assert print_schema(build_schema(API_SCHEMA.read_text())) == print_schema(served)


def test_inaccessible_parts_are_left_out() -> None:
    shop = SHOP_SUPERGRAPH.read_text()
    assert "internalNote: String @inaccessible" in shop
    api = print_api_schema(shop)
    assert "internalNote" not in api
    assert not MACHINERY.search(api)


def test_the_examples_cover_every_domain_in_order() -> None:
    assert [(e.name, e.kind) for e in EXAMPLES] == [
        ("Me", "query"),
        ("SearchGigs", "query"),
        ("PlaceOrder", "mutation"),
        ("SearchProducts", "query"),
        ("ChannelFeed", "query"),
        ("NotificationReceived", "subscription"),
        ("UnreadCount", "subscription"),
    ]
    place_order = next(e for e in EXAMPLES if e.name == "PlaceOrder")
    assert place_order.variables is not None and set(place_order.variables) == {
        "gigId",
        "tier",
        "requirements",
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.name)
def test_each_example_is_valid_against_the_api_schema(example: Example) -> None:
    schema = build_schema(API_SCHEMA.read_text())
    assert validation_errors(schema, example) == []


def test_the_router_admits_each_example() -> None:
    """Within the router's own limits (depth, fields, estimated cost), not just valid."""
    gateway = Gateway(SUPERGRAPH.read_text(), max_cost=DEFAULT_MAX_COST)
    for example in EXAMPLES:
        prepared = gateway.prepare(example.text)
        operation = gateway.operation(prepared, example.name)
        variables = gateway.coerce_variables(operation, example.variables)
        gateway.demand.admit(operation, prepared.fragments, variables, False)


def test_an_invalid_example_is_reported_with_its_file_and_place(tmp_path: Path) -> None:
    schema = build_schema(API_SCHEMA.read_text())
    broken = read_example_text("broken.graphql", "query Broken { me { nosuch } }", tmp_path)
    assert validation_errors(schema, broken) == [
        "broken.graphql:1:21: Cannot query field 'nosuch' on type 'User'."
    ]


def read_example_text(name: str, text: str, directory: Path) -> Example:
    path = directory / name
    path.write_text(text)
    return read_example(path)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{ me { id } }", "needs exactly one operation, with a name"),
        ("query A { me { id } } query B { me { id } }", "needs exactly one operation"),
        ("query A { me { id }", "Syntax Error"),
    ],
)
def test_a_file_must_hold_one_named_operation(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ExampleError, match=reason):
        read_example_text("bad.graphql", text, tmp_path)


def test_variables_beside_an_example_must_be_an_object(tmp_path: Path) -> None:
    (tmp_path / "a.variables.json").write_text("[1]")
    with pytest.raises(ExampleError, match="must be a JSON object"):
        read_example_text("a.graphql", "query A { me { id } }", tmp_path)


def test_the_script_holds_every_example_as_a_tab() -> None:
    script = (REPO_ROOT / EXAMPLES_SCRIPT).read_text()
    assert script == examples_script(EXAMPLES)
    tabs = json.loads(script.split("window.AGORA_EXAMPLES = ", 1)[1].rstrip().rstrip(";"))
    assert [tab["name"] for tab in tabs] == [e.name for e in EXAMPLES]
    for tab, example in zip(tabs, EXAMPLES, strict=True):
        assert parse(tab["query"])  # the file's text, comments included
        assert tab["query"] == example.text
        variables = json.loads(tab["variables"]) if tab["variables"] else None
        assert variables == example.variables


def test_compose_writes_the_api_schema_and_the_examples_and_checks_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "supergraph.yaml"
    config.write_text(DEFAULT_CONFIG.read_text())
    examples = tmp_path / EXAMPLES_DIR
    examples.mkdir(parents=True)
    (examples / "01-me.graphql").write_text("query Me { me { id } }\n")

    def run(check: bool) -> int:
        return compose_command.run(argparse.Namespace(config=config, check=check))

    assert run(check=False) == 0
    assert (tmp_path / API_SCHEMA_FILE).read_text() == API_SCHEMA.read_text()
    script = (tmp_path / EXAMPLES_SCRIPT).read_text()
    assert '"name": "Me"' in script
    assert run(check=True) == 0

    (examples / "02-feed.graphql").write_text("query Feed { feed { totalCount } }\n")
    (tmp_path / API_SCHEMA_FILE).write_text(API_SCHEMA.read_text().replace("me: User", "me: X"))
    capsys.readouterr()
    assert run(check=True) == 1
    stale = capsys.readouterr().out
    assert "-  me: X" in stale and "+  me: User" in stale
    assert '+    "name": "Feed",' in stale

    (examples / "03-two.graphql").write_text("query A { me { id } } query B { me { id } }\n")
    assert run(check=False) == 1
    assert "bad example in examples/operations: 03-two.graphql" in capsys.readouterr().err
