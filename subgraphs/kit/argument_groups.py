"""Arguments that always travel together, declared once as a frozen dataclass.

A field whose resolver asks for `<parameter>: <Group>` gets, through `ArgumentGroup`, the
group's fields as GraphQL arguments instead: each nullable with a default of null, appended
after the field's own arguments in the group's order; on each call the resolver is handed one
`Group(...)` built from them. The group's `__post_init__` may refuse a combination
(`BadUserInput`): the resolver then never runs. The uses: a connection's `first`/`after`
(`kit.connection_fields`), a lookup's `id`/`slug` (`kit.lookup_fields`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, get_type_hints

from strawberry.annotation import StrawberryAnnotation
from strawberry.extensions.field_extension import FieldExtension
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField


class ArgumentGroup(FieldExtension):
    """The fields of `group` as the field's last arguments, one `group` for the resolver."""

    def __init__(self, parameter: str, group: type) -> None:
        self.parameter = parameter
        self.group = group
        self.names = tuple(field.name for field in dataclasses.fields(group))

    def apply(self, field: StrawberryField) -> None:
        own = [argument for argument in field.arguments if argument.python_name != self.parameter]
        if len(own) == len(field.arguments):
            raise TypeError(
                f"The field `{field.python_name}` takes no "
                f"`{self.parameter}: {self.group.__name__}`."
            )
        hints = get_type_hints(self.group)
        field.arguments = [
            *own,
            *(
                StrawberryArgument(
                    python_name=name,
                    graphql_name=None,
                    type_annotation=StrawberryAnnotation(hints[name]),
                    default=None,
                )
                for name in self.names
            ),
        ]

    def map_arguments(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        rest = {name: value for name, value in kwargs.items() if name not in self.names}
        group = self.group(**{name: kwargs.get(name) for name in self.names})
        return {**rest, self.parameter: group}
