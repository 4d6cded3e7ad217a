"""Gaps the mutation run found in the contact-density engine (issue 14; KON-01, KON-02):
``recompute_on`` outside the fixed-interval branch, and ``validate_facts`` at its boundaries."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from importlib.resources import files

import pytest

from anliegen.contacts import ContactFacts, ContactInputError, next_contact, validate_facts
from anliegen.contacts.schedule import ContactMatcher
from anliegen.rules.schemas import ContactRules, Interval

TODAY = dt.date(2026, 6, 15)
_PRESET = json.loads(
    (files("anliegen.rules") / "presets" / "contacts.json").read_text(encoding="utf-8")
)
#: Seeking Ü25 customers: individual up to 40, no rule from 41 to 44, three months from 45;
#: case management individual (no cap) up to 30.
RULES = ContactRules.model_validate(
    {
        **_PRESET,
        "rows": [
            {
                "label": "A",
                "care_groups": ["ue25_basis"],
                "statuses": ["seeking"],
                "max_age": 40,
                "interval": None,
            },
            {
                "label": "B",
                "care_groups": ["ue25_basis"],
                "statuses": ["seeking"],
                "min_age": 45,
                "interval": {"unit": "months", "count": 3},
            },
            {"label": "C", "care_groups": ["case_management"], "max_age": 30, "interval": None},
        ],
    }
)


def _facts(age: int, care_group: str = "ue25_basis", **overrides: object) -> ContactFacts:
    """Born on 1 March, ``age`` years old on TODAY, seeking, last contact 15.05.2026."""
    base = ContactFacts(
        care_group=care_group,
        status="seeking",
        profile="market",
        birth_date=dt.date(TODAY.year - age, 3, 1),
        created_on=dt.date(2020, 1, 1),
        last_contact=dt.date(2026, 5, 15),
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "reason", "recompute_on"),
    [
        pytest.param(_facts(39), "individual_capped", dt.date(2028, 3, 1), id="capped"),
        pytest.param(
            _facts(39, individual_interval=Interval(unit="months", count=2)),
            "individual",
            dt.date(2028, 3, 1),
            id="individual",
        ),
        pytest.param(
            _facts(39, individual_interval=Interval(unit="months", count=12)),
            "individual_capped",
            dt.date(2028, 3, 1),
            id="individual-over-cap",
        ),
        pytest.param(_facts(42), "no_rule", dt.date(2029, 3, 1), id="no-rule"),
        pytest.param(
            _facts(29, care_group="case_management"),
            "individual",
            dt.date(2028, 3, 1),
            id="individual-unset",
        ),
        pytest.param(_facts(46), "rule", None, id="last-band"),
        pytest.param(
            _facts(39, measure_until=dt.date(2026, 9, 30)),
            "measure",
            dt.date(2026, 10, 1),
            id="measure",
        ),
    ],
)
def test_kon02_recompute_on_in_every_branch(facts, reason, recompute_on) -> None:
    """KON-02: the birthday that leaves the age band (or the day after the measure) is the day
    to recompute, whichever branch gave the answer — not only for rows with a fixed interval."""
    result = next_contact(facts, RULES, TODAY)
    assert (result.reason, result.recompute_on) == (reason, recompute_on)
    assert ContactMatcher(RULES).next_contacts([facts], TODAY) == [result]


def test_kon02_dates_exactly_today_are_valid() -> None:
    """KON-01: registration, last contact and profile assignment on the day itself pass."""
    validate_facts(
        _facts(30, created_on=TODAY, last_contact=TODAY, profile_since=TODAY), TODAY, RULES
    )


def test_kon02_birth_date_exactly_today_is_only_too_young() -> None:
    with pytest.raises(ContactInputError) as error:
        validate_facts(_facts(0, birth_date=TODAY, last_contact=None), TODAY)
    assert error.value.errors == {"birth_date": "Die Person muss mindestens 15 Jahre alt sein."}


def test_kon02_last_contact_on_the_birth_date_is_valid() -> None:
    """The last contact may not lie before the birth date; on it, it may."""
    birth = dt.date(1990, 3, 1)
    validate_facts(_facts(30, birth_date=birth, last_contact=birth), TODAY)
    with pytest.raises(ContactInputError) as error:
        validate_facts(_facts(30, birth_date=birth, last_contact=dt.date(1990, 2, 28)), TODAY)
    assert set(error.value.errors) == {"last_contact"}


def test_kon02_a_day_after_today_is_refused() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(ContactInputError) as error:
        validate_facts(
            _facts(30, created_on=tomorrow, last_contact=tomorrow, profile_since=tomorrow), TODAY
        )
    assert set(error.value.errors) == {"created_on", "last_contact", "profile_since"}
