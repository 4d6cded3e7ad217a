"""Statistical disclosure control of survey results (QS-04), as pure functions.

A question's result is the count of answers per value of the scale (1–5). Rules:

* Fewer than :data:`MIN_CELL` (5) answers behind the question: nothing is shown (``counts``
  and ``mean`` are ``None``).
* Primary suppression: a cell with fewer than 5 answers, 0 included (a shown 0 beside a shown 6
  tells that all six gave the same answer).
* Complementary suppression: when a cell is suppressed, every other cell of the question is
  suppressed too, and the mean with them. Only the number of answers remains.

Why every other cell, and not just the smallest: the property test
(``tests/quality/test_suppression.py``) plays someone who knows these rules, the total and the
shown cells, and tries every way of spreading the remaining answers over the hidden cells. With
the usual "hide the smallest cell as well" rule it could compute hidden cells — four hidden
cells of 4 beside a shown 5 (16 answers in cells of at most 4 each), or a complementary cell
pinned between "at least 5" and "no larger than the smallest shown cell". Hiding the whole
question leaves every hidden cell open, whatever the counts; and large waves, where the
figures matter, rarely have a cell under 5.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MIN_CELL = 5
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class QuestionResult:
    total: int
    counts: dict[int, int | None] | None
    mean: float | None

    @property
    def suppressed(self) -> bool:
        return self.counts is None or any(v is None for v in self.counts.values())


def suppressed_cells(counts: Mapping[int, int]) -> set[int]:
    """The values whose counts must not be shown: none, or all of them."""
    if any(counts.get(value, 0) < MIN_CELL for value in SCALE):
        return set(SCALE)
    return set()


def protect(counts: Mapping[int, int]) -> QuestionResult:
    total = sum(counts.get(v, 0) for v in SCALE)
    if total < MIN_CELL:
        return QuestionResult(total=total, counts=None, mean=None)
    if suppressed_cells(counts):
        return QuestionResult(total=total, counts=dict.fromkeys(SCALE), mean=None)
    shown: dict[int, int | None] = {v: counts.get(v, 0) for v in SCALE}
    mean = round(sum(v * counts.get(v, 0) for v in SCALE) / total, 2)
    return QuestionResult(total=total, counts=shown, mean=mean)
