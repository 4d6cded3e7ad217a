"""KON-01: the contact-density table of seed 004, row by row, and its age boundaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from anliegen.contacts import ContactMatcher, match_rule, next_contact
from anliegen.rules.schemas import Interval

from .builders import PRESET, TODAY, D, born_aged, facts, months, weeks

LAST = D(2026, 5, 15)

# (id, facts overrides, index of the expected preset row, expected interval)
ROW_CASES: list[tuple[str, dict[str, Any], int, Interval | None]] = [
    (
        "z-basis-seeking-60",
        {"status": "seeking", "profile": "z", "birth_date": born_aged(60)},
        0,
        months(12),
    ),
    ("z-basis-unemployed-45", {"profile": "z", "birth_date": born_aged(45)}, 0, months(12)),
    (
        "z-bjo-not-set-30",
        {"care_group": "ue25_active", "status": "not_set", "profile": "z"},
        0,
        months(12),
    ),
    (
        "z-bjo-advice-58",
        {
            "care_group": "ue25_active",
            "status": "advice_seeking",
            "profile": "z",
            "birth_date": born_aged(58),
        },
        0,
        months(12),
    ),
    ("i-basis-seeking-30", {"status": "seeking", "profile": "integrated_i"}, 1, months(12)),
    (
        "i-basis-unemployed-57",
        {"profile": "integrated_i", "birth_date": born_aged(57)},
        1,
        months(12),
    ),
    (
        "i-bjo-unemployed-35",
        {"care_group": "ue25_active", "profile": "integrated_i"},
        1,
        months(12),
    ),
    ("basis-unemployed-25", {"birth_date": born_aged(25)}, 2, months(2)),
    ("basis-unemployed-40", {"birth_date": born_aged(40)}, 2, months(2)),
    ("basis-unemployed-41", {"birth_date": born_aged(41)}, 3, months(3)),
    ("basis-unemployed-55", {"birth_date": born_aged(55)}, 3, months(3)),
    ("basis-unemployed-56", {"birth_date": born_aged(56)}, 4, months(4)),
    ("basis-unemployed-67", {"profile": "assistance", "birth_date": born_aged(67)}, 4, months(4)),
    ("basis-seeking", {"status": "seeking", "profile": "development"}, 5, None),
    ("bjo-market", {"care_group": "ue25_active", "profile": "market"}, 6, weeks(4)),
    ("bjo-activation", {"care_group": "ue25_active", "profile": "activation"}, 6, weeks(4)),
    (
        "bjo-support",
        {"care_group": "ue25_active", "profile": "support", "birth_date": born_aged(59)},
        6,
        weeks(4),
    ),
    ("bjo-development", {"care_group": "ue25_active", "profile": "development"}, 7, weeks(6)),
    ("u25-market", {"care_group": "u25", "birth_date": born_aged(19)}, 8, weeks(4)),
    (
        "u25-assistance",
        {"care_group": "u25", "profile": "assistance", "birth_date": born_aged(22)},
        8,
        weeks(4),
    ),
    (
        "u25-profile-z-is-no-ue25",
        {"care_group": "u25", "profile": "z", "birth_date": born_aged(20)},
        8,
        weeks(4),
    ),
    ("u25-turned-25-stays-u25", {"care_group": "u25", "birth_date": born_aged(26)}, 8, weeks(4)),
    ("fm", {"care_group": "case_management", "status": "seeking"}, 9, None),
    ("reha", {"care_group": "rehab", "profile": "stabilisation"}, 9, None),
    ("self-employed", {"care_group": "self_employed", "profile": "integrated_i"}, 9, None),
]


@pytest.mark.parametrize(
    ("overrides", "row_index", "interval"),
    [pytest.param(o, i, iv, id=name) for name, o, i, iv in ROW_CASES],
)
def test_kon01_row_of_the_table(
    overrides: dict[str, Any], row_index: int, interval: Interval | None
) -> None:
    """KON-01: given a customer of one line of the seed's table, when the rule is matched, then
    that line's row applies, with its interval (None = individual), by both match paths."""
    customer = facts(**overrides)

    row = match_rule(customer, PRESET, TODAY)

    assert row is PRESET.rows[row_index]
    assert row.interval == interval
    assert ContactMatcher(PRESET).match(customer, TODAY) is row


def test_kon01_every_preset_row_has_a_case() -> None:
    """KON-01: given the preset, then the table above covers each of its rows."""
    assert {case[2] for case in ROW_CASES} == set(range(len(PRESET.rows)))


@pytest.mark.parametrize(
    ("overrides", "expected_due", "reason"),
    [
        pytest.param({"birth_date": born_aged(30)}, D(2026, 7, 15), "rule", id="basis-2-months"),
        pytest.param({"birth_date": born_aged(48)}, D(2026, 8, 15), "rule", id="basis-3-months"),
        pytest.param({"birth_date": born_aged(60)}, D(2026, 9, 15), "rule", id="basis-4-months"),
        pytest.param(
            {"profile": "z", "status": "not_set"}, D(2027, 5, 15), "rule", id="z-12-months"
        ),
        pytest.param(
            {"care_group": "ue25_active", "profile": "integrated_i", "status": "seeking"},
            D(2027, 5, 15),
            "rule",
            id="i-12-months",
        ),
        pytest.param(
            {"care_group": "ue25_active", "profile": "support"},
            D(2026, 6, 12),
            "rule",
            id="bjo-4-weeks",
        ),
        pytest.param(
            {"care_group": "ue25_active", "profile": "development"},
            D(2026, 6, 26),
            "rule",
            id="bjo-6-weeks",
        ),
        pytest.param(
            {"care_group": "u25", "birth_date": born_aged(20)},
            D(2026, 6, 12),
            "rule",
            id="u25-4-weeks",
        ),
        pytest.param(
            {"status": "seeking"},
            D(2026, 11, 15),
            "individual_capped",
            id="seeking-capped-6-months",
        ),
        pytest.param(
            {"status": "seeking", "in_retraining": True},
            D(2026, 11, 15),
            "individual",
            id="umschueler-safety-default",
        ),
        pytest.param(
            {"care_group": "case_management"}, D(2026, 11, 15), "individual", id="fm-safety-default"
        ),
        pytest.param(
            {"care_group": "rehab", "individual_interval": weeks(2)},
            D(2026, 5, 29),
            "individual",
            id="reha-2-weeks",
        ),
        pytest.param(
            {"care_group": "self_employed", "individual_interval": months(9)},
            D(2027, 2, 15),
            "individual",
            id="self-employed-9-months",
        ),
        pytest.param({"status": "not_set"}, D(2026, 11, 15), "no_rule", id="not-set-no-rule"),
    ],
)
def test_kon01_due_date_per_row(
    overrides: dict[str, Any], expected_due: dt.date, reason: str
) -> None:
    """KON-01, KON-02: given a last contact on 15.05.2026, when the next contact is computed,
    then it falls due after the row's interval."""
    result = next_contact(facts(last_contact=LAST, **overrides), PRESET, TODAY)

    assert (result.due_date, result.reason) == (expected_due, reason)


@pytest.mark.parametrize(
    ("birth_date", "today", "interval"),
    [
        pytest.param(D(1985, 6, 15), D(2026, 6, 14), months(2), id="day-before-41st-birthday"),
        pytest.param(D(1985, 6, 15), D(2026, 6, 15), months(3), id="on-41st-birthday"),
        pytest.param(D(1970, 6, 15), D(2026, 6, 14), months(3), id="day-before-56th-birthday"),
        pytest.param(D(1970, 6, 15), D(2026, 6, 15), months(4), id="on-56th-birthday"),
        pytest.param(D(1988, 2, 29), D(2029, 2, 28), months(2), id="leap-born-28-feb-common-year"),
        pytest.param(D(1988, 2, 29), D(2029, 3, 1), months(3), id="leap-born-1-march-common-year"),
        pytest.param(D(1972, 2, 29), D(2028, 2, 28), months(3), id="leap-born-28-feb-leap-year"),
        pytest.param(D(1972, 2, 29), D(2028, 2, 29), months(4), id="leap-born-29-feb-leap-year"),
    ],
)
def test_kon01_age_boundaries(birth_date: dt.date, today: dt.date, interval: Interval) -> None:
    """KON-01: given an unemployed Ü25 Basis customer, when the age band is derived on the day
    before or on the 41st / 56th birthday, then the new band applies from the birthday on
    (inclusive bounds 25–40, 41–55, 56+)."""
    customer = facts(birth_date=birth_date, last_contact=D(2026, 1, 10))

    assert next_contact(customer, PRESET, today).interval == interval


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"status": "seeking", "birth_date": born_aged(30)}, id="seeking-30"),
        pytest.param({"status": "unemployed", "birth_date": born_aged(45)}, id="unemployed-45"),
        pytest.param({"status": "not_set", "birth_date": born_aged(61)}, id="not-set-61"),
        pytest.param({"status": "advice_seeking", "birth_date": born_aged(26)}, id="advice-26"),
    ],
)
@pytest.mark.parametrize("care_group", ["ue25_basis", "ue25_active"])
@pytest.mark.parametrize("profile", ["z", "integrated_i"])
def test_kon01_z_and_i_whatever_age_and_status(
    overrides: dict[str, Any], care_group: str, profile: str
) -> None:
    """KON-01: given profile Z or I in either Ü25 group, whatever the age and status, then the
    contact is due every 12 months."""
    customer = facts(care_group=care_group, profile=profile, **overrides)

    result = next_contact(customer, PRESET, TODAY)

    assert (result.reason, result.interval) == ("rule", months(12))
    assert result.recompute_on is None


def test_kon01_seeking_without_individual_interval_is_capped() -> None:
    """KON-01: given a seeking Ü25 Basis customer without individual interval, then the contact
    is due 6 months after the last one, marked as capped."""
    result = next_contact(facts(status="seeking"), PRESET, TODAY)

    assert (result.reason, result.interval, result.due_date) == (
        "individual_capped",
        months(6),
        D(2026, 11, 15),
    )
    assert result.rule_label == PRESET.rows[5].label


@pytest.mark.parametrize("group", ["case_management", "rehab", "self_employed"])
def test_kon01_fm_reha_self_employed_are_individual(group: str) -> None:
    """KON-01: given FM, Reha or Selbständige, then the case worker's interval applies even
    above 6 months (no cap), and without one the safety default asks for an interval."""
    with_interval = next_contact(
        facts(care_group=group, status="seeking", individual_interval=months(9)), PRESET, TODAY
    )
    without = next_contact(facts(care_group=group), PRESET, TODAY)

    assert (with_interval.reason, with_interval.interval) == ("individual", months(9))
    assert (without.reason, without.interval) == ("individual", months(6))
    assert without.rule_label == "individuell – Intervall bitte festlegen"
