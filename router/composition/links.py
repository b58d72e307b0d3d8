"""What a subgraph's `@link`s say: which local names mean which federation directives.

A federation 2 subgraph links `https://specs.apollo.dev/federation/v2.x` and imports some of its
directives, possibly renamed (`{name: "@key", as: "@id"}`); the others stay reachable as
`@federation__<name>`. Composition reads every federation directive by its canonical name, so
the subgraph reader translates local names through a `FederationNames`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphql import ConstDirectiveNode

from router.composition.values import python_value

FEDERATION_SPEC = re.compile(r"^https://specs\.apollo\.dev/federation/v(\d+)\.(\d+)/?$")
LINK_SPEC = re.compile(r"^https://specs\.apollo\.dev/link/v\d+\.\d+/?$")
# Demand control's own spec, which a subgraph may link instead of importing from federation.
COST_SPEC = re.compile(r"^https://specs\.apollo\.dev/cost/v0\.1/?$")

# Every directive of the federation 2 spec (up to 2.11), by canonical name.
FEDERATION_DIRECTIVES = (
    "key",
    "external",
    "requires",
    "provides",
    "extends",
    "shareable",
    "inaccessible",
    "tag",
    "override",
    "composeDirective",
    "interfaceObject",
    "authenticated",
    "requiresScopes",
    "policy",
    "context",
    "fromContext",
    "cost",
    "listSize",
)
FEDERATION_TYPES = ("FieldSet", "Scope", "Policy", "ContextFieldValue")

# Demand control (federation 2.9): composed into the supergraph under the cost spec.
DEMAND_DIRECTIVES = ("cost", "listSize")
DEMAND_MIN_VERSION = (2, 9)

# Directives this composer understands; the others (auth, context) would be silently lost,
# which is worse than a clear error.
SUPPORTED_DIRECTIVES = frozenset(FEDERATION_DIRECTIVES[:11]) | frozenset(DEMAND_DIRECTIVES)


@dataclass
class Link:
    """A `@link` to a spec other than federation and link itself (kept for `@composeDirective`)."""

    url: str
    alias: str | None
    imports: dict[str, str]  # local directive name -> name in the spec
    node: ConstDirectiveNode

    @property
    def spec_name(self) -> str:
        """The spec's name: the path segment before the version (`.../myspec/v1.0` -> myspec)."""
        parts = [p for p in self.url.rstrip("/").split("/") if p]
        return parts[-2] if len(parts) >= 2 else parts[-1]


@dataclass
class FederationNames:
    """Local name -> canonical federation name, for directives and types of the federation spec."""

    version: tuple[int, int] | None  # None: a federation 1 subgraph (no @link)
    directives: dict[str, str] = field(default_factory=dict)
    types: set[str] = field(default_factory=set)
    link_directive: str = "link"
    links: list[Link] = field(default_factory=list)

    def canonical(self, local_name: str) -> str | None:
        return self.directives.get(local_name)


def _imports(directive: ConstDirectiveNode) -> dict[str, str]:
    """`import: ["@key", {name: "@shareable", as: "@share"}]` -> {local: original} without `@`."""
    result: dict[str, str] = {}
    for arg in directive.arguments or ():
        if arg.name.value != "import":
            continue
        value = python_value(arg.value)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                result[item.lstrip("@")] = item.lstrip("@")
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                original = str(item["name"]).lstrip("@")
                result[str(item.get("as") or item["name"]).lstrip("@")] = original
    return result


def _arg(directive: ConstDirectiveNode, name: str) -> object:
    for arg in directive.arguments or ():
        if arg.name.value == name:
            return python_value(arg.value)
    return None


def read_links(schema_directives: list[ConstDirectiveNode]) -> FederationNames:
    """Read the `@link`s applied to `schema` / `extend schema`."""
    links = [d for d in schema_directives if d.name.value == "link"]
    federation = next((d for d in links if FEDERATION_SPEC.match(str(_arg(d, "url") or ""))), None)
    if federation is None:
        # Federation 1: directives are used by their own names (demand control came with 2.9,
        # so a federation 1 `@cost` is a directive of the subgraph's own).
        names = FederationNames(version=None)
        names.directives = {
            name: name for name in FEDERATION_DIRECTIVES if name not in DEMAND_DIRECTIVES
        }
        names.types = {"_FieldSet", "FieldSet"}
        return names

    match = FEDERATION_SPEC.match(str(_arg(federation, "url")))
    assert match is not None
    version = (int(match.group(1)), int(match.group(2)))
    names = FederationNames(version=version)
    prefix = str(_arg(federation, "as") or "federation")
    imported = _imports(federation)
    by_original = {original: local for local, original in imported.items()}
    for name in FEDERATION_DIRECTIVES:
        if name in DEMAND_DIRECTIVES and version < DEMAND_MIN_VERSION:
            continue  # not in that version of the spec
        names.directives[by_original.get(name, f"{prefix}__{name}")] = name
    for name in FEDERATION_TYPES:
        names.types.add(by_original.get(name, f"{prefix}__{name}"))
    for directive in links:
        url = str(_arg(directive, "url") or "")
        if directive is federation:
            continue
        if LINK_SPEC.match(url):
            alias = _arg(directive, "as")
            names.link_directive = str(alias) if alias else "link"
            continue
        if COST_SPEC.match(url):
            # `@cost` is the spec's own name (`as:` renames it); `@listSize` is `cost__listSize`
            # unless imported.
            spec = str(_arg(directive, "as") or "cost")
            from_spec = {original: local for local, original in _imports(directive).items()}
            names.directives[from_spec.get("cost", spec)] = "cost"
            names.directives[from_spec.get("listSize", f"{spec}__listSize")] = "listSize"
            continue
        alias = _arg(directive, "as")
        names.links.append(
            Link(
                url=url,
                alias=str(alias) if alias else None,
                imports=_imports(directive),
                node=directive,
            )
        )
    return names
