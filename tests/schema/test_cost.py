"""Query cost: page sizes multiply, plumbing and leaves are free, fragments count once each."""

from __future__ import annotations

import pytest
from graphql import parse

from schema.cost import MUTATION_COST, query_cost


def cost(query: str, variables: dict[str, object] | None = None, name: str | None = None) -> int:
    return query_cost(parse(query), operation_name=name, variables=variables)


def test_leaves_and_typename_are_free() -> None:
    assert cost("{ __typename }") == 0
    assert cost("{ viewer { role } }") == 1


def test_page_sizes_multiply_and_plumbing_is_free() -> None:
    query = """query($n: Int) { creators(first: $n) { edges { node { id
        works { id } credentials(last: 10) { edges { node { operations { code } } } } } } } }"""
    # creators 1 + works n + credentials n + operations 10n
    assert cost(query, {"n": 20}) == 1 + 20 + 20 + 200
    assert cost(query, {"n": 0}) == 1


def test_fragments_and_inline_fragments_count() -> None:
    query = """
      query { node(id: "x") { ...C ... on Creator { works { id } } } }
      fragment C on Creator { credentials(first: 5) { edges { node { operations { code } } } } }
    """
    assert cost(query) == 1 + 1 + 1 + 5


def test_mutations_cost_more() -> None:
    query = "mutation { a: rotateSigningKey(input: {}) { signingKey { kid } } }"
    assert cost(query) == 2 + MUTATION_COST


@pytest.mark.parametrize(
    ("query", "name"),
    [("query A { viewer { role } } query B { viewer { role } }", None), ("{ a }", "Missing")],
)
def test_no_operation_to_choose_costs_nothing(query: str, name: str | None) -> None:
    assert cost(query, name=name) == 0
