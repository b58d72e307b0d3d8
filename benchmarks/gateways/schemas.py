"""The scenario's four subgraphs (accounts, inventory, products, reviews) as graphql-core schemas.

Each SDL is federation 2 and is both what composition reads and what `_service { sdl }` returns.
Behaviour follows the benchmark's subgraphs, quirks included (they decide the response bytes):
a review's author is always user 1 with username "urigo" and the first two reviews; the reviews
subgraph answers any user entity with those same two reviews; the inventory's shipping estimate
is always null (the benchmark computes it from the inventory's own records, which have no price
or weight, not from the `@requires` fields).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, GraphQLUnionType, build_schema

from benchmarks.gateways.data import IN_STOCK, PRODUCTS, REVIEWS, USERS, Review

Object = dict[str, Any]
Resolver = Callable[..., Any]
Reference = Callable[[Object], Object | None]

LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
    'import: ["@key", "@external", "@requires", "@provides", "@shareable"])\n'
)

ACCOUNTS_SDL = (
    LINK
    + """
type Query {
  me: User
  user(id: ID!): User
  users: [User]
}

type User @key(fields: "id") {
  id: ID!
  name: String
  username: String @shareable
  birthday: Int
}
"""
)

INVENTORY_SDL = (
    LINK
    + """
type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}
"""
)

PRODUCTS_SDL = (
    LINK
    + """
type Query {
  topProducts(first: Int = 5): [Product]
}

type Product @key(fields: "upc") {
  upc: String!
  name: String
  price: Int
  weight: Int
}
"""
)

REVIEWS_SDL = (
    LINK
    + """
type Review @key(fields: "id") {
  id: ID!
  body: String
  product: Product
  author: User @provides(fields: "username")
}

type User @key(fields: "id") {
  id: ID!
  username: String @external
  reviews: [Review]
}

type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review]
}
"""
)

# What federation asks every subgraph schema to carry besides its own SDL (v2.3 subset).
_FEDERATION = """
scalar _Any
scalar FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
type _Service { sdl: String }
directive @link(url: String!, as: String, for: link__Purpose, import: [link__Import]) \
repeatable on SCHEMA
directive @key(fields: FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @requires(fields: FieldSet!) on FIELD_DEFINITION
directive @provides(fields: FieldSet!) on FIELD_DEFINITION
directive @external(reason: String) on OBJECT | FIELD_DEFINITION
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
"""


@dataclass(frozen=True)
class Subgraph:
    name: str
    sdl: str
    schema: GraphQLSchema


def _build(
    name: str,
    sdl: str,
    references: Mapping[str, Reference],
    resolvers: Mapping[tuple[str, str], Resolver],
) -> Subgraph:
    root = "extend type Query" if "type Query" in sdl else "type Query"
    plumbing = (
        f"union _Entity = {' | '.join(sorted(references))}\n"
        f"{root} {{ _entities(representations: [_Any!]!): [_Entity]! _service: _Service! }}\n"
    )
    schema = build_schema(_FEDERATION + sdl + plumbing)

    def entities(_root: None, _info: object, representations: list[Object]) -> list[Any]:
        return [references[rep["__typename"]](rep) for rep in representations]

    fields: dict[tuple[str, str], Resolver] = {
        ("Query", "_entities"): entities,
        ("Query", "_service"): lambda _root, _info: {"sdl": sdl},
        **resolvers,
    }
    for (type_name, field_name), resolve in fields.items():
        owner = schema.type_map[type_name]
        assert isinstance(owner, GraphQLObjectType)
        owner.fields[field_name].resolve = resolve
    union = schema.type_map["_Entity"]
    assert isinstance(union, GraphQLUnionType)
    union.resolve_type = lambda value, _info, _type: value["__typename"]
    return Subgraph(name, sdl, schema)


def _user(id: str) -> Object | None:
    return next(({"__typename": "User", **vars(u)} for u in USERS if u.id == id), None)


def accounts() -> Subgraph:
    return _build(
        "accounts",
        ACCOUNTS_SDL,
        {"User": lambda rep: _user(rep["id"])},
        {
            ("Query", "me"): lambda _root, _info: _user("1"),
            ("Query", "user"): lambda _root, _info, id: _user(id),
            ("Query", "users"): lambda _root, _info: [_user(u.id) for u in USERS],
        },
    )


def inventory() -> Subgraph:
    def product(rep: Object) -> Object | None:
        upc = rep["upc"]
        if upc not in IN_STOCK:
            return None
        return {"__typename": "Product", "upc": upc, "inStock": IN_STOCK[upc]}

    return _build(
        "inventory",
        INVENTORY_SDL,
        {"Product": product},
        {("Product", "shippingEstimate"): lambda _product, _info: None},
    )


def _product(upc: str) -> Object | None:
    return next(({"__typename": "Product", **vars(p)} for p in PRODUCTS if p.upc == upc), None)


def products() -> Subgraph:
    return _build(
        "products",
        PRODUCTS_SDL,
        {"Product": lambda rep: _product(rep["upc"])},
        {
            ("Query", "topProducts"): lambda _root, _info, first=5: [
                _product(p.upc) for p in PRODUCTS[:first]
            ],
        },
    )


def _review(review: Review) -> Object:
    return {
        "__typename": "Review",
        "id": review.id,
        "body": review.body,
        "product": {"__typename": "Product", "upc": review.product_upc},
    }


def _reviews_user(id: str, username: str) -> Object:
    return {
        "__typename": "User",
        "id": id,
        "username": username,
        "reviews": [_review(r) for r in REVIEWS[:2]],
    }


def reviews() -> Subgraph:
    def review(rep: Object) -> Object | None:
        return next((_review(r) for r in REVIEWS if r.id == rep["id"]), None)

    return _build(
        "reviews",
        REVIEWS_SDL,
        {
            "Review": review,
            "User": lambda rep: _reviews_user(rep["id"], "user"),
            "Product": lambda rep: {"__typename": "Product", "upc": rep["upc"]},
        },
        {
            ("Review", "author"): lambda _review, _info: _reviews_user("1", "urigo"),
            ("Product", "reviews"): lambda product, _info: [
                _review(r) for r in REVIEWS if r.product_upc == product["upc"]
            ],
        },
    )


def all_subgraphs() -> tuple[Subgraph, ...]:
    return accounts(), inventory(), products(), reviews()
