"""FND-07 (via FND-06): amber date and traffic light of a deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.fristen import DEFAULT_AMBER_SHARE, amber_date, traffic_light

D = dt.date


@pytest.mark.parametrize(
    ("start", "due", "share", "expected"),
    [
        pytest.param(D(2026, 1, 1), D(2026, 1, 11), 0.8, D(2026, 1, 9), id="80-percent-of-10"),
        pytest.param(D(2026, 1, 1), D(2026, 1, 15), 0.8, D(2026, 1, 13), id="ceil-11.2-is-12"),
        pytest.param(D(2026, 1, 1), D(2026, 1, 11), 0.7, D(2026, 1, 8), id="no-float-rounding"),
        pytest.param(D(2026, 1, 1), D(2026, 1, 11), 1.0, D(2026, 1, 11), id="share-one-is-due"),
        pytest.param(D(2026, 1, 1), D(2026, 1, 1), 0.8, D(2026, 1, 1), id="same-day"),
        pytest.param(D(2026, 1, 1), D(2026, 1, 2), 0.01, D(2026, 1, 2), id="tiny-share"),
    ],
)
def test_fnd06_amber_date(start: dt.date, due: dt.date, share: float, expected: dt.date) -> None:
    """FND-06/FND-07: amber starts at start + ceil(share · duration), within [start, due]."""
    assert amber_date(start, due, share) == expected


def test_fnd06_default_share_is_80_percent() -> None:
    """FND-07 [decision]: amber from 80 % of the time used."""
    assert DEFAULT_AMBER_SHARE == 0.8
    assert amber_date(D(2026, 1, 1), D(2026, 1, 11)) == D(2026, 1, 9)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 1, 8), "green"),
        (D(2026, 1, 9), "amber"),
        (D(2026, 1, 11), "amber"),
        (D(2026, 1, 12), "red"),
    ],
)
def test_fnd06_traffic_light(today: dt.date, expected: str) -> None:
    """FND-07: green before the amber date, amber up to and including the due day, then red."""
    assert traffic_light(today, D(2026, 1, 11), D(2026, 1, 9)) == expected


@pytest.mark.parametrize("share", [0, -0.1, 1.01, float("nan"), float("inf")])
def test_fnd06_invalid_share_is_rejected_in_german(share: float) -> None:
    """FND-07: a share outside (0, 1] raises a German ValueError."""
    with pytest.raises(ValueError, match="größer als 0 und höchstens 1"):
        amber_date(D(2026, 1, 1), D(2026, 1, 11), share)


def test_fnd06_due_before_start_is_rejected_in_german() -> None:
    """FND-07: a due date before the start raises a German ValueError."""
    with pytest.raises(ValueError, match="Fristende darf nicht vor dem Fristbeginn"):
        amber_date(D(2026, 1, 11), D(2026, 1, 1))
