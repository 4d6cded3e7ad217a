"""QS-04: suppression holds for every cell and for complementary cells (property-tested)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anliegen.quality.suppression import MIN_CELL, SCALE, protect

counts_strategy = st.fixed_dictionaries({v: st.integers(0, 40) for v in SCALE})


@pytest.mark.parametrize(
    ("counts", "shown", "mean"),
    [
        # Fewer than 5 answers behind the question: nothing.
        ({1: 1, 2: 1, 3: 1, 4: 1}, None, None),
        # Every cell ≥ 5: everything, with the mean.
        ({1: 5, 2: 5, 3: 5, 4: 5, 5: 5}, {1: 5, 2: 5, 3: 5, 4: 5, 5: 5}, 3.0),
        # One small cell: it and, complementary, every other cell and the mean go.
        ({1: 2, 2: 10, 3: 20, 4: 30, 5: 40}, dict.fromkeys(SCALE), None),
        # Zeros are cells with fewer than 5 answers as well.
        ({1: 0, 2: 0, 3: 10, 4: 20, 5: 7}, dict.fromkeys(SCALE), None),
        # A unanimous answer would reveal everybody's answer: nothing is shown.
        ({4: 6}, dict.fromkeys(SCALE), None),
    ],
)
def test_examples(counts, shown, mean):  # type: ignore[no-untyped-def]
    result = protect(counts)
    assert result.counts == shown
    assert result.mean == mean


@settings(deadline=None)
@given(counts_strategy)
def test_no_shown_figure_has_fewer_than_five_answers(counts):  # type: ignore[no-untyped-def]
    """QS-04: every shown cell holds at least 5 answers; nothing at all below 5 answers."""
    result = protect(counts)
    total = sum(counts.values())
    if total < MIN_CELL:
        assert result.counts is None
        assert result.mean is None
    if result.counts is not None:
        for value, shown in result.counts.items():
            assert shown is None or shown >= MIN_CELL
            assert shown is None or shown == counts[value]


@settings(deadline=None)
@given(counts_strategy)
def test_complementary_suppression(counts):  # type: ignore[no-untyped-def]
    """QS-04: the total minus the shown cells never reveals a single cell or a group under 5:
    the hidden cells are never exactly one, and hold at least 5 answers together; and the mean
    is never shown beside a hidden cell."""
    result = protect(counts)
    if result.counts is None:
        return
    hidden = [v for v, n in result.counts.items() if n is None]
    if hidden:
        assert len(hidden) >= 2
        assert sum(counts[v] for v in hidden) >= MIN_CELL
        assert result.mean is None
    else:
        assert result.mean is not None


@settings(max_examples=50, deadline=None)
@given(st.fixed_dictionaries({v: st.integers(0, 6) for v in SCALE}))
def test_hidden_cells_cannot_be_recovered(counts):  # type: ignore[no-untyped-def]
    """QS-04: someone who knows these rules, the total and the shown cells tries every way of
    spreading the remaining answers over the hidden cells; for each hidden cell, the ways that
    publish exactly the same figures leave it at least two possible values."""
    result = protect(counts)
    if result.counts is None:
        return
    hidden = [v for v, n in result.counts.items() if n is None]
    if not hidden:
        return
    budget = sum(counts[v] for v in hidden)
    possible: dict[int, set[int]] = {v: set() for v in hidden}
    for split in _compositions(budget, len(hidden)):
        other = dict(counts)
        other.update(zip(hidden, split, strict=True))
        if protect(other).counts == result.counts:
            for v, n in zip(hidden, split, strict=True):
                possible[v].add(n)
    for cell, values in possible.items():
        assert len(values) >= 2, (cell, counts, values)


def _compositions(total, parts):  # type: ignore[no-untyped-def]
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


@pytest.mark.parametrize(
    "counts",
    [
        {1: 4, 2: 4, 3: 4, 4: 4, 5: 5},  # 16 answers in four cells of at most 4 each
        {1: 4, 2: 4, 3: 5, 4: 5, 5: 4},  # a complementary cell pinned to the smallest shown
    ],
)
def test_cases_the_smallest_cell_rule_gave_away(counts):  # type: ignore[no-untyped-def]
    """QS-04: found by the property test against "hide the smallest other cell" — now every
    cell of such a question is hidden."""
    assert protect(counts).counts == dict.fromkeys(SCALE)
