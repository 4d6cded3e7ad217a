"""FND-06: working-day calendars per Bundesland, municipal holidays and closing days."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from anliegen.fristen import (
    CLOSING_DAY_NAME,
    MUNICIPAL_OPTIONS,
    STATE_NAMES,
    STATES,
    WorkCalendar,
    municipal_options_for,
    parse_closing_days,
)

D = dt.date


# --- states -------------------------------------------------------------------------------


def test_fnd06_sixteen_states_with_german_names() -> None:
    """FND-06: all 16 Bundesländer are known, each with its German name."""
    assert len(STATES) == 16
    assert set(STATE_NAMES) == set(STATES)
    assert STATE_NAMES["BW"] == "Baden-Württemberg"
    assert STATE_NAMES["TH"] == "Thüringen"


@pytest.mark.parametrize("state", STATES)
def test_fnd06_every_state_has_national_holidays(state: str) -> None:
    """FND-06: given any state, New Year, Unity Day and Christmas are no working days."""
    cal = WorkCalendar(state)
    for day in (D(2027, 1, 1), D(2029, 10, 3), D(2026, 12, 25)):
        assert not cal.is_working_day(day), (state, day)
    assert cal.holiday_name(D(2027, 1, 1)) == "Neujahr"


# --- state holidays -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "day", "name", "working_elsewhere_in"),
    [
        pytest.param("BE", D(2027, 3, 8), "Frauentag", "BB", id="frauentag-BE-not-BB"),
        pytest.param("BB", D(2028, 10, 31), "Reformationstag", "BE", id="reformation-BB"),
        pytest.param("BW", D(2027, 1, 6), "Heilige Drei Könige", "BE", id="epiphany-BW"),
        pytest.param("NW", D(2027, 5, 27), "Fronleichnam", "NI", id="corpus-christi-NW"),
        pytest.param("SN", D(2026, 11, 18), "Buß- und Bettag", "TH", id="repentance-SN"),
    ],
)
def test_fnd06_state_specific_holiday(
    state: str, day: dt.date, name: str, working_elsewhere_in: str
) -> None:
    """FND-06: given a holiday of one Bundesland on a weekday, when asked, then it is no
    working day there (with its German name) but a working day in another state."""
    # given
    cal, other = WorkCalendar(state), WorkCalendar(working_elsewhere_in)
    assert day.weekday() < 5
    # when / then
    assert not cal.is_working_day(day)
    assert cal.holiday_name(day) == name
    assert other.is_working_day(day)
    assert other.holiday_name(day) is None


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2027, 3, 26), "Karfreitag"),
        (D(2027, 3, 29), "Ostermontag"),
        (D(2028, 4, 14), "Karfreitag"),
        (D(2028, 4, 17), "Ostermontag"),
        (D(2026, 12, 25), "Erster Weihnachtstag"),
        (D(2028, 12, 26), "Zweiter Weihnachtstag"),
    ],
)
def test_fnd06_easter_and_christmas(day: dt.date, name: str) -> None:
    """FND-06: Good Friday, Easter Monday and both Christmas days are holidays everywhere."""
    for state in STATES:
        cal = WorkCalendar(state)
        assert not cal.is_working_day(day)
        assert cal.holiday_name(day) == name


def test_fnd06_weekends_are_no_working_days_but_no_holidays() -> None:
    """FND-06: given a plain weekend, it is no working day and has no holiday name."""
    cal = WorkCalendar("BE")
    assert not cal.is_working_day(D(2027, 2, 13))  # Saturday
    assert not cal.is_working_day(D(2027, 2, 14))  # Sunday
    assert cal.holiday_name(D(2027, 2, 13)) is None
    assert cal.is_working_day(D(2027, 2, 15))


# --- closing days -------------------------------------------------------------------------


def test_fnd06_recurring_closing_days() -> None:
    """FND-06: given closing days 24.12. and 31.12., when checking several years, then they are
    no working days in every year, named "Schließtag"."""
    # given
    cal = WorkCalendar("BB", closing_days=["12-24", "12-31"])
    plain = WorkCalendar("BB")
    # when / then
    for day in (D(2026, 12, 24), D(2026, 12, 31), D(2027, 12, 24), D(2027, 12, 31)):
        assert plain.is_working_day(day)
        assert not cal.is_working_day(day)
        assert cal.holiday_name(day) == CLOSING_DAY_NAME
        assert cal.is_closing_day(day)


def test_fnd06_dated_closing_days() -> None:
    """FND-06: given a closing day for one date (bridge day), it holds only in that year."""
    cal = WorkCalendar("BE", closing_days=[D(2027, 5, 7), "2028-05-26"])
    assert not cal.is_working_day(D(2027, 5, 7))
    assert not cal.is_working_day(D(2028, 5, 26))
    assert cal.is_working_day(D(2028, 5, 5))
    assert cal.closing_days == ("2027-05-07", "2028-05-26")


def test_fnd06_no_closing_days_by_default() -> None:
    """FND-06 [decision]: no closing days unless configured."""
    cal = WorkCalendar("BE")
    assert cal.closing_days == ()
    assert cal.is_working_day(D(2026, 12, 24))


def test_fnd06_closing_day_on_a_holiday_keeps_the_holiday_name() -> None:
    """FND-06: a closing day that is also a public holiday is named after the holiday."""
    cal = WorkCalendar("BE", closing_days=["12-25"])
    assert cal.holiday_name(D(2026, 12, 25)) == "Erster Weihnachtstag"


def test_fnd06_closing_days_from_text() -> None:
    """FND-06: the API passes closing days as ``MM-DD,MM-DD``; a string is split."""
    assert parse_closing_days(" 12-24, 12-31;2027-05-07 ") == ("12-24", "12-31", "2027-05-07")
    assert parse_closing_days("") == ()
    assert WorkCalendar("BE", closing_days="12-24,12-31") == WorkCalendar(
        "BE", closing_days=["12-31", "12-24"]
    )


def test_fnd06_leap_day_closing_day() -> None:
    """FND-06: a recurring 29.02. closing day applies in leap years only."""
    cal = WorkCalendar("BE", closing_days=["02-29"])
    assert not cal.is_working_day(D(2028, 2, 29))
    assert cal.is_working_day(D(2027, 3, 1))


def test_fnd06_holidays_between_lists_weekday_holidays_and_closing_days() -> None:
    """FND-06: the batch path gets all non-working weekdays in a range, sorted."""
    cal = WorkCalendar("BB", closing_days=["12-24", "12-31"])
    assert cal.holidays_between(D(2026, 12, 20), D(2027, 1, 10)) == [
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 31),
        D(2027, 1, 1),
    ]
    assert cal.holidays_between(D(2027, 1, 2), D(2027, 1, 1)) == []


def test_fnd06_next_working_day() -> None:
    """FND-06: the next working day is the day itself when it is one."""
    cal = WorkCalendar("BE")
    assert cal.next_working_day(D(2027, 3, 5)) == D(2027, 3, 5)
    assert cal.next_working_day(D(2027, 3, 6)) == D(2027, 3, 9)  # Sat → Tue (Frauentag)
    assert cal.next_working_day(D(2027, 3, 26)) == D(2027, 3, 30)  # Good Friday → Tue


# --- municipal options --------------------------------------------------------------------


def test_fnd06_catholic_option_adds_assumption_in_bavaria() -> None:
    """FND-06: given a Bavarian site in a Catholic municipality, 15.08.2028 (a Tuesday) is a
    holiday; without the option it is a working day."""
    day = D(2028, 8, 15)
    assert day.weekday() == 1
    assert WorkCalendar("BY").is_working_day(day)
    cal = WorkCalendar("BY", municipal=["catholic"])
    assert not cal.is_working_day(day)
    assert cal.holiday_name(day) == "Mariä Himmelfahrt"


@pytest.mark.parametrize("state", ["SN", "TH"])
def test_fnd06_catholic_option_adds_corpus_christi_in_saxony_and_thuringia(state: str) -> None:
    """FND-06: Fronleichnam (15.06.2028) holds only in Catholic municipalities of SN and TH."""
    day = D(2028, 6, 15)
    assert WorkCalendar(state).is_working_day(day)
    cal = WorkCalendar(state, municipal=["catholic"])
    assert not cal.is_working_day(day)
    assert cal.holiday_name(day) == "Fronleichnam"


def test_fnd06_catholic_option_has_no_effect_elsewhere() -> None:
    """FND-06: a state without such holidays keeps its calendar; the option is accepted."""
    year = (D(2028, 1, 1), D(2028, 12, 31))
    assert WorkCalendar("BE", municipal=["catholic"]).holidays_between(*year) == WorkCalendar(
        "BE"
    ).holidays_between(*year)


def test_fnd06_augsburg_peace_festival() -> None:
    """FND-06: the Augsburg option adds only the Hohes Friedensfest (08.08.) on top of BY;
    Mariä Himmelfahrt stays governed by the Catholic option."""
    cal = WorkCalendar("BY", municipal=["augsburg"])
    assert not cal.is_working_day(D(2028, 8, 8))
    assert cal.holiday_name(D(2028, 8, 8)) == "Augsburger Hohes Friedensfest"
    assert WorkCalendar("BY").is_working_day(D(2028, 8, 8))
    assert cal.is_working_day(D(2028, 8, 15))
    both = WorkCalendar("BY", municipal=["augsburg", "catholic"])
    assert not both.is_working_day(D(2028, 8, 15))
    year = (D(2028, 1, 1), D(2028, 12, 31))
    assert set(cal.holidays_between(*year)) - set(WorkCalendar("BY").holidays_between(*year)) == {
        D(2028, 8, 8)
    }


def test_fnd06_augsburg_option_has_no_effect_outside_bavaria() -> None:
    """FND-06: the Augsburg holiday never leaks into another state."""
    assert WorkCalendar("BW", municipal=["augsburg"]).is_working_day(D(2028, 8, 8))


def test_fnd06_municipal_options_for_a_state() -> None:
    """FND-06: forms offer only the options that change a state's calendar."""
    assert set(MUNICIPAL_OPTIONS) == {"catholic", "augsburg"}
    assert set(municipal_options_for("BY")) == {"catholic", "augsburg"}
    assert set(municipal_options_for("SN")) == {"catholic"}
    assert municipal_options_for("BE") == {}


# --- value semantics ----------------------------------------------------------------------


def test_fnd06_calendar_is_immutable_and_hashable() -> None:
    """FND-06: equal configurations are equal and hash alike; attributes cannot change."""
    first = WorkCalendar("be", municipal=("catholic",), closing_days=("12-24",))
    second = WorkCalendar("BE", municipal=["catholic"], closing_days=["12-24", "12-24"])
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second, WorkCalendar("BB")}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.state = "BB"  # type: ignore[misc]
    assert "BE" in repr(first)


# --- invalid input ------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["XX", "", "Berlin", "DE"])
def test_fnd06_unknown_state_is_rejected_in_german(state: str) -> None:
    """FND-06: an unknown Bundesland raises a German ValueError."""
    with pytest.raises(ValueError, match="Unbekanntes Bundesland"):
        WorkCalendar(state)


def test_fnd06_unknown_municipal_option_is_rejected_in_german() -> None:
    """FND-06: an unknown municipal option raises a German ValueError."""
    with pytest.raises(ValueError, match="Unbekannte Option für kommunale Feiertage „munich“"):
        WorkCalendar("BY", municipal=["munich"])


@pytest.mark.parametrize(
    "closing", ["13-01", "02-30", "00-10", "12/24", "24.12.", "1224", "2027-02-30", "x"]
)
def test_fnd06_malformed_closing_day_is_rejected_in_german(closing: str) -> None:
    """FND-06: a malformed closing day raises a German ValueError naming the format."""
    with pytest.raises(ValueError, match=r"Ungültiger Schließtag .*MM-TT"):
        WorkCalendar("BE", closing_days=[closing])


def test_fnd06_closing_days_covering_the_whole_year_are_rejected() -> None:
    """FND-06: a calendar without any working day is rejected instead of looping forever."""
    every_day = [(D(2028, 1, 1) + dt.timedelta(days=i)).strftime("%m-%d") for i in range(366)]
    with pytest.raises(ValueError, match="jeden Tag des Jahres"):
        WorkCalendar("BE", closing_days=every_day)


def test_fnd06_datetime_is_not_a_date() -> None:
    """FND-06: a datetime is rejected (its calendar day depends on the time zone)."""
    cal = WorkCalendar("BE")
    with pytest.raises(TypeError, match="Kalenderdatum"):
        cal.is_working_day(dt.datetime(2027, 3, 8, 12, tzinfo=dt.UTC))
