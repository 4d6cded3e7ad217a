"""KON-01, KON-02: bad input is rejected with a German message per field, nothing computed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from anliegen.contacts import (
    ContactInputError,
    validate_facts,
    validate_individual_interval,
)
from anliegen.rules.schemas import Interval

from .builders import PRESET, TODAY, D, facts, months, weeks


def test_kon02_valid_facts_pass() -> None:
    """KON-02: given plausible data, then validation passes."""
    validate_facts(facts(individual_interval=months(2)), TODAY, PRESET)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"birth_date": D(2026, 6, 16)},
            "birth_date",
            "Das Geburtsdatum darf nicht in der Zukunft liegen.",
            id="birth-in-future",
        ),
        pytest.param(
            {"birth_date": D(1899, 12, 31)},
            "birth_date",
            "Das Geburtsdatum darf nicht vor dem 01.01.1900 liegen.",
            id="birth-before-1900",
        ),
        pytest.param(
            {"birth_date": D(2011, 6, 16)},
            "birth_date",
            "Die Person muss mindestens 15 Jahre alt sein.",
            id="fifteen-tomorrow",
        ),
        pytest.param(
            {"care_group": "u27"},
            "care_group",
            "Unbekannte Betreuungsgruppe „u27“.",
            id="unknown-care-group",
        ),
        pytest.param(
            {"status": "arbeitslos"},
            "status",
            "Unbekannter Status „arbeitslos“.",
            id="unknown-status",
        ),
        pytest.param(
            {"profile": "Z"}, "profile", "Unbekannte Profillage „Z“.", id="unknown-profile-case"
        ),
        pytest.param(
            {"last_contact": D(2026, 6, 16)},
            "last_contact",
            "Der letzte Kontakt darf nicht in der Zukunft liegen.",
            id="contact-in-future",
        ),
        pytest.param(
            {"birth_date": D(1990, 3, 1), "last_contact": D(1990, 2, 28)},
            "last_contact",
            "Der letzte Kontakt darf nicht vor dem Geburtsdatum liegen.",
            id="contact-before-birth",
        ),
        pytest.param(
            {"created_on": D(2026, 6, 16)},
            "created_on",
            "Das Anlagedatum darf nicht in der Zukunft liegen.",
            id="created-in-future",
        ),
        pytest.param(
            {"profile_since": D(2026, 7, 1)},
            "profile_since",
            "Die Profillage darf nicht in der Zukunft zugeordnet sein.",
            id="profile-in-future",
        ),
        pytest.param(
            {"measure_until": dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)},
            "measure_until",
            "Bitte ein gültiges Datum angeben.",
            id="datetime-not-date",
        ),
        pytest.param(
            {"birth_date": "1990-01-01"},
            "birth_date",
            "Bitte ein gültiges Datum angeben.",
            id="string-not-date",
        ),
    ],
)
def test_kon02_impossible_facts_rejected(
    overrides: dict[str, Any], field: str, message: str
) -> None:
    """KON-02: given impossible customer data, when validated, then a German message names the
    problem under the field's name."""
    with pytest.raises(ContactInputError) as caught:
        validate_facts(facts(**overrides), TODAY)

    assert list(caught.value.errors) == [field]
    assert caught.value.errors[field].startswith(message)
    assert isinstance(caught.value, ValueError)


def test_kon02_exactly_fifteen_passes() -> None:
    """KON-02: given a person turning 15 today, then the birth date is accepted."""
    validate_facts(facts(birth_date=D(2011, 6, 15), last_contact=None), TODAY)


def test_kon02_every_problem_is_listed() -> None:
    """KON-02: given several problems, then all are reported at once."""
    customer = facts(status="x", profile="y", last_contact=D(2030, 1, 1))

    with pytest.raises(ContactInputError) as caught:
        validate_facts(customer, TODAY)

    assert set(caught.value.errors) == {"status", "profile", "last_contact"}
    assert "Unbekannter Status „x“" in str(caught.value)


@pytest.mark.parametrize(
    ("overrides", "interval"),
    [
        pytest.param({"status": "seeking"}, months(6), id="seeking-6-months"),
        pytest.param({"status": "seeking"}, weeks(25), id="seeking-25-weeks"),
        pytest.param({"status": "seeking", "in_retraining": True}, months(12), id="umschueler-12"),
        pytest.param({"status": "seeking", "profile": "integrated_i"}, months(9), id="profile-i-9"),
        pytest.param(
            {"care_group": "case_management", "status": "seeking"}, months(9), id="fm-seeking-9"
        ),
        pytest.param({"care_group": "rehab"}, months(24), id="reha-24-months"),
        pytest.param({"care_group": "self_employed"}, weeks(104), id="self-employed-104-weeks"),
        pytest.param({"care_group": "rehab"}, weeks(1), id="one-week"),
    ],
)
def test_kon01_allowed_individual_intervals(overrides: dict[str, Any], interval: Interval) -> None:
    """KON-01: given an individual interval within the limits, then it is accepted."""
    validate_individual_interval(facts(**overrides), interval, PRESET)


@pytest.mark.parametrize(
    ("overrides", "interval", "message"),
    [
        pytest.param(
            {"status": "seeking"},
            months(7),
            "Arbeitsuchende Kunden dürfen höchstens 6 Monate ohne Kontakt bleiben (Ausnahme: Umschüler und Profillage I). Das individuelle Kontaktintervall darf daher höchstens 6 Monate bzw. 25 Wochen betragen, nicht 7 Monate.",
            id="seeking-7-months",
        ),
        pytest.param(
            {"status": "seeking"},
            weeks(26),
            "Das individuelle Kontaktintervall darf daher höchstens 6 Monate bzw. 25 Wochen betragen, nicht 26 Wochen.",
            id="seeking-26-weeks",
        ),
        pytest.param(
            {"care_group": "rehab"},
            months(25),
            "Das individuelle Kontaktintervall darf höchstens 24 Monate betragen (bei Wochen höchstens 104).",
            id="above-24-months",
        ),
        pytest.param(
            {"care_group": "rehab"},
            weeks(105),
            "Das individuelle Kontaktintervall darf höchstens 24 Monate betragen",
            id="above-104-weeks",
        ),
        pytest.param(
            {"care_group": "rehab"},
            Interval.model_construct(unit="weeks", count=0),
            "Das individuelle Kontaktintervall muss mindestens 1 Woche betragen.",
            id="zero-weeks",
        ),
        pytest.param(
            {"care_group": "rehab"},
            Interval.model_construct(unit="days", count=10),
            "Die Einheit des Kontaktintervalls muss Wochen oder Monate sein.",
            id="unknown-unit",
        ),
    ],
)
def test_kon01_individual_interval_above_the_cap_rejected(
    overrides: dict[str, Any], interval: Interval, message: str
) -> None:
    """KON-01 (bad input): given an individual interval above the cap for seeking customers, or
    outside 1 week … 24 months, then it is rejected with a German message."""
    with pytest.raises(ContactInputError) as caught:
        validate_individual_interval(facts(**overrides), interval, PRESET)

    assert list(caught.value.errors) == ["individual_interval"]
    assert message in caught.value.errors["individual_interval"]


def test_kon01_validate_facts_checks_the_individual_interval_with_rules() -> None:
    """KON-01: given a seeking customer with 9 months stored, when the facts are validated with
    the rules, then the interval is rejected; without rules only the facts are checked."""
    customer = facts(status="seeking", individual_interval=months(9))

    validate_facts(customer, TODAY)
    with pytest.raises(ContactInputError) as caught:
        validate_facts(customer, TODAY, PRESET)

    assert list(caught.value.errors) == ["individual_interval"]
