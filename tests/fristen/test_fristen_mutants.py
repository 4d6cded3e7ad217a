"""Survivors of the mutation run over the deadline engine (issue 14; FND-06, FND-07).

Each test names the behaviour a surviving mutant changed: the last supported day 31.12.9999,
the first supported day 01.01.0001, the non-number share of the amber date, the per-year index
and the holiday table that a batch needs, and the exact German messages users see.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np
import pytest

from anliegen.fristen import (
    WorkCalendar,
    add_months,
    add_weeks,
    amber_date,
    due_in_calendar_days,
    due_in_calendar_days_batch,
    due_in_months,
    due_in_working_days,
    due_in_working_days_batch,
)
from anliegen.fristen.batch import _busdaycalendar

D = dt.date
LAST = D.max  # Friday, 31.12.9999
OUT_OF_RANGE = "Das Fristende liegt außerhalb des unterstützten Datumsbereichs."


def exactly(message: str) -> str:
    """A ``match`` pattern for exactly ``message``."""
    return f"^{re.escape(message)}$"


def _dates(array: np.ndarray) -> list[dt.date]:
    return [day.item() for day in array]


# --- the edges of the supported date range ------------------------------------------------


def test_deadline_ending_on_the_last_supported_day_is_computed() -> None:
    """FND-06: a deadline may end on 31.12.9999 (a Friday, no holiday in Berlin); only one day
    later is out of range — scalar and batch paths alike."""
    cal = WorkCalendar("BE")
    assert cal.is_working_day(LAST)
    assert due_in_working_days(D(9999, 12, 30), 1, cal) == LAST
    assert due_in_calendar_days(D(9999, 12, 30), 1, cal) == LAST
    assert due_in_months(D(9999, 11, 30), 1, cal) == D(9999, 12, 30)
    assert add_months(D(9999, 11, 30), 1) == D(9999, 12, 30)
    assert add_weeks(D(9999, 12, 24), 1) == LAST
    assert _dates(due_in_working_days_batch([D(9999, 12, 30)], 1, cal)) == [LAST]
    assert _dates(due_in_calendar_days_batch([D(9999, 12, 30)], 1, cal)) == [LAST]
    assert _dates(due_in_calendar_days_batch([D(9999, 12, 30)], 1, cal, roll_forward=False)) == [
        LAST
    ]
    assert cal.holidays_between(D(9999, 12, 1), LAST) == []
    assert cal.count_non_working_weekdays(D(9999, 12, 1), LAST) == 0


def test_deadline_rolled_past_the_last_supported_day_is_refused_in_german() -> None:
    """FND-06: with 31.12. closed, a deadline ending on 31.12.9999 would roll into the year
    10000: a German ValueError, not an OverflowError."""
    cal = WorkCalendar("BE", closing_days=["12-31"])
    for compute in (
        lambda: due_in_calendar_days(D(9999, 12, 30), 1, cal),
        lambda: due_in_months(D(9999, 10, 31), 2, cal),
        lambda: due_in_working_days(D(9999, 12, 30), 1, cal),
        lambda: due_in_working_days_batch([D(9999, 12, 30)], 1, cal),
        lambda: due_in_calendar_days_batch([D(9999, 12, 30)], 1, cal),
        lambda: due_in_calendar_days_batch([D(9999, 12, 31)], 1, cal, roll_forward=False),
        lambda: add_months(D(9999, 12, 1), 1),
        lambda: add_weeks(D(9999, 12, 31), 1),
    ):
        with pytest.raises(ValueError, match=exactly(OUT_OF_RANGE)):
            compute()


def test_holidays_up_to_the_last_supported_day() -> None:
    """FND-06: listing the closing days of December 9999 needs no year 10000."""
    cal = WorkCalendar("BE", closing_days=["12-24", "12-31"])
    assert cal.holidays_between(D(9999, 12, 20), LAST) == [D(9999, 12, 24), LAST]
    assert cal.count_non_working_weekdays(D(9999, 12, 20), LAST) == 2


def test_receipt_on_the_first_supported_day() -> None:
    """FND-06: 01.01.0001 is a supported receipt day in the batch path as in the scalar one."""
    cal = WorkCalendar("BE")
    first = D.min
    scalar = [due_in_working_days(first, 3, cal), due_in_calendar_days(first, 3, cal)]
    assert _dates(due_in_working_days_batch([first], 3, cal)) == scalar[:1]
    assert _dates(due_in_calendar_days_batch([first], 3, cal)) == scalar[1:]


@pytest.mark.parametrize(
    ("received", "closing"),
    [
        # Receipt on New Year's Day (Friday) after the closing days 30. and 31.12.
        (D(2027, 1, 1), ["12-30", "12-31"]),
        # Receipt on a Sunday after a closed Friday and a holiday Monday before it.
        (D(2027, 1, 3), ["12-31"]),
        # Receipt on Easter Monday (a holiday) after Good Friday.
        (D(2027, 3, 29), []),
        # A weekday right after the turn of the year.
        (D(2027, 1, 4), ["12-31", "01-04"]),
    ],
)
def test_batch_receipt_after_non_working_days_equals_the_scalar_path(received, closing) -> None:
    """FND-06: non-working days before the receipt day do not change the deadline (§187(1)
    BGB); the batch path agrees with the scalar path for every count."""
    cal = WorkCalendar("BE", closing_days=closing)
    counts = np.arange(1, 30)
    batch = due_in_working_days_batch([received], counts, cal)
    assert _dates(batch) == [due_in_working_days(received, int(n), cal) for n in counts]


# --- the batch path: one holiday table for a typical batch ---------------------------------


@pytest.mark.parametrize("n", [1, 10, 100, 1000])
def test_batch_of_working_days_needs_one_holiday_table(n) -> None:
    """FND-06: the batch path estimates how far its deadlines reach, so an ordinary batch
    (worklist recompute) builds one holiday table, not one per correction round."""
    cal = WorkCalendar("BE", closing_days=["12-24", "12-31"])
    received = np.array(["2027-01-04", "2027-03-05", "2027-12-23"], dtype="datetime64[D]")
    _busdaycalendar.cache_clear()
    due = due_in_working_days_batch(received, n, cal)
    info = _busdaycalendar.cache_info()
    assert info.hits + info.misses == 1
    assert _dates(due) == [due_in_working_days(day.item(), n, cal) for day in received]


@pytest.mark.parametrize("n", [1, 30, 365])
def test_batch_of_calendar_days_needs_one_holiday_table(n) -> None:
    cal = WorkCalendar("BE", closing_days=["12-24", "12-31"])
    received = np.array(["2027-01-04", "2027-12-23", "2027-12-30"], dtype="datetime64[D]")
    _busdaycalendar.cache_clear()
    due = due_in_calendar_days_batch(received, n, cal)
    info = _busdaycalendar.cache_info()
    assert info.hits + info.misses == 1
    assert _dates(due) == [due_in_calendar_days(day.item(), n, cal) for day in received]


def test_batch_accepts_unsigned_and_narrow_integer_counts() -> None:
    cal = WorkCalendar("BE")
    received = [D(2027, 3, 5)]
    expected = [due_in_working_days(received[0], 3, cal)]
    for dtype in (np.uint8, np.int16, np.uint64):
        assert _dates(due_in_working_days_batch(received, np.array([3], dtype=dtype), cal)) == (
            expected
        )


@pytest.mark.parametrize("counts", [np.array([True]), np.array([3.0]), np.array(["3"])])
def test_batch_refuses_counts_that_are_no_integers(counts) -> None:
    with pytest.raises(ValueError, match=exactly("Die Anzahl der Tage muss eine ganze Zahl sein.")):
        due_in_working_days_batch([D(2027, 3, 5)], counts, WorkCalendar("BE"))


# --- the per-year index of a calendar -----------------------------------------------------


def test_calendar_builds_each_year_once() -> None:
    """FND-06: the index of non-working weekdays of a year is built on first use and kept
    (deadline computations ask for it once per day they look at)."""
    cal = WorkCalendar("BE", closing_days=["12-24"])
    assert cal._year(2027) is cal._year(2027)
    assert cal._year(2027) is not cal._year(2028)
    assert sorted(cal._years) == [2027, 2028]


def test_dated_closing_day_counts_only_in_its_own_year() -> None:
    """FND-06: a closing day 2027-06-04 (a Friday) closes that day only, not the same weekday
    or date of another year."""
    cal = WorkCalendar("BE", closing_days=[D(2027, 6, 4)])
    assert not cal.is_working_day(D(2027, 6, 4))
    assert cal.is_working_day(D(2026, 6, 4))  # Thursday
    assert cal.is_working_day(D(2028, 6, 2))  # Friday
    assert cal.holidays_between(D(2028, 1, 1), D(2028, 12, 31)) == WorkCalendar(
        "BE"
    ).holidays_between(D(2028, 1, 1), D(2028, 12, 31))


# --- amber date -----------------------------------------------------------------------------


@pytest.mark.parametrize("share", [True, False, "0.8", None, [0.8]])
def test_amber_share_that_is_no_number_is_refused_in_german(share) -> None:
    """FND-07: a share that is no number (a bool, a text) is a German ValueError, not accepted
    as 1 or crashing with a TypeError."""
    with pytest.raises(ValueError, match=exactly("Der Anteil für Gelb muss eine Zahl sein.")):
        amber_date(D(2026, 1, 1), D(2026, 1, 11), share)


def test_amber_share_as_integer_one() -> None:
    assert amber_date(D(2026, 1, 1), D(2026, 1, 11), 1) == D(2026, 1, 11)


# --- the exact German messages --------------------------------------------------------------

CLOSING_FORMAT = (
    "erwartet wird „MM-TT“ für einen jährlichen Schließtag (z. B. „12-24“) "
    "oder ein Datum „JJJJ-MM-TT“."
)


@pytest.mark.parametrize(
    ("compute", "message"),
    [
        pytest.param(
            lambda: WorkCalendar("BE", closing_days=["13-01"]),
            f"Ungültiger Schließtag „13-01“: {CLOSING_FORMAT}",
            id="month-13",
        ),
        pytest.param(
            lambda: WorkCalendar("BE", closing_days=["2027-02-30"]),
            f"Ungültiger Schließtag „2027-02-30“: {CLOSING_FORMAT}",
            id="date-02-30",
        ),
        pytest.param(
            lambda: WorkCalendar("BE", closing_days=["24.12."]),
            f"Ungültiger Schließtag „24.12.“: {CLOSING_FORMAT}",
            id="german-format",
        ),
        pytest.param(
            lambda: WorkCalendar("BE", closing_days=[1224]),
            f"Ungültiger Schließtag „1224“: {CLOSING_FORMAT}",
            id="number",
        ),
        pytest.param(
            lambda: WorkCalendar("XX"),
            "Unbekanntes Bundesland „XX“. Erlaubt sind: BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, "
            "RP, SL, SN, ST, SH, TH.",
            id="state",
        ),
        pytest.param(
            lambda: WorkCalendar("BY", municipal=["munich"]),
            "Unbekannte Option für kommunale Feiertage „munich“. Erlaubt sind: augsburg, catholic.",
            id="municipal",
        ),
        pytest.param(
            lambda: amber_date(D(2026, 1, 1), D(2026, 1, 11), 1.5),
            "Der Anteil für Gelb muss größer als 0 und höchstens 1 sein.",
            id="share",
        ),
        pytest.param(
            lambda: amber_date(D(2026, 1, 11), D(2026, 1, 1)),
            "Das Fristende darf nicht vor dem Fristbeginn liegen.",
            id="due-before-start",
        ),
        pytest.param(
            lambda: due_in_working_days_batch(
                np.array(["2027-03-05T10"], dtype="datetime64[h]"), 1, WorkCalendar("BE")
            ),
            "Die Eingangsdaten müssen Kalenderdaten (datetime64[D]) sein.",
            id="batch-hours",
        ),
        pytest.param(
            lambda: due_in_working_days_batch(["kein Datum"], 1, WorkCalendar("BE")),
            "Die Eingangsdaten müssen Kalenderdaten sein.",
            id="batch-text",
        ),
        pytest.param(
            lambda: due_in_calendar_days_batch(
                np.array(["NaT"], dtype="datetime64[D]"), 1, WorkCalendar("BE")
            ),
            "Ein Eingangsdatum fehlt.",
            id="batch-nat",
        ),
        pytest.param(
            lambda: due_in_calendar_days_batch(
                np.array(["10000-01-01"], dtype="datetime64[D]"), 1, WorkCalendar("BE")
            ),
            "Ein Eingangsdatum liegt außerhalb des unterstützten Bereichs.",
            id="batch-year-10000",
        ),
        pytest.param(
            lambda: due_in_working_days(D(2027, 3, 5), 0, WorkCalendar("BE")),
            "Die Anzahl der Tage muss mindestens 1 sein.",
            id="zero-days",
        ),
        pytest.param(
            lambda: due_in_months(D(2027, 3, 5), 601, WorkCalendar("BE")),
            "Die Anzahl der Monate darf höchstens 600 sein.",
            id="too-many-months",
        ),
        pytest.param(
            lambda: add_weeks(D(2027, 3, 5), "2"),
            "Die Anzahl der Wochen muss eine ganze Zahl sein.",
            id="weeks-as-text",
        ),
    ],
)
def test_invalid_input_gets_its_exact_german_message(
    compute: Callable[[], object], message: str
) -> None:
    """FND-06/FND-07: the messages are shown to users as they are."""
    with pytest.raises(ValueError, match=exactly(message)):
        compute()


def test_a_datetime_is_refused_with_its_type_named() -> None:
    with pytest.raises(
        TypeError, match=exactly("Erwartet wird ein Kalenderdatum (datetime.date), nicht datetime.")
    ):
        WorkCalendar("BE").is_working_day(dt.datetime(2027, 3, 8, 12, tzinfo=dt.UTC))


@pytest.mark.parametrize("state", [None, 11, b"BE"])
def test_state_that_is_no_text_is_refused_in_german(state) -> None:
    """FND-06: a state code that is no text (e.g. from a broken rules import) is a German
    ValueError, never an AttributeError."""
    with pytest.raises(ValueError, match=f"^Unbekanntes Bundesland „{state}“"):
        WorkCalendar(state)


@pytest.mark.parametrize("option", [None, 1, b"catholic"])
def test_municipal_option_that_is_no_text_is_refused_in_german(option) -> None:
    with pytest.raises(ValueError, match=f"^Unbekannte Option für kommunale Feiertage „{option}“"):
        WorkCalendar("BY", municipal=[option])


def test_state_and_options_are_read_without_case_and_blanks() -> None:
    cal = WorkCalendar(" by ", municipal=[" Catholic "])
    assert (cal.state, cal.municipal) == ("BY", frozenset({"catholic"}))
    assert not cal.is_working_day(D(2028, 8, 15))  # Mariä Himmelfahrt, a Tuesday


def test_distinct_calendars_hash_apart() -> None:
    """FND-06: calendars are cache keys (holiday tables per calendar); calendars that differ in
    state, options or closing days get different hashes, equal ones the same."""
    calendars = [
        WorkCalendar("BE"),
        WorkCalendar("BB"),
        WorkCalendar("BY", municipal=["catholic"]),
        WorkCalendar("BY"),
        WorkCalendar("BE", closing_days=["12-24"]),
        WorkCalendar("BE", closing_days=[D(2027, 12, 24)]),
    ]
    assert len({hash(cal) for cal in calendars}) == len(calendars)
    assert hash(WorkCalendar("be", closing_days="12-24")) == hash(calendars[4])


def test_closing_days_on_every_day_of_the_year_are_refused_in_german() -> None:
    every_day = [(D(2028, 1, 1) + dt.timedelta(days=i)).strftime("%m-%d") for i in range(366)]
    with pytest.raises(
        ValueError, match=exactly("Die Schließtage dürfen nicht jeden Tag des Jahres umfassen.")
    ):
        WorkCalendar("BE", closing_days=every_day)
