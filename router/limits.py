"""Limits on what one operation may ask for, checked once per document (then cached)."""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

DEFAULT_MAX_DEPTH = 32


def operation_depth(document: DocumentNode) -> int:
    """The deepest field nesting of any operation in `document` (fragments followed;
    validation has already ruled out fragment cycles)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    memo: dict[str, int] = {}

    def depth(selection_set: SelectionSetNode | None) -> int:
        if selection_set is None:
            return 0
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set is not None:
                    deepest = max(deepest, 1 + depth(selection.selection_set))
                else:
                    deepest = max(deepest, 1)
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, depth(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in memo:
                    memo[name] = 0  # guards against cycles should validation be skipped
                    fragment = fragments.get(name)
                    memo[name] = depth(fragment.selection_set) if fragment else 0
                deepest = max(deepest, memo[name])
        return deepest

    return max(
        (
            depth(d.selection_set)
            for d in document.definitions
            if isinstance(d, OperationDefinitionNode)
        ),
        default=0,
    )
