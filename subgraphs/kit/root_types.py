"""A subgraph's root types (Query, Mutation, Subscription) assembled from the resolvers its
`api/` modules declare.

A query or a mutation is a function: it holds no state between requests, so it is written as
one, at the top of the module of its aggregate, with the decorator that makes it a field:

    @strawberry.mutation(description="Members of the channel only.")
    async def create_post(info: Info, input: CreatePostInput) -> PostPayload: ...

`schema.py` then names the modules of each root type, in the order of their fields in the
schema:

    from subgraphs.content.api.mutations import channels as channel_mutations
    ...
    Mutation = root_type("Mutation", channel_mutations, post_mutations, comment_mutations)

Only the fields a module declares count: a field it imports from elsewhere is left to the
module that declares it, and two modules declaring one name is a mistake caught at import.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField


def declared_fields(module: ModuleType) -> dict[str, StrawberryField]:
    """The fields `module` declares (not imports), in the order it declares them."""
    return {
        name: value
        for name, value in vars(module).items()
        if isinstance(value, StrawberryField)
        and value.base_resolver is not None
        and value.base_resolver.wrapped_func.__module__ == module.__name__
    }


def root_type(name: str, *modules: ModuleType) -> Any:
    """A Strawberry type called `name` whose fields are those the modules declare."""
    fields: dict[str, StrawberryField] = {}
    for module in modules:
        for field_name, field in declared_fields(module).items():
            if field_name in fields:
                raise ValueError(f"{name}.{field_name} is declared twice ({module.__name__})")
            fields[field_name] = field
    if not fields:
        raise ValueError(f"{name} has no fields: {[m.__name__ for m in modules]}")
    return strawberry.type(type(name, (), fields))
