"""The router's GraphiQL page loads only assets shipped in the package."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "router" / "static" / "graphiql"


def test_page_loads_only_local_assets() -> None:
    page = (STATIC / "index.html").read_text()
    references = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert references.count("data:,") == 1  # the empty icon: no request for /favicon.ico
    references.remove("data:,")
    assert len(references) == 10
    for reference in references:
        assert reference.startswith("/graphiql/static/"), reference
        assert (STATIC / reference.removeprefix("/graphiql/static/")).is_file(), reference
    for name in (
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
        "graphql-ws.min.js",
        "graphiql-plugin-explorer.min.js",
        "graphiql-plugin-explorer.min.css",
        "agora-examples.js",
        "agora-graphiql.js",
        "agora-graphiql.css",
    ):
        assert f"/graphiql/static/{name}" in references


def test_assets_fetch_nothing_remote_at_load() -> None:
    for name in ("graphiql.min.css", "graphiql-plugin-explorer.min.css", "agora-graphiql.css"):
        css = (STATIC / name).read_text()
        assert "@import" not in css, name
        assert not re.search(r"url\((?!data:)", css), name  # fonts and images are inlined
    for path in STATIC.glob("*.min.*"):
        assert "sourceMappingURL" not in path.read_text(), path.name


def test_fetcher_targets_graphql_over_http_and_graphql_transport_ws() -> None:
    script = (STATIC / "agora-graphiql.js").read_text()
    assert 'new URL("/graphql", window.location.href)' in script
    assert '"https:" ? "wss:" : "ws:"' in script
    assert "graphqlWs.createClient" in script
    assert "GraphiQL.createFetcher" in script


def test_package_data_ships_every_asset() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    for path in STATIC.iterdir():
        if path.suffix in {".js", ".css", ".html"}:
            assert any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns), path.name
