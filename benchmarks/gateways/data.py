"""The federation scenario's data, as The Guild's gateways benchmark serves it.

Immutable: the subgraphs can cache every response by request body. Review bodies are long on
purpose, they make the TestQuery response about 88 KB.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    id: str
    name: str
    username: str
    birthday: int


@dataclass(frozen=True)
class Product:
    upc: str
    name: str
    price: int
    weight: int


@dataclass(frozen=True)
class Review:
    id: str
    body: str
    product_upc: str


USERS = tuple(
    User(id, name, username, 1234567890)
    for id, name, username in (
        ("1", "Uri Goldshtein", "urigo"),
        ("2", "Dotan Simha", "dotansimha"),
        ("3", "Kamil Kisiela", "kamilkisiela"),
        ("4", "Arda Tanrikulu", "ardatan"),
        ("5", "Gil Gardosh", "gilgardosh"),
        ("6", "Laurin Quast", "laurin"),
    )
)

PRODUCTS = (
    Product("1", "Table", 899, 100),
    Product("2", "Couch", 1299, 1000),
    Product("3", "Glass", 15, 20),
    Product("4", "Chair", 499, 100),
    Product("5", "TV", 1299, 1000),
    Product("6", "Lamp", 6999, 300),
    Product("7", "Grill", 3999, 2000),
    Product("8", "Fridge", 100000, 6000),
    Product("9", "Sofa", 9999, 800),
)

# The inventory subgraph's own records: upc -> in stock.
IN_STOCK = {
    "1": True,
    "2": False,
    "3": False,
    "4": False,
    "5": True,
    "6": True,
    "7": True,
    "8": False,
    "9": True,
}

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
    "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure "
    "dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. "
    "Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt "
    "mollit anim id est laborum."
)

SED_UT = (
    "Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque "
    "laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi "
    "architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas "
    "sit aspernatur aut odit aut fugi"
)

SED_QUIA = (
    "sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque "
    "porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, "
    "sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam "
    "quaerat voluptatem."
)

UT_ENIM = (
    "Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit "
    "laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem"
)

AT_VERO = (
    "At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium "
    "voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint "
    "occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt "
    "mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et "
    "expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque "
    "nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda"
    " est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut "
    "rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non "
    "recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis "
    "voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat."
)


REVIEWS = tuple(
    Review(str(number), body, upc)
    for number, (body, upc) in enumerate(
        (
            (LOREM, "1"),
            (SED_UT, "1"),
            (SED_QUIA, "1"),
            (UT_ENIM, "1"),
            (LOREM, "2"),
            (SED_UT, "2"),
            (SED_QUIA, "2"),
            (UT_ENIM, "2"),
            (UT_ENIM, "3"),
            (UT_ENIM, "4"),
            (AT_VERO, "4"),
        ),
        start=1,
    )
)
