"""The supergraph model and API schema, on a small hand-written supergraph.

`SHOP_SUPERGRAPH` is also used by the planning and HTTP tests of the router.
"""

from __future__ import annotations

from graphql import execute_sync, parse

from router.api_schema import build_api_schema
from router.supergraph import INTERFACE, OBJECT, UNION, Supergraph

JOIN_HEADER = """
schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)
  @link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)
{
  query: Query
  mutation: Mutation
}

directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION
directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE
directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA

scalar join__FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
"""

SHOP_TYPES = """
enum join__Graph {
  PRODUCTS @join__graph(name: "products", url: "http://127.0.0.1:9/products")
  REVIEWS @join__graph(name: "reviews", url: "http://127.0.0.1:9/reviews")
  USERS @join__graph(name: "users", url: "http://127.0.0.1:9/users")
  INVENTORY @join__graph(name: "inventory", url: "http://127.0.0.1:9/inventory")
}

type Query
  @join__type(graph: PRODUCTS)
  @join__type(graph: REVIEWS)
  @join__type(graph: USERS)
  @join__type(graph: INVENTORY)
{
  products: [Product!]! @join__field(graph: PRODUCTS)
  product(id: ID!): Product @join__field(graph: PRODUCTS)
  topReviews(first: Int = 2): [Review!]! @join__field(graph: REVIEWS)
  me: User @join__field(graph: USERS)
  search(text: String!): [SearchResult!]! @join__field(graph: PRODUCTS)
  media: [Media!]! @join__field(graph: PRODUCTS)
}

type Mutation
  @join__type(graph: REVIEWS)
  @join__type(graph: USERS)
{
  addReview(productId: ID!, body: String!): Review @join__field(graph: REVIEWS)
  rename(name: String!): User @join__field(graph: USERS)
}

type Product
  @join__type(graph: PRODUCTS, key: "id")
  @join__type(graph: REVIEWS, key: "id")
  @join__type(graph: INVENTORY, key: "id")
{
  id: ID!
  name: String! @join__field(graph: PRODUCTS)
  price: Int! @join__field(graph: PRODUCTS) @join__field(graph: INVENTORY, external: true)
  weight: Int! @join__field(graph: PRODUCTS) @join__field(graph: INVENTORY, external: true)
  secret: String @inaccessible @join__field(graph: PRODUCTS)
  reviews: [Review!]! @join__field(graph: REVIEWS)
  inStock: Boolean! @join__field(graph: INVENTORY)
  shippingEstimate: Int! @join__field(graph: INVENTORY, requires: "price weight")
}

type Review
  @join__type(graph: REVIEWS, key: "id")
{
  id: ID!
  body: String!
  product: Product!
  author: User! @join__field(graph: REVIEWS, provides: "name")
  editor: User
}

type User
  @join__type(graph: REVIEWS, key: "id")
  @join__type(graph: USERS, key: "id")
{
  id: ID!
  name: String! @join__field(graph: REVIEWS, external: true) @join__field(graph: USERS)
  email: String! @join__field(graph: USERS)
  nickname: String @join__field(graph: USERS, override: "reviews")
}

type Category
  @join__type(graph: PRODUCTS)
{
  title: String!
}

union SearchResult
  @join__type(graph: PRODUCTS)
  @join__unionMember(graph: PRODUCTS, member: "Product")
  @join__unionMember(graph: PRODUCTS, member: "Category")
 = Product | Category

interface Media
  @join__type(graph: PRODUCTS, key: "id")
  @join__type(graph: REVIEWS, key: "id", isInterfaceObject: true)
{
  id: ID!
  title: String! @join__field(graph: PRODUCTS)
  rating: Int @join__field(graph: REVIEWS)
}

type Book implements Media
  @join__implements(graph: PRODUCTS, interface: "Media")
  @join__type(graph: PRODUCTS, key: "id")
{
  id: ID!
  title: String!
  rating: Int @join__field
  pages: Int!
}

type Film implements Media
  @join__implements(graph: PRODUCTS, interface: "Media")
  @join__type(graph: PRODUCTS, key: "id")
{
  id: ID!
  title: String!
  rating: Int @join__field
  minutes: Int!
}

type Internal @inaccessible
  @join__type(graph: PRODUCTS)
{
  note: String
}
"""

SHOP_SUPERGRAPH = JOIN_HEADER + SHOP_TYPES


def test_subgraphs_are_read_from_join_graph() -> None:
    supergraph = Supergraph(SHOP_SUPERGRAPH)
    assert {g: s.name for g, s in supergraph.subgraphs.items()} == {
        "PRODUCTS": "products",
        "REVIEWS": "reviews",
        "USERS": "users",
        "INVENTORY": "inventory",
    }
    assert supergraph.url("USERS") == "http://127.0.0.1:9/users"
    assert supergraph.root_types == {"query": "Query", "mutation": "Mutation"}


def test_keys_and_kinds_per_subgraph() -> None:
    supergraph = Supergraph(SHOP_SUPERGRAPH)
    assert supergraph.kind("Product") == OBJECT
    assert supergraph.kind("Media") == INTERFACE
    assert supergraph.kind("SearchResult") == UNION
    assert [k.text for k in supergraph.entity_keys("Product", "INVENTORY")] == ["id"]
    assert supergraph.entity_keys("Category", "PRODUCTS") == []
    assert supergraph.is_interface_object_in("Media", "REVIEWS")
    assert not supergraph.is_interface_object_in("Media", "PRODUCTS")
    assert supergraph.interface_objects_for("Book") == [("Media", "REVIEWS")]


def test_field_resolution_follows_external_requires_and_override() -> None:
    supergraph = Supergraph(SHOP_SUPERGRAPH)
    assert supergraph.resolves("Product", "name", "PRODUCTS")
    assert not supergraph.resolves("Product", "price", "INVENTORY")  # @external
    assert supergraph.resolves("Product", "id", "INVENTORY")  # no @join__field: every graph
    join = supergraph.field_join("Product", "shippingEstimate", "INVENTORY")
    assert join is not None and join.requires is not None
    assert [s.name.value for s in join.requires.selections] == ["price", "weight"]  # type: ignore[attr-defined]
    assert supergraph.resolves("User", "nickname", "USERS")
    assert not supergraph.resolves("User", "nickname", "REVIEWS")  # overridden away
    provides = supergraph.field_join("Review", "author", "REVIEWS")
    assert provides is not None and provides.provides is not None


def test_possible_types_are_per_subgraph() -> None:
    supergraph = Supergraph(SHOP_SUPERGRAPH)
    assert supergraph.possible_types("Media") == ["Book", "Film"]
    assert supergraph.possible_types_in("Media", "PRODUCTS") == ["Book", "Film"]
    assert supergraph.possible_types_in("Media", "REVIEWS") == []
    assert supergraph.possible_types_in("SearchResult", "PRODUCTS") == ["Product", "Category"]


def test_api_schema_hides_machinery_and_inaccessible_elements() -> None:
    schema = build_api_schema(Supergraph(SHOP_SUPERGRAPH).document)
    type_names = set(schema.type_map)
    assert not {n for n in type_names if n.startswith(("join__", "link__"))}
    assert "Internal" not in type_names
    assert "secret" not in schema.type_map["Product"].fields  # type: ignore[attr-defined]
    directives = {d.name for d in schema.directives}
    assert (
        {"include", "skip"}
        <= directives
        <= {
            "include",
            "skip",
            "deprecated",
            "specifiedBy",
            "oneOf",
            "defer",  # the router delivers deferred fragments (router.execution.incremental)
        }
    )
    # execute_sync: graphql-core's `execute` refuses a schema declaring @defer
    result = execute_sync(
        schema, parse('{ __type(name: "Product") { fields { name } } __schema { types { name } } }')
    )
    assert result.errors is None and result.data is not None
    fields = {f["name"] for f in result.data["__type"]["fields"]}
    assert fields == {"id", "name", "price", "weight", "reviews", "inStock", "shippingEstimate"}
    introspected = {t["name"] for t in result.data["__schema"]["types"]}
    assert "join__Graph" not in introspected and "Internal" not in introspected


PROGRESSIVE = (
    JOIN_HEADER.replace("  mutation: Mutation\n", "")
    + """
enum join__Graph {
  OLD @join__graph(name: "old", url: "http://127.0.0.1:9/old")
  NEW @join__graph(name: "new", url: "http://127.0.0.1:9/new")
}
type Query @join__type(graph: OLD) @join__type(graph: NEW) {
  item: Item @join__field(graph: OLD)
}
type Item @join__type(graph: OLD, key: "id") @join__type(graph: NEW, key: "id") {
  id: ID!
  price: Int
    @join__field(graph: OLD, overrideLabel: "percent(50)")
    @join__field(graph: NEW, override: "old", overrideLabel: "percent(50)")
  stock: Int @join__field(graph: NEW, override: "old")
  legacy: Int @join__field(graph: OLD, usedOverridden: true) @join__field(graph: NEW, override: "old")
}
"""
)


def test_progressive_override_stays_with_the_original_subgraph_until_enabled() -> None:
    supergraph = Supergraph(PROGRESSIVE)
    assert supergraph.resolves("Item", "price", "OLD")
    assert not supergraph.resolves("Item", "price", "NEW")
    assert supergraph.resolves("Item", "stock", "NEW")
    assert not supergraph.resolves("Item", "stock", "OLD")
    assert not supergraph.resolves("Item", "legacy", "OLD")  # kept only for its key use
    assert supergraph.resolves("Item", "legacy", "NEW")
