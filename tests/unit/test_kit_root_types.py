"""kit.root_types: a root type is the resolvers its modules declare, in their order."""

from __future__ import annotations

import ast
import asyncio
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
import strawberry

from subgraphs.kit.root_types import declared_fields, root_type

SUBGRAPHS = Path(__file__).resolve().parents[2] / "subgraphs"


def _module(name: str, source: str) -> ModuleType:
    """A real module (resolvers' annotations are read from their module's globals)."""
    module = ModuleType(name)
    sys.modules[name] = module
    exec(compile(textwrap.dedent(source), name, "exec"), module.__dict__)
    return module


GREETINGS = _module(
    "tests_root_types_greetings",
    """
    from __future__ import annotations
    import strawberry

    def _helper() -> str:
        return "hello"

    @strawberry.field(description="A greeting.")
    async def greeting(name: str) -> str:
        return f"{_helper()} {name}"

    @strawberry.field
    def answer() -> int:
        return 42
    """,
)
COUNTER = _module(
    "tests_root_types_counter",
    """
    from __future__ import annotations
    import strawberry
    from tests_root_types_greetings import greeting

    @strawberry.mutation(description="Adds one.")
    def increment(by: int = 1) -> int:
        return by + 1
    """,
)


def test_only_declared_fields_count_in_declaration_order() -> None:
    assert list(declared_fields(GREETINGS)) == ["greeting", "answer"]
    # `greeting` is imported by COUNTER: it belongs to GREETINGS only.
    assert list(declared_fields(COUNTER)) == ["increment"]


def test_the_root_types_serve_the_declared_resolvers_in_module_order() -> None:
    schema = strawberry.Schema(
        query=root_type("Query", GREETINGS), mutation=root_type("Mutation", COUNTER)
    )
    sdl = schema.as_str()
    assert sdl.index("greeting(name: String!)") < sdl.index("answer: Int!")
    assert '"""A greeting."""' in sdl
    result = asyncio.run(schema.execute('{ greeting(name: "you") answer }'))
    assert result.errors is None
    assert result.data == {"greeting": "hello you", "answer": 42}
    result = asyncio.run(schema.execute("mutation { increment(by: 2) }"))
    assert result.data == {"increment": 3}


def test_a_name_declared_by_two_modules_is_refused() -> None:
    twin = _module(
        "tests_root_types_twin",
        """
        import strawberry

        @strawberry.field
        def answer() -> int:
            return 7
        """,
    )
    with pytest.raises(ValueError, match=r"Query\.answer is declared twice"):
        root_type("Query", GREETINGS, twin)


def test_a_root_type_without_fields_is_refused() -> None:
    with pytest.raises(ValueError, match="no fields"):
        root_type("Query", _module("tests_root_types_empty", "x = 1\n"))


def _resolver_modules() -> list[Path]:
    kinds = ("queries", "mutations", "subscriptions")
    found = (p for kind in kinds for p in SUBGRAPHS.glob(f"*/api/{kind}/*.py"))
    return sorted(p for p in found if p.name != "__init__.py")


@pytest.mark.parametrize("path", _resolver_modules(), ids=lambda p: str(p.relative_to(SUBGRAPHS)))
def test_no_resolver_shadows_a_name_its_module_imports(path: Path) -> None:
    """A resolver's name is its field's name; importing a rule of the same name would leave the
    module calling the field instead of the rule."""
    imported: set[str] = set()
    declared: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            imported |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            declared.add(node.name)
    assert declared & imported == set()
