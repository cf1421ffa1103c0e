"""Query cost, computed from the document and variables before anything executes.

The model counts the work a query can cause, not the bytes it returns:

- every field that returns an object costs 1, times the number of parents it runs for;
- a field taking ``first``/``last`` (a connection) multiplies its children by that number;
- leaves, ``__typename`` and the connection plumbing (``edges``, ``nodes`` and ``pageInfo``
  of a paged field, ``node`` of its ``edges``) are free: they add no lookups;
- each mutation field costs :data:`MUTATION_COST` on top, since it writes.

So ``creators(first: 100) { edges { node { accounts(first: 10) { … } } } }`` costs
1 + 100 = 101, and the limit bounds the product of page sizes that nesting can reach.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_operation_ast,
)

__all__ = ["MUTATION_COST", "page_variables", "query_cost"]

MUTATION_COST = 10
# Connection plumbing: free directly under a paged field (and ``node`` under ``edges``).
_CONNECTION_PARTS = frozenset({"edges", "nodes", "pageInfo"})
_PAGE_ARGUMENTS = ("first", "last")


def _page_size(field: FieldNode, variables: Mapping[str, Any]) -> int | None:
    """The ``first``/``last`` the field is given; None for a field that is not paged."""
    found: int | None = None
    for argument in field.arguments or ():
        if argument.name.value not in _PAGE_ARGUMENTS:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            found = max(found or 0, int(value.value), 0)
        elif isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            if isinstance(given, int) and not isinstance(given, bool):
                found = max(found or 0, given, 0)
            elif found is None:
                found = 1
    return found


def page_variables(document: DocumentNode) -> frozenset[str]:
    """The variables some ``first``/``last`` argument takes: the only ones the cost reads."""
    names: set[str] = set()

    def walk(node: SelectionSetNode) -> None:
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                for argument in selection.arguments or ():
                    value = argument.value
                    if argument.name.value in _PAGE_ARGUMENTS and isinstance(value, VariableNode):
                        names.add(value.name.value)
            if isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                walk(selection.selection_set)

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            walk(definition.selection_set)
    return frozenset(names)


class _Costing:
    """The walk, with each fragment costed once per kind of parent.

    The cost of a selection is linear in its multiplier, so a fragment's cost is kept at
    multiplier 1 and scaled: a spread repeated any number of times, at any depth, costs one
    lookup (a chain of fragments that doubles at each level would otherwise cost 2**levels).
    """

    __slots__ = ("fragments", "in_progress", "memo", "variables")

    def __init__(
        self, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.memo: dict[tuple[str, str], int] = {}
        self.in_progress: set[str] = set()

    def fragment(self, name: str, parent: str) -> int:
        key = (name, parent)
        known = self.memo.get(key)
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        # An unknown fragment or a cycle: validation refuses the document.
        if fragment is None or name in self.in_progress:
            return 0
        self.in_progress.add(name)
        try:
            cost = self.selection_set(fragment.selection_set, 1, parent)
        finally:
            self.in_progress.discard(name)
        self.memo[key] = cost
        return cost

    def selection_set(self, node: SelectionSetNode, multiplier: int, parent: str = "") -> int:
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if selection.selection_set is None or name.startswith("__"):
                    continue
                plumbing = (parent == "connection" and name in _CONNECTION_PARTS) or (
                    parent == "edges" and name == "node"
                )
                size = _page_size(selection, self.variables)
                kind = "connection" if size is not None else ("edges" if name == "edges" else "")
                inner = multiplier * (1 if size is None else size)
                total += (0 if plumbing else multiplier) + self.selection_set(
                    selection.selection_set, inner, kind
                )
            elif isinstance(selection, InlineFragmentNode):
                total += self.selection_set(selection.selection_set, multiplier, parent)
            elif isinstance(selection, FragmentSpreadNode):
                total += multiplier * self.fragment(selection.name.value, parent)
        return total


def query_cost(
    document: DocumentNode,
    *,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> int:
    """The cost of the operation that would run; 0 when none can be chosen (execution fails).

    ``variables`` are the *coerced* values (defaults applied, ``100.0`` made ``100``), as the
    resolvers will see them: see :meth:`schema.limits.DocumentPolicy.cost`.
    """
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    costing = _Costing(fragments, variables or {})
    total = costing.selection_set(operation.selection_set, 1)
    if operation.operation is OperationType.MUTATION:
        total += MUTATION_COST * sum(
            1 for s in operation.selection_set.selections if isinstance(s, FieldNode)
        )
    return total
