"""The shape of a GraphQL document as it would execute, computed once per fragment.

A document is small, but what it asks for can be exponential in its size: a chain of
fragments in which each spreads the next twice (``fragment F1 on Query { ...F2 ...F2 }``)
doubles the selection with every level, about forty bytes each. Any rule that walks the
document by following spreads (a depth limit, an alias count, a cost model) then does that
exponential work itself, before the document is refused.

:func:`document_shape` visits every fragment definition once and keeps its shape (fields,
aliases, depth and root fields, as expanded), so a spread costs a dictionary lookup however
often it is repeated: linear in the document's size. The limits are checked on these numbers
before any other rule runs (:class:`~schema.limits.DocumentPolicy`), so no later walk, not
graphql-core's own rules nor execution, ever meets a document whose expansion is unbounded.
Numbers saturate at :data:`SATURATED`: past it only "too large" matters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

__all__ = ["SATURATED", "DocumentShape", "Shape", "document_shape"]

SATURATED = 1 << 62


def _cap(value: int) -> int:
    return value if value < SATURATED else SATURATED


@dataclass(frozen=True, slots=True)
class Shape:
    """One selection set, expanded: every spread replaced by its fragment's selections."""

    fields: int = 0  # field selections, at every level
    aliases: int = 0  # of which carry an alias
    depth: int = 0  # nesting of fields with selections (introspection fields count 0)
    # The fields of the top level, by name: what a root operation would run.
    top: Counter[str] = field(default_factory=Counter)

    def __add__(self, other: Shape) -> Shape:
        top = Counter(self.top)
        for name, count in other.top.items():
            top[name] = _cap(top[name] + count)
        return Shape(
            fields=_cap(self.fields + other.fields),
            aliases=_cap(self.aliases + other.aliases),
            depth=max(self.depth, other.depth),
            top=top,
        )


_EMPTY = Shape()


@dataclass(frozen=True, slots=True)
class DocumentShape:
    """The expanded shape of each operation of a document, with its name (``None``: anonymous)."""

    operations: tuple[tuple[str | None, Shape], ...]

    @property
    def fields(self) -> int:
        return _cap(sum(shape.fields for _, shape in self.operations))

    @property
    def aliases(self) -> int:
        return _cap(sum(shape.aliases for _, shape in self.operations))

    def operation(self, name: str | None) -> Shape | None:
        """The operation that would run for ``name`` (the only one when ``name`` is None)."""
        if name is None:
            return self.operations[0][1] if len(self.operations) == 1 else None
        return next((shape for found, shape in self.operations if found == name), None)


class _Walker:
    __slots__ = ("fragments", "in_progress", "shapes")

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.shapes: dict[str, Shape] = {}
        self.in_progress: set[str] = set()

    def fragment(self, name: str) -> Shape:
        known = self.shapes.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        # An unknown fragment or a cycle: validation refuses the document; count nothing.
        if definition is None or name in self.in_progress:
            return _EMPTY
        self.in_progress.add(name)
        try:
            shape = self.selection_set(definition.selection_set)
        finally:
            self.in_progress.discard(name)
        self.shapes[name] = shape
        return shape

    def selection_set(self, node: SelectionSetNode) -> Shape:
        total = _EMPTY
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total = total + self.field(selection)
            elif isinstance(selection, InlineFragmentNode):
                total = total + self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total = total + self.fragment(selection.name.value)
        return total

    def field(self, node: FieldNode) -> Shape:
        name = node.name.value
        inner = _EMPTY if node.selection_set is None else self.selection_set(node.selection_set)
        leaf = node.selection_set is None or name.startswith("__")
        return Shape(
            fields=_cap(1 + inner.fields),
            aliases=_cap((1 if node.alias else 0) + inner.aliases),
            depth=0 if leaf else 1 + inner.depth,
            top=Counter({name: 1}),
        )


def document_shape(document: DocumentNode) -> DocumentShape:
    """Every operation's expanded shape; each fragment is walked once whatever its spreads."""
    walker = _Walker(
        {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    )
    return DocumentShape(
        tuple(
            (d.name.value if d.name else None, walker.selection_set(d.selection_set))
            for d in document.definitions
            if isinstance(d, OperationDefinitionNode)
        )
    )
