"""QS-01: the opening-hours standard as pure functions, every rule on its boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from anliegen.quality import standard
from anliegen.quality.standard import check_hours


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def week(*days: tuple[int, str, str]) -> dict[int, list[tuple[dt.time, dt.time]]]:
    hours: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for day, opens, closes in days:
        hours.setdefault(day, []).append((t(opens), t(closes)))
    return hours


def monfri(opens: str, closes: str) -> list[tuple[int, str, str]]:
    return [(d, opens, closes) for d in range(5)]


# Mon–Fri 8:00–12:00 (20 h) plus Thursday 14:00–<close>: the afternoon and the weekly minimum
# turn on the Thursday closing time.
def base_with_thursday(closes: str) -> dict[int, list[tuple[dt.time, dt.time]]]:
    return week(*monfri("08:00", "12:00"), (3, "14:00", closes))


def rules(hours, **kw) -> set[str]:  # type: ignore[no-untyped-def]
    return {v.rule for v in check_hours(hours, **kw).violations}


@pytest.mark.parametrize(
    ("hours", "expected", "weekly"),
    [
        # QS-01 weekly minimum: 21.5 h exactly passes, one minute less fails.
        (base_with_thursday("18:00"), set(), "24.00"),
        (week(*monfri("08:00", "12:18")), {"afternoon"}, "21.50"),
        (week(*monfri("08:00", "12:00"), (0, "14:00", "15:30")), {"afternoon"}, "21.50"),
        (week(*monfri("08:00", "12:17")), {"weekly_hours", "afternoon"}, "21.42"),
        # QS-01 afternoon: closing at exactly 18:00 counts; 17:59 does not.
        (week(*monfri("08:00", "12:30"), (3, "13:30", "18:00")), set(), "27.00"),
        (week(*monfri("08:00", "12:30"), (3, "13:30", "17:59")), {"afternoon"}, "26.98"),
        # An afternoon on Saturday does not count for Monday to Friday.
        (week(*monfri("08:00", "12:30"), (5, "13:30", "18:00")), {"afternoon"}, "27.00"),
        # QS-01 every morning: exactly 2 h before 13:00 counts (11:00–13:00, or 11:00–15:00
        # clipped at 13:00); 1 h 59 min does not.
        (
            week(*monfri("08:00", "12:30"), (3, "13:30", "18:00"))
            | {2: [(t("11:00"), t("13:00")), (t("14:00"), t("16:00"))]},
            set(),
            "26.50",
        ),
        (
            week(*monfri("08:00", "13:00"), (3, "13:30", "18:00"))
            | {0: [(t("11:00"), t("18:00"))]},
            set(),
            "31.50",
        ),
        (
            week(*monfri("08:00", "13:00"), (3, "13:30", "18:00"))
            | {0: [(t("11:01"), t("18:00"))]},
            {"every_morning"},
            "31.48",
        ),
        # Two short morning intervals add up: 8:00–9:00 + 10:00–11:00 = 2 h.
        (
            week(*monfri("08:00", "13:00"), (3, "13:30", "18:00"))
            | {1: [(t("08:00"), t("09:00")), (t("10:00"), t("11:00")), (t("13:00"), t("16:00"))]},
            set(),
            "29.50",
        ),
        # An afternoon-only day is open but has no morning.
        (
            week(*monfri("08:00", "13:00"), (3, "13:30", "18:00"))
            | {4: [(t("13:00"), t("18:00"))]},
            {"every_morning"},
            "29.50",
        ),
        # QS-01 every weekday: a closed Wednesday breaks it (and its morning).
        (
            week(*[(d, "08:00", "14:00") for d in (0, 1, 3, 4)], (3, "14:00", "18:00")),
            {"every_weekday", "every_morning"},
            "28.00",
        ),
        # No hours at all: everything is broken.
        ({}, {"weekly_hours", "every_weekday", "every_morning", "afternoon"}, "0.00"),
    ],
)
def test_site_rules_on_their_boundaries(hours, expected, weekly) -> None:  # type: ignore[no-untyped-def]
    """QS-01: weekly hours (21.5 h exactly), mornings (exactly 2 h before 13:00), closing at
    exactly 18:00 — each rule on both sides of its boundary."""
    result = check_hours(hours)
    assert {v.rule for v in result.violations} == expected
    assert result.weekly_hours == Decimal(weekly)
    assert result.compliant is (not expected)
    assert result.rules == standard.SITE_RULES


MAIN = week(*monfri("08:00", "12:30"), (3, "13:30", "18:00"))


@pytest.mark.parametrize(
    ("tandem", "main", "expected"),
    [
        # Three mornings of exactly 2 h; the main site is open on the two closed days.
        (week((0, "09:00", "11:00"), (2, "09:00", "11:00"), (4, "09:00", "11:00")), MAIN, set()),
        # Two mornings are not enough.
        (week((0, "09:00", "11:00"), (2, "09:00", "11:00")), MAIN, {"tandem_mornings"}),
        # A third morning of 1 h 59 min does not count.
        (
            week((0, "09:00", "11:00"), (2, "09:00", "11:00"), (4, "09:01", "11:00")),
            MAIN,
            {"tandem_mornings"},
        ),
        # The main site is closed on Tuesday, when the tandem site is closed too.
        (
            week((0, "09:00", "12:00"), (2, "09:00", "12:00"), (4, "09:00", "12:00")),
            week(*[(d, "08:00", "12:30") for d in (0, 2, 3, 4)]),
            {"tandem_cover"},
        ),
        # Closed on Tuesday but open in the afternoon then: not "closed", the main site's
        # Tuesday closure is no gap; only three mornings count.
        (
            week(
                (0, "09:00", "12:00"),
                (1, "14:00", "16:00"),
                (2, "09:00", "12:00"),
                (4, "08:00", "10:00"),
            ),
            week(*[(d, "08:00", "12:30") for d in (0, 2, 3, 4)]),
            set(),
        ),
        # The tandem site is exempt from the weekly minimum and the afternoon rule.
        (week(*[(d, "09:00", "11:00") for d in (0, 1, 2)]), MAIN, set()),
        # Closed all week, main site open every weekday: only the mornings are missing.
        ({}, MAIN, {"tandem_mornings"}),
        ({}, {}, {"tandem_mornings", "tandem_cover"}),
    ],
)
def test_tandem_rules(tandem, main, expected) -> None:  # type: ignore[no-untyped-def]
    """QS-01 tandem: the smaller site needs three mornings, and its main site must be open on
    each weekday it is closed."""
    result = check_hours(tandem, main_hours=main)
    assert {v.rule for v in result.violations} == expected
    assert result.rules == standard.TANDEM_RULES


def test_rule_codes_are_those_of_the_contract() -> None:
    """CONTRACT.md: rule is one of weekly_hours, every_weekday, every_morning, afternoon,
    tandem_mornings, tandem_cover."""
    assert standard.RULES == (
        "weekly_hours",
        "every_weekday",
        "every_morning",
        "afternoon",
        "tandem_mornings",
        "tandem_cover",
    )


def test_explanations_are_german() -> None:
    """QS-01: each violation carries a German explanation naming the figures."""
    with translation.override("de"):
        site = check_hours(week((0, "14:00", "17:00")))
        tandem = check_hours({}, main_hours={})
    details = {v.rule: v.detail for v in (*site.violations, *tandem.violations)}
    assert "3 Stunden" in details["weekly_hours"]
    assert "21,5" in details["weekly_hours"]
    assert "Dienstag, Mittwoch, Donnerstag, Freitag" in details["every_weekday"]
    assert "Montag" in details["every_morning"]
    assert "13:00" in details["every_morning"]
    assert "18:00" in details["afternoon"]
    assert "drei" in details["tandem_mornings"]
    assert "Hauptstandort" in details["tandem_cover"]
