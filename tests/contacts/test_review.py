"""KON-03: profile Z is reviewed at the latest 6 months after it was assigned, or 3 months
before parental leave ends, whichever is earlier."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.contacts import profile_review_date, subtract_months

from .builders import PRESET, D, facts


@pytest.mark.parametrize(
    ("since", "leave_until", "review"),
    [
        pytest.param(D(2026, 1, 15), None, D(2026, 7, 15), id="6-months-after-assignment"),
        pytest.param(D(2025, 8, 31), None, D(2026, 2, 28), id="6-months-ends-on-28-feb"),
        pytest.param(D(2027, 8, 31), None, D(2028, 2, 29), id="6-months-ends-on-29-feb-2028"),
        pytest.param(D(2026, 1, 10), D(2026, 5, 31), D(2026, 2, 28), id="leave-ends-first"),
        pytest.param(D(2026, 1, 10), D(2027, 3, 31), D(2026, 7, 10), id="6-months-first"),
        pytest.param(D(2026, 1, 10), D(2026, 10, 10), D(2026, 7, 10), id="same-day"),
        pytest.param(
            D(2026, 1, 10), D(2026, 3, 31), D(2026, 7, 10), id="leave-date-before-assignment"
        ),
        pytest.param(D(2026, 1, 10), D(2026, 4, 10), D(2026, 7, 10), id="leave-date-on-assignment"),
        pytest.param(None, D(2026, 11, 30), D(2026, 8, 30), id="no-assignment-date"),
        pytest.param(None, None, None, id="nothing-known"),
    ],
)
def test_kon03_profile_z_review(
    since: dt.date | None, leave_until: dt.date | None, review: dt.date | None
) -> None:
    """KON-03: given profile Z assigned on ``since`` and parental leave until ``leave_until``,
    then the review date is the earlier of since + 6 months and leave end − 3 months (the
    latter only if it lies after the assignment)."""
    customer = facts(profile="z", profile_since=since, parental_leave_until=leave_until)

    assert profile_review_date(customer, PRESET) == review


@pytest.mark.parametrize("profile", ["market", "development", "integrated_i", "assistance"])
def test_kon03_no_review_for_other_profiles(profile: str) -> None:
    """KON-03: given any profile but Z, then there is no review date."""
    customer = facts(
        profile=profile, profile_since=D(2026, 1, 1), parental_leave_until=D(2026, 6, 1)
    )

    assert profile_review_date(customer, PRESET) is None


def test_kon03_review_months_are_rule_numbers() -> None:
    """KON-03, FND-09: given rules with 4 months review and 0 months before leave end, then
    those numbers apply."""
    rules = PRESET.model_copy(
        update={"review_z_months": 4, "review_before_parental_leave_end_months": 0}
    )
    without_leave = facts(profile="z", profile_since=D(2026, 1, 31))
    with_leave = facts(
        profile="z", profile_since=D(2026, 1, 31), parental_leave_until=D(2026, 4, 30)
    )

    assert profile_review_date(without_leave, rules) == D(2026, 5, 31)
    assert profile_review_date(with_leave, rules) == D(2026, 4, 30)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        pytest.param(D(2026, 5, 31), 3, D(2026, 2, 28), id="31-may-minus-3"),
        pytest.param(D(2028, 5, 31), 3, D(2028, 2, 29), id="leap-year"),
        pytest.param(D(2026, 2, 15), 3, D(2025, 11, 15), id="across-new-year"),
        pytest.param(D(2026, 3, 31), 0, D(2026, 3, 31), id="zero"),
        pytest.param(D(2026, 12, 31), 12, D(2025, 12, 31), id="one-year"),
    ],
)
def test_kon03_subtract_months(day: dt.date, n: int, expected: dt.date) -> None:
    """KON-03: given a date, when n months are subtracted, then the same day number results, or
    the last day of a shorter month."""
    assert subtract_months(day, n) == expected
