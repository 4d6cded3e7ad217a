"""Survivors of the mutation run over the contact-density engine (issue 14; KON-01 … KON-03).

Each test names the behaviour a surviving mutant changed: the field a validation error is
filed under, the first supported year, a week interval exactly as long as the month cap, the
earliest allowed birth date, and the German wording users see.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from anliegen.contacts import (
    ContactInputError,
    ContactMatcher,
    RowIndex,
    birthday,
    describe_interval,
    match_rule,
    next_contact,
    profile_review_date,
    subtract_months,
    validate_facts,
    validate_individual_interval,
)
from anliegen.rules.schemas import ContactRules, Interval

from .builders import PRESET, TODAY, D, born_aged, facts, months, weeks

INVALID_DATE = "Bitte ein gültiges Datum angeben."


def exactly(message: str) -> str:
    """A ``match`` pattern for exactly ``message``."""
    return f"^{re.escape(message)}$"


def _errors(overrides: dict[str, Any], rules: ContactRules | None = None) -> dict[str, str]:
    with pytest.raises(ContactInputError) as caught:
        validate_facts(facts(**overrides), TODAY, rules)
    return caught.value.errors


# --- validate_facts: which field an error is filed under ----------------------------------


@pytest.mark.parametrize(
    "field",
    [
        "birth_date",
        "created_on",
        "last_contact",
        "measure_until",
        "parental_leave_until",
        "profile_since",
    ],
)
@pytest.mark.parametrize("value", ["2026-01-01", 20260101, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)])
def test_kon02_a_date_field_that_is_no_date_is_refused_under_its_name(field, value) -> None:
    """KON-02 (bad input): a value that is no calendar date is reported under its own field —
    the form shows the message next to that field — and nothing else is reported."""
    assert _errors({field: value}) == {field: INVALID_DATE}


@pytest.mark.parametrize("field", ["birth_date", "created_on"])
def test_kon02_birth_and_registration_dates_are_required(field) -> None:
    assert _errors({field: None}) == {field: INVALID_DATE}


@pytest.mark.parametrize("field", ["measure_until", "parental_leave_until", "profile_since"])
def test_kon02_without_a_last_contact_the_later_date_fields_are_still_checked(field) -> None:
    """A missing (optional) last contact does not end the check of the other date fields."""
    assert _errors({"last_contact": None, field: "bald"}) == {field: INVALID_DATE}


@pytest.mark.parametrize(
    "overrides",
    [
        {"last_contact": None, "measure_until": None},
        {"measure_until": None, "parental_leave_until": None, "profile_since": None},
        {
            "measure_until": D(2026, 9, 30),
            "parental_leave_until": D(2027, 1, 31),
            "profile_since": D(2026, 1, 1),
        },
    ],
)
def test_kon02_optional_dates_may_be_missing_or_set(overrides) -> None:
    validate_facts(facts(**overrides), TODAY, PRESET)


def test_kon02_birth_date_on_the_earliest_allowed_day_is_valid() -> None:
    """KON-02: 01.01.1900 is allowed, the day before is not."""
    validate_facts(facts(birth_date=D(1900, 1, 1)), TODAY)
    assert _errors({"birth_date": D(1899, 12, 31)}) == {
        "birth_date": "Das Geburtsdatum darf nicht vor dem 01.01.1900 liegen."
    }


def test_kon02_the_message_of_several_errors_lists_each_once() -> None:
    with pytest.raises(ContactInputError) as caught:
        validate_facts(facts(status="x", created_on=D(2030, 1, 1)), TODAY)
    assert str(caught.value) == " ".join(caught.value.errors.values())
    assert str(caught.value) == (
        "Unbekannter Status „x“. Erlaubt sind: unemployed, seeking, not_set, advice_seeking. "
        "Das Anlagedatum darf nicht in der Zukunft liegen."
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"care_group": "u27"},
            "care_group",
            "Unbekannte Betreuungsgruppe „u27“. Erlaubt sind: ue25_basis, ue25_active, u25, "
            "case_management, rehab, self_employed.",
        ),
        (
            {"profile": "Z"},
            "profile",
            "Unbekannte Profillage „Z“. Erlaubt sind: market, activation, support, development, "
            "stabilisation, assistance, integrated_i, z.",
        ),
    ],
)
def test_kon01_unknown_codes_list_the_allowed_ones(overrides, field, message) -> None:
    assert _errors(overrides) == {field: message}


# --- individual intervals -----------------------------------------------------------------


def test_kon01_week_interval_exactly_as_long_as_the_shortest_month_cap_fits() -> None:
    """KON-01: with a cap of 1 month (at least 28 days, 31.01. → 28.02.), 4 weeks never exceed
    it and are allowed for a seeking customer; 5 weeks are not."""
    rules = PRESET.model_copy(update={"seeking_max_months": 1})
    seeking = facts(status="seeking")
    validate_individual_interval(seeking, weeks(4), rules)
    with pytest.raises(ContactInputError) as caught:
        validate_individual_interval(seeking, weeks(5), rules)
    assert caught.value.errors == {
        "individual_interval": "Arbeitsuchende Kunden dürfen höchstens 1 Monat ohne Kontakt "
        "bleiben (Ausnahme: Umschüler und Profillage I). Das individuelle Kontaktintervall darf "
        "daher höchstens 1 Monat bzw. 4 Wochen betragen, nicht 5 Wochen."
    }


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (weeks(1), "1 Woche"),
        (weeks(2), "2 Wochen"),
        (months(1), "1 Monat"),
        (months(12), "12 Monate"),
    ],
)
def test_kon01_intervals_in_german(interval, text) -> None:
    assert describe_interval(interval) == text


# --- month arithmetic at the first supported year -----------------------------------------


def test_kon03_subtracting_months_down_to_the_first_supported_year() -> None:
    """KON-03: the review date before the end of parental leave is computed down to the year 1;
    before it, a German ValueError."""
    assert subtract_months(D(1, 3, 31), 1) == D(1, 2, 28)
    assert subtract_months(D(1, 12, 31), 11) == D(1, 1, 31)
    with pytest.raises(
        ValueError, match=exactly("Das Datum liegt außerhalb des unterstützten Datumsbereichs.")
    ):
        subtract_months(D(1, 3, 31), 3)
    z = facts(profile="z", profile_since=None, parental_leave_until=D(1, 6, 30))
    assert profile_review_date(z, PRESET) == D(1, 3, 30)


@pytest.mark.parametrize(
    ("interval", "message"),
    [
        (
            Interval.model_construct(unit="days", count=10),
            "Die Einheit des Kontaktintervalls muss Wochen oder Monate sein.",
        ),
        (
            Interval.model_construct(unit="weeks", count=0),
            "Das individuelle Kontaktintervall muss mindestens 1 Woche betragen.",
        ),
        (
            months(25),
            "Das individuelle Kontaktintervall darf höchstens 24 Monate betragen (bei Wochen "
            "höchstens 104).",
        ),
    ],
)
def test_kon01_individual_interval_messages(interval, message) -> None:
    with pytest.raises(ContactInputError) as caught:
        validate_individual_interval(facts(care_group="rehab"), interval, PRESET)
    assert caught.value.errors == {"individual_interval": message}


# --- next contact at the edges --------------------------------------------------------------


@pytest.mark.parametrize(
    ("created_on", "due"),
    [(D(2026, 6, 1), D(2026, 6, 1)), (TODAY, TODAY), (D(2026, 6, 16), TODAY)],
)
def test_kon02_never_contacted_is_due_on_registration_but_never_later_than_today(
    created_on, due
) -> None:
    result = next_contact(facts(last_contact=None, created_on=created_on), PRESET, TODAY)
    assert (result.due_date, result.reason, result.recompute_on) == (due, "never_contacted", None)


def test_kon02_measure_open_to_the_last_supported_day_has_no_recompute_day() -> None:
    """KON-02: a measure recorded as running until 31.12.9999 (open end) keeps the graduate
    management date; there is no day after it to recompute on."""
    result = next_contact(facts(measure_until=D.max), PRESET, TODAY)
    assert (result.reason, result.due_date, result.recompute_on) == (
        "measure",
        D.max - dt.timedelta(weeks=PRESET.measure_lead_weeks),
        None,
    )
    ends_before = next_contact(facts(measure_until=D(9999, 12, 30)), PRESET, TODAY)
    assert ends_before.recompute_on == D.max


@pytest.mark.parametrize(
    ("overrides", "reason", "label"),
    [
        ({}, "rule", "Ü25 Basis, arbeitslos, 25–40 Jahre"),
        (
            {"status": "seeking", "individual_interval": months(2)},
            "individual",
            "Ü25 Basis, arbeitsuchend (individuell, höchstens 6 Monate)",
        ),
        (
            {"status": "seeking", "individual_interval": months(9)},
            "individual_capped",
            "Ü25 Basis, arbeitsuchend (individuell, höchstens 6 Monate)",
        ),
        (
            {"status": "seeking"},
            "individual_capped",
            "Ü25 Basis, arbeitsuchend (individuell, höchstens 6 Monate)",
        ),
        ({"care_group": "rehab"}, "individual", "individuell – Intervall bitte festlegen"),
        (
            {"status": "not_set"},
            "no_rule",
            "keine Regel – spätestens nach 6 Monaten",
        ),
        (
            {"measure_until": D(2026, 9, 30)},
            "measure",
            "Maßnahme: Absolventenmanagement (4 Wochen vor Maßnahmeende)",
        ),
    ],
)
def test_kon02_the_worklist_shows_the_rule_that_set_the_date(overrides, reason, label) -> None:
    """KON-02: every result carries the label of the row (or case) that set its date — the
    worklist and the customer page show it."""
    result = next_contact(facts(**overrides), PRESET, TODAY)
    assert (result.reason, result.rule_label) == (reason, label)


@pytest.mark.parametrize(
    ("update", "measure_label", "no_rule_label"),
    [
        (
            {"measure_lead_weeks": 1, "seeking_max_months": 1},
            "Maßnahme: Absolventenmanagement (1 Woche vor Maßnahmeende)",
            "keine Regel – spätestens nach 1 Monat",
        ),
        (
            {"measure_lead_weeks": 0, "seeking_max_months": 12},
            "Maßnahme: Absolventenmanagement (zum Maßnahmeende)",
            "keine Regel – spätestens nach 12 Monaten",
        ),
    ],
)
def test_kon02_labels_follow_the_configured_lead_and_cap(
    update, measure_label, no_rule_label
) -> None:
    """KON-02: the labels of the measure and no-rule cases name the configured lead time and
    cap in correct German (1 Woche, 1 Monat)."""
    rules = PRESET.model_copy(update=update)
    measure = next_contact(facts(measure_until=D(2026, 9, 30)), rules, TODAY)
    no_rule = next_contact(facts(status="not_set"), rules, TODAY)
    assert (measure.reason, measure.rule_label) == ("measure", measure_label)
    assert (no_rule.reason, no_rule.rule_label) == ("no_rule", no_rule_label)


def test_kon03_the_matcher_keeps_its_rules_for_the_profile_review() -> None:
    """KON-03: the recompute passes ``matcher.rules`` to the review of profile Z."""
    rules = PRESET.model_copy(update={"review_z_months": 3})
    matcher = ContactMatcher(rules)
    assert matcher.rules is rules
    z = facts(profile="z", profile_since=D(2026, 1, 31))
    assert profile_review_date(z, matcher.rules) == D(2026, 4, 30)


# --- matching ---------------------------------------------------------------------------------


def test_kon01_birthdays_at_the_first_and_last_supported_year() -> None:
    """KON-01: the birthday that changes the row is found in the years 1 and 9999 as well;
    beyond them there is none (None, not an error)."""
    assert birthday(D(1, 5, 5), 0) == D(1, 5, 5)
    assert birthday(D(9990, 2, 28), 9) == D(9999, 2, 28)
    assert birthday(D(9990, 2, 28), 10) is None
    assert birthday(D(2, 5, 5), -2) is None


def test_kon01_row_index_builds_the_bands_of_a_group_once() -> None:
    """KON-01: the age bands of a (care group, status, profile) are built on first use and kept
    for the whole batch."""
    index = RowIndex(PRESET.rows)
    first = index.bands("ue25_basis", "unemployed", "market")
    assert index.bands("ue25_basis", "unemployed", "market") is first
    assert first.starts[1:] == (41, 56)
    assert index.bands("ue25_basis", "seeking", "market") is not first


def test_kon01_overlapping_age_bands_the_first_row_wins_in_the_index_too() -> None:
    """KON-01: rows are read top to bottom. When an edited table lets two rows overlap at one
    age (up to 40, from 40 on), the first row applies at 40 — in the fast index as in
    :func:`match_rule` — and the second from 41."""
    rules = ContactRules.model_validate(
        {
            **PRESET.model_dump(),
            "rows": [
                {
                    "label": "bis 40",
                    "care_groups": ["ue25_basis"],
                    "max_age": 40,
                    "interval": {"unit": "months", "count": 2},
                },
                {
                    "label": "ab 40",
                    "care_groups": ["ue25_basis"],
                    "min_age": 40,
                    "interval": {"unit": "months", "count": 3},
                },
            ],
        }
    )
    index = RowIndex(rules.rows)
    for age, label in [(39, "bis 40"), (40, "bis 40"), (41, "ab 40")]:
        customer = facts(birth_date=born_aged(age))
        assert match_rule(customer, rules, TODAY).label == label
        assert index.match(customer, TODAY).label == label
        assert next_contact(customer, rules, TODAY).rule_label == label


def test_kon01_a_row_from_an_age_the_customer_has_not_reached_does_not_apply() -> None:
    """KON-01: with the older band listed first, a 30-year-old gets the younger band's row."""
    rules = ContactRules.model_validate(
        {
            **PRESET.model_dump(),
            "rows": [
                {
                    "label": "ab 56",
                    "care_groups": ["ue25_basis"],
                    "min_age": 56,
                    "interval": {"unit": "months", "count": 4},
                },
                {
                    "label": "bis 55",
                    "care_groups": ["ue25_basis"],
                    "max_age": 55,
                    "interval": {"unit": "months", "count": 2},
                },
            ],
        }
    )
    for age, label in [(30, "bis 55"), (55, "bis 55"), (56, "ab 56")]:
        customer = facts(birth_date=born_aged(age))
        assert match_rule(customer, rules, TODAY).label == label
        assert RowIndex(rules.rows).match(customer, TODAY).label == label
