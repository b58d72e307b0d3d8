"""Limits on what one document may ask for, checked before it is validated, planned or cached.

Each is cheap next to what it protects: the parser stops at `max_tokens`; shape is counted
once per fragment (so a fragment bomb is counted, not expanded); validation gets a work budget
(graphql-core's overlap check is quadratic in fields of one name). Each has its own code.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    validate,
)
from graphql.validation.rules import overlapping_fields_can_be_merged as overlap
from graphql.validation.validate import ValidationAbortedError

from router.errors import Code, RequestError, error

# One depth for the router and every subgraph (`AGORA_MAX_DEPTH`). A subgraph allows one
# level more: the router's entity fetches wrap a subtree in `_entities`.
MAX_DEPTH_VARIABLE = "AGORA_MAX_DEPTH"
DEFAULT_MAX_DEPTH = 16


def max_depth_from_env(environ: Mapping[str, str] = os.environ) -> int:
    return int(environ.get(MAX_DEPTH_VARIABLE) or DEFAULT_MAX_DEPTH)


@dataclass(frozen=True)
class OperationLimits:
    max_tokens: int = 4_000
    max_depth: int = DEFAULT_MAX_DEPTH
    max_aliases: int = 100
    max_root_fields: int = 32
    max_fields: int = 2_000  # counted with every fragment spread expanded
    # graphql-core's unit of validation work; its own default (500,000) takes about a second.
    validation_budget: int = 5_000  # our own operations need under 100

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> OperationLimits:
        def number(name: str, default: int) -> int:
            return int(environ.get(f"AGORA_ROUTER_{name}") or default)

        defaults = cls()
        return cls(
            max_tokens=number("MAX_TOKENS", defaults.max_tokens),
            max_depth=max_depth_from_env(environ),
            max_aliases=number("MAX_ALIASES", defaults.max_aliases),
            max_root_fields=number("MAX_ROOT_FIELDS", defaults.max_root_fields),
            max_fields=number("MAX_FIELDS", defaults.max_fields),
            validation_budget=number("VALIDATION_BUDGET", defaults.validation_budget),
        )


# GraphQL's lexical tokens (comments are not tokens), matched in C: counting them costs a few
# milliseconds where graphql-core's parser needs a second to refuse a megabyte of them.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # block string
    r'|"(?:[^"\\\n\r]|\\.)*"'  # string
    r"|#[^\n\r]*"  # comment
    r"|\.\.\.|[!$&()\[\]{}:=@|]"  # punctuation
    r"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"  # number
    r"|[_A-Za-z][_0-9A-Za-z]*"  # name
)


def more_tokens_than(query: str, limit: int) -> bool:
    count = 0
    for match in _TOKEN.finditer(query):
        if query[match.start()] != "#":
            count += 1
            if count > limit:
                return True
    return False


def parse_within(query: str, limits: OperationLimits) -> DocumentNode:
    if more_tokens_than(query, limits.max_tokens):
        message = f"Document has more than {limits.max_tokens} tokens."
        raise RequestError.of(message, Code.MAX_TOKENS_LIMIT)
    try:
        return parse(query, max_tokens=limits.max_tokens)
    except GraphQLSyntaxError as syntax_error:
        message = syntax_error.message
        if "tokens" in message:  # the counter above missed some (an odd lexeme)
            code = Code.MAX_TOKENS_LIMIT
        elif "nested too deeply" in message:
            code = Code.MAX_NESTING_LIMIT
        else:
            code = Code.GRAPHQL_PARSE_FAILED
        raise RequestError.of(syntax_error, code) from syntax_error
    except RecursionError as too_deep:  # the parser recurses per nesting level
        message = "Document is nested too deeply to parse."
        raise RequestError.of(message, Code.MAX_NESTING_LIMIT) from too_deep


@dataclass(frozen=True)
class Shape:
    """What a selection set asks for, every fragment spread expanded."""

    fields: int = 0
    aliases: int = 0
    depth: int = 0
    root_fields: int = 0  # fields of this selection set itself (through fragments)

    def __add__(self, other: Shape) -> Shape:
        return Shape(
            self.fields + other.fields,
            self.aliases + other.aliases,
            max(self.depth, other.depth),
            self.root_fields + other.root_fields,
        )


NOTHING = Shape()


def document_shapes(document: DocumentNode) -> list[Shape]:
    """The shape of each operation. Each fragment is counted once (memoised), so this costs
    the document's size, not its expansion. A fragment cycle counts as nothing here;
    validation reports it."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    memo: dict[str, Shape] = {}

    def shape(selection_set: SelectionSetNode) -> Shape:
        total = NOTHING
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                below = shape(selection.selection_set) if selection.selection_set else NOTHING
                aliased = 1 if selection.alias is not None else 0
                total += Shape(1 + below.fields, aliased + below.aliases, 1 + below.depth, 1)
            elif isinstance(selection, InlineFragmentNode):
                total += shape(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += spread(selection.name.value)
        return total

    def spread(name: str) -> Shape:
        if name not in memo:
            memo[name] = NOTHING  # in progress: a cycle adds nothing
            fragment = fragments.get(name)
            memo[name] = shape(fragment.selection_set) if fragment else NOTHING
        return memo[name]

    return [
        shape(d.selection_set)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]


def check_shape(document: DocumentNode, limits: OperationLimits) -> None:
    for shape in document_shapes(document):
        for asked, allowed, code, what in (
            (shape.depth, limits.max_depth, Code.MAX_DEPTH_LIMIT, "levels deep"),
            (shape.root_fields, limits.max_root_fields, Code.MAX_ROOT_FIELDS_LIMIT, "root fields"),
            (shape.aliases, limits.max_aliases, Code.MAX_ALIASES_LIMIT, "aliases"),
            (shape.fields, limits.max_fields, Code.MAX_FIELDS_LIMIT, "fields (fragments expanded)"),
        ):
            if asked > allowed:
                message = f"Operation is too large: {asked} {what}; at most {allowed}."
                raise RequestError.of(message, code)


_budget_lock = threading.Lock()  # the budget is graphql-core's module setting


def validate_within(
    schema: GraphQLSchema,
    document: DocumentNode,
    limits: OperationLimits,
) -> list[GraphQLError]:
    """graphql-core's validation with the router's work budget: a module setting graphql-core
    reads when validation starts, so it is set around the call, one validation at a time."""
    with _budget_lock:
        default_budget = overlap.MAX_COMPLEXITY_BUDGET
        overlap.MAX_COMPLEXITY_BUDGET = limits.validation_budget
        try:
            return validate(schema, document)
        finally:
            overlap.MAX_COMPLEXITY_BUDGET = default_budget


def validation_errors(errors: list[GraphQLError]) -> RequestError:
    if any(
        isinstance(e, ValidationAbortedError) and "too many" not in e.message.lower()
        for e in errors
    ):
        message = "Operation is too complex to validate."
        return RequestError.of(message, Code.VALIDATION_TOO_COMPLEX)
    return RequestError([error(e, Code.GRAPHQL_VALIDATION_FAILED) for e in errors])
