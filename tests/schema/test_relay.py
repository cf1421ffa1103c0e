from __future__ import annotations

import pytest

from registry.domain.paging import Page
from schema.errors import PublicError
from schema.relay import decode_global_id, global_id, to_connection


def test_global_id_round_trip_and_is_opaque() -> None:
    gid = global_id("Creator", "cr_01JDX")
    assert "Creator" not in gid
    assert decode_global_id(gid) == ("Creator", "cr_01JDX")
    assert decode_global_id(gid, expect="Creator")[1] == "cr_01JDX"


@pytest.mark.parametrize("bad", ["", "!!!", "Zm9v", "x" * 600])
def test_malformed_global_id_is_a_user_input_error(bad: str) -> None:
    with pytest.raises(PublicError) as info:
        decode_global_id(bad)
    assert info.value.code == "INVALID_INPUT"


def test_global_id_of_another_type_is_refused() -> None:
    with pytest.raises(PublicError):
        decode_global_id(global_id("Work", "1"), expect="Creator")


def test_to_connection_carries_the_registry_page() -> None:
    page = Page(items=[2, 3], cursors=["c2", "c3"], has_next_page=True, has_previous_page=False)
    conn = to_connection(page, str)
    assert [(e.cursor, e.node) for e in conn.edges] == [("c2", "2"), ("c3", "3")]
    assert conn.nodes() == ["2", "3"]
    info = conn.page_info
    assert (info.has_next_page, info.has_previous_page) == (True, False)
    assert (info.start_cursor, info.end_cursor) == ("c2", "c3")
    empty = to_connection(
        Page(items=[], cursors=[], has_next_page=False, has_previous_page=False), str
    )
    assert empty.page_info.start_cursor is None
