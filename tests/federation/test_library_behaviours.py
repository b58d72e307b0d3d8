"""Node, input and enum arguments, chained @requires, @override with @requires, a shared root
field, coded subgraph errors, an entity its subgraph resolves to null."""

from __future__ import annotations

from tests.federation.conftest import Gateway, RunningSet


async def test_requires_a_field_that_itself_requires(library_router: Gateway) -> None:
    # totalCost (shipping) needs taxedPrice (pricing), which needs basePrice (catalog)
    body = await library_router.execute("{ editions { id totalCost } }")
    assert body == {
        "data": {
            "editions": [
                {"id": "e1", "totalCost": 44},
                {"id": "e2", "totalCost": 17},
                {"id": "e3", "totalCost": 14},
            ]
        }
    }


async def test_chained_requires_with_the_middle_field_selected(library_router: Gateway) -> None:
    body = await library_router.execute(
        '{ node(id: "e1") { ... on Edition { taxedPrice totalCost } } }'
    )
    assert body == {"data": {"node": {"taxedPrice": 36, "totalCost": 44}}}


async def test_override_that_requires_a_field(library_router: Gateway, library: RunningSet) -> None:
    body = await library_router.execute("{ editions { discount } }")
    # catalog still answers 99: pricing must compute it from basePrice
    assert body == {"data": {"editions": [{"discount": 3}, {"discount": 1}, {"discount": 1}]}}
    assert library.called() == ["catalog", "pricing"]


async def test_input_object_and_enum_literals_reach_the_subgraph(library_router: Gateway) -> None:
    body = await library_router.execute(
        "{ editions(filter: { format: PAPERBACK, maxBasePrice: 11 }) { id format } }"
    )
    assert body == {"data": {"editions": [{"id": "e3", "format": "PAPERBACK"}]}}


async def test_input_object_variable_reaches_the_subgraph(library_router: Gateway) -> None:
    body = await library_router.execute(
        "query ($filter: EditionFilter) { editions(filter: $filter) { id title } }",
        {"filter": {"format": "HARDCOVER"}},
    )
    assert body == {"data": {"editions": [{"id": "e1", "title": "The Dispossessed"}]}}


async def test_inaccessible_enum_value_is_hidden(library_router: Gateway) -> None:
    body = await library_router.execute('{ __type(name: "Format") { enumValues { name } } }')
    assert body == {
        "data": {"__type": {"enumValues": [{"name": "HARDCOVER"}, {"name": "PAPERBACK"}]}}
    }
    body = await library_router.execute("{ editions(filter: { format: DRAFT }) { id } }")
    assert body.get("data") is None
    assert len(body["errors"]) == 1


async def test_node_interface_with_fields_from_other_subgraphs(library_router: Gateway) -> None:
    query = """
        query ($id: ID!) {
          node(id: $id) {
            __typename id
            ... on Edition { title discount totalCost author { name } }
            ... on Author { name }
          }
        }
    """
    body = await library_router.execute(query, {"id": "e2"})
    assert body == {
        "data": {
            "node": {
                "__typename": "Edition",
                "id": "e2",
                "title": "The Dispossessed",
                "discount": 1,
                "totalCost": 17,
                "author": {"name": "Ursula K. Le Guin"},
            }
        }
    }
    body = await library_router.execute(query, {"id": "a2"})
    assert body == {"data": {"node": {"__typename": "Author", "id": "a2", "name": "Italo Calvino"}}}
    body = await library_router.execute(query, {"id": "nope"})
    assert body == {"data": {"node": None}}


async def test_shareable_root_field_from_either_subgraph(library_router: Gateway) -> None:
    body = await library_router.execute("{ featuredAuthor { id name } }")
    assert body == {"data": {"featuredAuthor": {"id": "a2", "name": "Italo Calvino"}}}


async def test_subgraph_error_keeps_its_extensions(library_router: Gateway) -> None:
    body = await library_router.execute("{ editions { id priceNote } }")
    assert body["data"] == {
        "editions": [
            {"id": "e1", "priceNote": "note for e1"},
            {"id": "e2", "priceNote": None},
            {"id": "e3", "priceNote": "note for e3"},
        ]
    }
    assert [(e["message"], e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("price under review", ["editions", 1, "priceNote"], "PRICE_UNDER_REVIEW")
    ]


async def test_entity_resolved_to_null_by_its_subgraph(library_router: Gateway) -> None:
    # publishers answers null for p-gone: its non-null name is missing, so publisher is null
    body = await library_router.execute("{ editions { id publisher { id name } } }")
    assert body["data"] == {
        "editions": [
            {"id": "e1", "publisher": {"id": "p1", "name": "Harper & Row"}},
            {"id": "e2", "publisher": {"id": "p2", "name": "Orion"}},
            {"id": "e3", "publisher": None},
        ]
    }
    assert [error["path"] for error in body["errors"]] == [["editions", 2, "publisher", "name"]]
