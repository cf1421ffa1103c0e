"""Selection plans: a validated selection over plain data objects, compiled once, run cheaply.

graphql-core's executor is general: for every field of every request it builds resolve info,
looks up the resolver, checks for awaitables and completes the value by its type. For a
selection that only reads attributes of dataclass instances (every field a Strawberry basic
field: no resolver, no arguments, no directives, no fragments) all of that can be decided
once per document. A :class:`Plan` is that decision: the response keys in order, the same
resolver function the executor would call, and the same serialiser it would apply.

Compiling refuses (:class:`NotCompilable`) anything else, and running refuses a value the
executor would have reported as an error (a null in a non-null field, an unserialisable leaf):
the caller then hands the request to the general executor, which produces the error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    SelectionSetNode,
    Undefined,
)

__all__ = ["NotCompilable", "Plan", "compile_selection", "run_plan"]


class NotCompilable(Exception):
    """The selection, or a value met while running it, needs the general executor."""


@dataclass(frozen=True, slots=True)
class _Typename:
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class _Leaf:
    key: str
    resolve: Callable[..., Any]
    serialize: Callable[[Any], Any]
    nullable: bool


@dataclass(frozen=True, slots=True)
class _Object:
    key: str
    resolve: Callable[..., Any]
    nullable: bool
    plan: Plan


_Step: TypeAlias = _Typename | _Leaf | _Object
Plan: TypeAlias = tuple[_Step, ...]


def compile_selection(parent: GraphQLObjectType, selection_set: SelectionSetNode) -> Plan:
    """The plan of ``selection_set`` on ``parent``; the document must already be valid."""
    steps: list[_Step] = []
    keys: set[str] = set()
    for node in selection_set.selections:
        if not isinstance(node, FieldNode) or node.directives:
            raise NotCompilable("fragments and directives need the general executor")
        key = node.alias.value if node.alias else node.name.value
        if key in keys:
            raise NotCompilable("merged fields need the general executor")
        keys.add(key)
        steps.append(_compile_field(parent, node, key))
    return tuple(steps)


def _compile_field(parent: GraphQLObjectType, node: FieldNode, key: str) -> _Step:
    name = node.name.value
    if name == "__typename":
        return _Typename(key, parent.name)
    field = parent.fields.get(name)
    # Strawberry marks the resolver of a basic field (an attribute read) as the default one.
    if (
        field is None
        or field.args
        or node.arguments
        or not getattr(field.resolve, "_is_default", False)
    ):
        raise NotCompilable(f"{parent.name}.{name} is not a plain attribute")
    assert field.resolve is not None
    field_type, nullable = field.type, True
    if isinstance(field_type, GraphQLNonNull):
        field_type, nullable = field_type.of_type, False
    if isinstance(field_type, GraphQLScalarType | GraphQLEnumType) and node.selection_set is None:
        return _Leaf(key, field.resolve, field_type.serialize, nullable)
    if isinstance(field_type, GraphQLObjectType) and node.selection_set is not None:
        if field_type.is_type_of is not None:
            raise NotCompilable(f"{field_type.name} checks its type at run time")
        return _Object(
            key, field.resolve, nullable, compile_selection(field_type, node.selection_set)
        )
    raise NotCompilable(f"{parent.name}.{name} is a list or an abstract type")


def run_plan(plan: Plan, source: object) -> dict[str, Any]:
    """The response data of ``plan`` over ``source``, as the executor would have built it."""
    out: dict[str, Any] = {}
    for step in plan:
        if isinstance(step, _Typename):
            out[step.key] = step.name
            continue
        value = step.resolve(source, None)
        if value is None:
            if not step.nullable:
                raise NotCompilable(f"null in the non-null field {step.key!r}")
            out[step.key] = None
        elif isinstance(step, _Leaf):
            serialized = step.serialize(value)
            if serialized is None or serialized is Undefined:
                raise NotCompilable(f"{step.key!r} did not serialise")
            out[step.key] = serialized
        else:
            out[step.key] = run_plan(step.plan, value)
    return out
