"""Interfaces and unions spread across subgraphs, entity interfaces and @interfaceObject."""

from __future__ import annotations

from tests.federation.conftest import Gateway


async def test_interface_with_type_conditions(router: Gateway) -> None:
    body = await router.execute(
        "{ media { __typename id title ... on Book { author } ... on Movie { director } } }"
    )
    assert body == {
        "data": {
            "media": [
                {"__typename": "Book", "id": "b1", "title": "Dune", "author": "Frank Herbert"},
                {"__typename": "Movie", "id": "m1", "title": "Alien", "director": "Ridley Scott"},
                {"__typename": "Book", "id": "b2", "title": "Emma", "author": "Jane Austen"},
            ]
        }
    }


async def test_interface_object_adds_a_field_to_every_implementation(router: Gateway) -> None:
    body = await router.execute("{ media { title stars } }")
    assert body == {
        "data": {
            "media": [
                {"title": "Dune", "stars": 5},
                {"title": "Alien", "stars": 4},
                {"title": "Emma", "stars": 3},
            ]
        }
    }


async def test_interface_object_root_field_resolves_concrete_types(router: Gateway) -> None:
    # ratings knows neither Book nor Movie: the router asks media for the concrete type
    body = await router.execute("{ topRated { __typename id stars title ... on Book { pages } } }")
    assert body == {
        "data": {
            "topRated": [
                {"__typename": "Book", "id": "b1", "stars": 5, "title": "Dune", "pages": 412},
                {"__typename": "Movie", "id": "m1", "stars": 4, "title": "Alien"},
            ]
        }
    }


async def test_interface_object_field_inside_a_type_condition(router: Gateway) -> None:
    body = await router.execute("{ media { ... on Movie { title stars } } }")
    assert body == {"data": {"media": [{}, {"title": "Alien", "stars": 4}, {}]}}


async def test_union_members_resolved_in_different_subgraphs(router: Gateway) -> None:
    body = await router.execute(
        """
        {
          search(term: "any") {
            __typename
            ... on Book { title pages }
            ... on Movie { title minutes }
            ... on Product { name price }
          }
        }
        """
    )
    assert body == {
        "data": {
            "search": [
                {"__typename": "Book", "title": "Dune", "pages": 412},
                {"__typename": "Product", "name": "Chair", "price": 54},
                {"__typename": "Movie", "title": "Alien", "minutes": 117},
            ]
        }
    }


async def test_interface_fragment_inside_a_union(router: Gateway) -> None:
    body = await router.execute(
        '{ search(term: "any") { ... on Media { id stars } ... on Product { upc } } }'
    )
    assert body == {
        "data": {"search": [{"id": "b1", "stars": 5}, {"upc": "3"}, {"id": "m1", "stars": 4}]}
    }


async def test_empty_list_of_a_union(router: Gateway) -> None:
    body = await router.execute(
        '{ search(term: "nothing") { __typename ... on Product { name } } }'
    )
    assert body == {"data": {"search": []}}
