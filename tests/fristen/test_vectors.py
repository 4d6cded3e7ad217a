"""FND-06: the engine passes every worked example in ``fristen_vectors.csv``.

Each row is checked on the scalar path and on the numpy batch path.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from anliegen.fristen import (
    WorkCalendar,
    due_in_calendar_days,
    due_in_calendar_days_batch,
    due_in_working_days,
    due_in_working_days_batch,
    parse_closing_days,
)

VECTORS = Path(__file__).with_name("fristen_vectors.csv")


class Vector(NamedTuple):
    received: dt.date
    kind: str
    n: int
    state: str
    closing_days: tuple[str, ...]
    due: dt.date

    @property
    def id(self) -> str:
        closing = f"-closing:{'+'.join(self.closing_days)}" if self.closing_days else ""
        return f"{self.kind}-{self.state}-{self.received}+{self.n}{closing}"


def _load() -> list[Vector]:
    with VECTORS.open(encoding="utf-8", newline="") as handle:
        return [
            Vector(
                received=dt.date.fromisoformat(row["received"]),
                kind=row["kind"],
                n=int(row["n"]),
                state=row["state"],
                closing_days=parse_closing_days(row["closing_days"]),
                due=dt.date.fromisoformat(row["due"]),
            )
            for row in csv.DictReader(handle)
        ]


VECTOR_ROWS = _load()


def test_fnd06_vector_file_is_complete() -> None:
    """FND-06: the file holds the worked examples of both kinds, each with a unique id."""
    assert len(VECTOR_ROWS) >= 28
    assert {row.kind for row in VECTOR_ROWS} == {"working_days", "calendar_days"}
    assert len({row.id for row in VECTOR_ROWS}) == len(VECTOR_ROWS)


@pytest.mark.parametrize("vector", VECTOR_ROWS, ids=[row.id for row in VECTOR_ROWS])
def test_fnd06_vector_scalar(vector: Vector) -> None:
    """FND-06: given a receipt date, rule and site calendar, when the deadline is computed on
    the scalar path, then it is the documented due date."""
    # given
    cal = WorkCalendar(vector.state, closing_days=vector.closing_days)
    # when
    if vector.kind == "working_days":
        due = due_in_working_days(vector.received, vector.n, cal)
    else:
        due = due_in_calendar_days(vector.received, vector.n, cal)
    # then
    assert due == vector.due


@pytest.mark.parametrize("vector", VECTOR_ROWS, ids=[row.id for row in VECTOR_ROWS])
def test_fnd06_vector_batch(vector: Vector) -> None:
    """FND-06: given the same example, when computed on the batch path, then the due date is
    the documented one."""
    # given
    cal = WorkCalendar(vector.state, closing_days=vector.closing_days)
    received = np.array([vector.received], dtype="datetime64[D]")
    n = np.array([vector.n])
    # when
    if vector.kind == "working_days":
        due = due_in_working_days_batch(received, n, cal)
    else:
        due = due_in_calendar_days_batch(received, n, cal)
    # then
    assert due.dtype == np.dtype("datetime64[D]")
    assert due[0].item() == vector.due


def test_fnd06_all_vectors_in_one_batch_per_calendar() -> None:
    """FND-06: given all examples grouped by calendar, when each group is computed as one
    batch, then every due date matches (ranges of several items are handled together)."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[Vector]] = {}
    for row in VECTOR_ROWS:
        groups.setdefault((row.kind, row.state, row.closing_days), []).append(row)
    for (kind, state, closing), rows in groups.items():
        cal = WorkCalendar(state, closing_days=closing)
        received = np.array([row.received for row in rows], dtype="datetime64[D]")
        n = np.array([row.n for row in rows])
        batch = due_in_working_days_batch if kind == "working_days" else due_in_calendar_days_batch
        assert [day.item() for day in batch(received, n, cal)] == [row.due for row in rows]
