"""The external sort: the same order as sorted(), in memory or spilled to disk."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.sorting import iter_sorted


@given(st.lists(st.tuples(st.integers(0, 9), st.text(max_size=3))), st.integers(1, 20))
def test_same_as_sorted_and_stable(items, run_size):
    first = lambda item: item[0]  # noqa: E731: ties keep their input order
    assert list(iter_sorted(items, key=first, run_size=run_size)) == sorted(items, key=first)


@given(st.lists(st.text(max_size=3)), st.integers(1, 20))
def test_unique_is_sorted_set(lines, run_size):
    assert list(iter_sorted(lines, unique=True, run_size=run_size)) == sorted(set(lines))


def test_spilled_runs_leave_no_file(tmp_path):
    assert list(iter_sorted(range(100, 0, -1), run_size=7, folder=tmp_path)) == list(range(1, 101))
    assert list(tmp_path.iterdir()) == []
