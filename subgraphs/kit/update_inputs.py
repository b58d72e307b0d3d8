"""An update input is its create input made partial: the field list is written once.

`UpdatePostInput` is "the row's key, then every field of `CreatePostInput`, each optional and
left UNSET when the client does not send it". Written by hand, the two lists drift: a field
added to the create input and forgotten in the update one can be set once and never changed.
So the update input declares only its key and takes the rest from the create input:

    @update_input(CreatePostInput, skip=("channel_id",))
    class UpdatePostInput:
        id: strawberry.ID

Where there is no create input, the source is the type being edited: the notification
preferences are edited by `@update_input(NotificationPreferences)`, its switches each optional.

Each taken field keeps its type (made nullable: `null` clears a nullable column, and the rules
answer REQUIRED for one that may not be cleared), its GraphQL name, description and directives.
Resolvers read what was sent with `kit.fields.sent_fields`, which is why the taken fields need
no Python declaration.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import strawberry
from strawberry import UNSET
from strawberry.types.base import get_object_definition

KEEP_UNSENT = "Fields left out keep their value."

T = TypeVar("T")


def update_input(
    source: type, *, skip: Iterable[str] = (), description: str = KEEP_UNSENT
) -> Callable[[type[T]], type[T]]:
    """Make the decorated class a strawberry input: its own fields (the key), then every field
    of `source` (the create input, or the strawberry type whose fields are edited) but those
    named in `skip`, optional and UNSET by default."""
    left_out = set(skip)

    def build(cls: type[T]) -> type[T]:
        definition = get_object_definition(source, strict=True)
        types = typing.get_type_hints(source)
        unknown = left_out - {field.python_name for field in definition.fields}
        if unknown:  # a misspelt skip would quietly make that field editable
            raise TypeError(f"{source.__name__} has no field {', '.join(sorted(unknown))}")
        annotations: dict[str, Any] = dict(inspect.get_annotations(cls))
        for field in definition.fields:
            if field.python_name in left_out:
                continue
            annotations[field.python_name] = types[field.python_name] | None
            setattr(
                cls,
                field.python_name,
                strawberry.field(
                    default=UNSET,
                    name=field.graphql_name,
                    description=field.description,
                    directives=field.directives,
                ),
            )
        cls.__annotations__ = annotations
        return strawberry.input(cls, description=description)

    return build
