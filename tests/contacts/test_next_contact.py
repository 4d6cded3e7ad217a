"""KON-02: the next contact date — §188 BGB month ends, never contacted, measures,
recomputation at age boundaries, individual intervals and the 6-month cap."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.contacts import (
    INDIVIDUAL_UNSET_LABEL,
    NEVER_CONTACTED_LABEL,
    ContactMatcher,
    NextContact,
    next_contact,
    next_contacts,
)
from anliegen.rules.schemas import ContactRules

from .builders import PRESET, TODAY, D, born_aged, facts, months, weeks


@pytest.mark.parametrize(
    ("last", "due"),
    [
        pytest.param(D(2025, 12, 31), D(2026, 2, 28), id="31-dec-plus-2-months-common-year"),
        pytest.param(D(2027, 12, 31), D(2028, 2, 29), id="31-dec-plus-2-months-leap-2028"),
        pytest.param(D(2026, 6, 30), D(2026, 8, 30), id="30-jun-plus-2-months-stays-30"),
    ],
)
def test_kon02_rule_months_end_as_in_section_188(last: dt.date, due: dt.date) -> None:
    """KON-02: given a 2-month row, when the last contact was at a month end, then the contact is
    due on the same day number or the last day of a shorter month (§188(2),(3) BGB)."""
    assert next_contact(facts(last_contact=last), PRESET, D(2026, 1, 5)).due_date == due


@pytest.mark.parametrize(
    ("last", "due"),
    [
        pytest.param(D(2027, 1, 31), D(2027, 2, 28), id="31-jan-plus-1-month-is-28-feb"),
        pytest.param(D(2028, 1, 31), D(2028, 2, 29), id="leap-2028-is-29-feb"),
        pytest.param(D(2028, 2, 29), D(2028, 3, 29), id="29-feb-plus-1-month"),
    ],
)
def test_kon02_individual_month_interval_ends_as_in_section_188(
    last: dt.date, due: dt.date
) -> None:
    """KON-02: given an individual interval of 1 month (FM), when the last contact was on
    31.01., then the contact is due on 28.02. (29.02. in 2028)."""
    customer = facts(care_group="case_management", individual_interval=months(1), last_contact=last)

    result = next_contact(customer, PRESET, D(2027, 1, 31))

    assert (result.due_date, result.reason, result.interval) == (due, "individual", months(1))


def test_kon02_never_contacted_is_due_since_registration() -> None:
    """KON-02: given a customer registered on 02.03.2026 and never contacted, then the contact is
    due now — overdue since the day of registration."""
    result = next_contact(facts(last_contact=None, created_on=D(2026, 3, 2)), PRESET, TODAY)

    assert result == NextContact(
        D(2026, 3, 2), NEVER_CONTACTED_LABEL, "never_contacted", None, None
    )


def test_kon02_never_contacted_registered_later_is_due_today() -> None:
    """KON-02: given a registration date after the day of computation, then the contact is due
    on that day (the earlier of the two)."""
    result = next_contact(facts(last_contact=None, created_on=D(2026, 7, 1)), PRESET, TODAY)

    assert result.due_date == TODAY


def test_kon02_never_contacted_wins_over_a_measure() -> None:
    """KON-02: given a customer in a measure who was never contacted, then the contact is due
    now, not only before the measure ends."""
    customer = facts(last_contact=None, created_on=TODAY, measure_until=D(2027, 3, 31))

    assert next_contact(customer, PRESET, TODAY).reason == "never_contacted"


def test_kon01_measure_due_four_weeks_before_it_ends() -> None:
    """KON-01: given a U25 customer (4 weeks) in a measure until 30.09.2026, then the graduate
    management invites 4 weeks before the end (02.09.2026), and the result changes on 01.10."""
    customer = facts(care_group="u25", birth_date=born_aged(20), measure_until=D(2026, 9, 30))

    result = next_contact(customer, PRESET, TODAY)

    assert result.due_date == D(2026, 9, 2)
    assert result.reason == "measure"
    assert result.interval is None
    assert result.rule_label == "Maßnahme: Absolventenmanagement (4 Wochen vor Maßnahmeende)"
    assert result.recompute_on == D(2026, 10, 1)


def test_kon01_measure_ending_today_still_applies() -> None:
    """KON-01: given a measure that ends today, then it still applies (overdue since 4 weeks);
    from tomorrow the ordinary rule applies."""
    customer = facts(measure_until=TODAY)

    today = next_contact(customer, PRESET, TODAY)
    tomorrow = next_contact(customer, PRESET, TODAY + dt.timedelta(days=1))

    assert (today.reason, today.due_date) == ("measure", D(2026, 5, 18))
    assert (tomorrow.reason, tomorrow.due_date) == ("rule", D(2026, 7, 15))


def test_kon01_graduate_contact_held_returns_to_the_rule() -> None:
    """KON-01 decision: given a contact on or after the graduate-management date, then the
    ordinary rule applies from that contact (the customer does not stay overdue)."""
    customer = facts(measure_until=D(2026, 7, 1), last_contact=D(2026, 6, 3))

    result = next_contact(customer, PRESET, TODAY)

    assert (result.reason, result.due_date) == ("rule", D(2026, 8, 3))


def test_kon01_measure_lead_is_a_rule_number() -> None:
    """KON-01, FND-09: given rules with no lead time, then the contact is due when the measure
    ends."""
    rules = PRESET.model_copy(update={"measure_lead_weeks": 0})

    result = next_contact(facts(measure_until=D(2026, 9, 30)), rules, TODAY)

    assert result.due_date == D(2026, 9, 30)
    assert result.rule_label == "Maßnahme: Absolventenmanagement (zum Maßnahmeende)"


@pytest.mark.parametrize(
    ("birth_date", "today", "recompute_on"),
    [
        pytest.param(D(1985, 9, 10), TODAY, D(2026, 9, 10), id="41st-birthday"),
        pytest.param(D(1970, 9, 10), TODAY, D(2026, 9, 10), id="56th-birthday"),
        pytest.param(D(1988, 2, 29), D(2029, 1, 10), D(2029, 3, 1), id="41st-29-feb-common-year"),
        pytest.param(D(1972, 2, 29), D(2028, 1, 10), D(2028, 2, 29), id="56th-29-feb-leap-year"),
        pytest.param(D(1990, 1, 1), TODAY, D(2031, 1, 1), id="36-years-old"),
        pytest.param(D(1960, 1, 1), TODAY, None, id="66-no-further-band"),
    ],
)
def test_kon02_recompute_on_next_age_boundary(
    birth_date: dt.date, today: dt.date, recompute_on: dt.date | None
) -> None:
    """KON-02: given an unemployed Ü25 Basis customer, then ``recompute_on`` is the birthday on
    which the next age band starts, and the result changes exactly on that day."""
    customer = facts(birth_date=birth_date, last_contact=D(2025, 12, 1))

    result = next_contact(customer, PRESET, today)

    assert result.recompute_on == recompute_on
    if recompute_on is not None:
        day_before = next_contact(customer, PRESET, recompute_on - dt.timedelta(days=1))
        on_the_day = next_contact(customer, PRESET, recompute_on)
        assert day_before == result
        assert on_the_day.interval != result.interval


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"care_group": "u25", "birth_date": D(2002, 9, 1)}, id="u25-turning-25"),
        pytest.param({"profile": "z", "birth_date": D(1985, 9, 10)}, id="z-turning-41"),
        pytest.param({"care_group": "rehab", "birth_date": D(1985, 9, 10)}, id="reha-turning-41"),
    ],
)
def test_kon02_no_recompute_where_age_does_not_matter(overrides: dict[str, object]) -> None:
    """KON-02: given a customer whose row does not depend on age (the 25th birthday changes the
    care group only by a case worker's decision), then there is no ``recompute_on``."""
    assert next_contact(facts(**overrides), PRESET, TODAY).recompute_on is None


@pytest.mark.parametrize(
    ("last", "due"),
    [
        pytest.param(D(2026, 4, 13), D(2026, 6, 13), id="saturday"),
        pytest.param(D(2026, 4, 14), D(2026, 6, 14), id="sunday"),
        pytest.param(D(2026, 10, 25), D(2026, 12, 25), id="christmas-day"),
    ],
)
def test_kon02_due_date_not_moved_off_weekends(last: dt.date, due: dt.date) -> None:
    """KON-02 decision: given a due date on a weekend or holiday, then it stays there — it marks
    when the invitation falls due, not a legal deadline."""
    assert next_contact(facts(last_contact=last), PRESET, D(2026, 6, 1)).due_date == due


def test_kon02_rule_interval_wins_over_individual_interval() -> None:
    """KON-02: given an unemployed 30-year-old with an individual interval, then the fixed row
    interval applies (individual intervals only fill rows without one)."""
    result = next_contact(facts(individual_interval=months(5)), PRESET, TODAY)

    assert (result.reason, result.interval) == ("rule", months(2))


@pytest.mark.parametrize(
    ("interval", "due", "reason"),
    [
        pytest.param(months(3), D(2026, 8, 15), "individual", id="3-months-below-cap"),
        pytest.param(months(6), D(2026, 11, 15), "individual", id="6-months-at-cap"),
        pytest.param(months(9), D(2026, 11, 15), "individual_capped", id="9-months-capped"),
        pytest.param(weeks(25), D(2026, 11, 6), "individual", id="25-weeks"),
    ],
)
def test_kon01_seeking_individual_interval_capped_at_six_months(
    interval: object, due: dt.date, reason: str
) -> None:
    """KON-01: given a seeking Ü25 Basis customer with an individual interval, then it applies,
    but no seeking customer is left more than 6 months without contact."""
    result = next_contact(facts(status="seeking", individual_interval=interval), PRESET, TODAY)

    assert (result.due_date, result.reason) == (due, reason)


def test_kon01_cap_compares_dates_for_week_intervals() -> None:
    """KON-01: given 26 weeks from 31.08.2026 (01.03.2027), then the cap date 28.02.2027 wins."""
    customer = facts(status="seeking", individual_interval=weeks(26), last_contact=D(2026, 8, 31))

    result = next_contact(customer, PRESET, D(2026, 9, 1))

    assert (result.due_date, result.reason, result.interval) == (
        D(2027, 2, 28),
        "individual_capped",
        months(6),
    )


def test_kon01_umschueler_exempt_from_cap() -> None:
    """KON-01: given a seeking Umschüler with 9 months, then the cap does not apply."""
    customer = facts(status="seeking", in_retraining=True, individual_interval=months(9))

    result = next_contact(customer, PRESET, TODAY)

    assert (result.due_date, result.reason) == (D(2027, 2, 15), "individual")


def test_kon01_profile_i_exempt_from_cap_even_without_i_row() -> None:
    """KON-01: given rules without the I row, a seeking customer with profile I and 9 months,
    then the cap does not apply (the exemption does not rely on the row order)."""
    rules = ContactRules(
        **{**PRESET.model_dump(), "rows": [row.model_dump() for row in PRESET.rows[2:]]}
    )
    customer = facts(status="seeking", profile="integrated_i", individual_interval=months(9))

    result = next_contact(customer, rules, TODAY)

    assert (result.due_date, result.reason) == (D(2027, 2, 15), "individual")


def test_kon01_seeking_in_bjo_has_no_rule() -> None:
    """KON-01 decision: given a seeking customer of the BJO team (graduate management, no row),
    then the contact is due after at most 6 months, marked "no rule"."""
    result = next_contact(facts(care_group="ue25_active", status="seeking"), PRESET, TODAY)

    assert (result.due_date, result.reason, result.interval) == (
        D(2026, 11, 15),
        "no_rule",
        months(6),
    )
    assert result.rule_label == "keine Regel – spätestens nach 6 Monaten"


def test_kon01_individual_without_interval_asks_for_one() -> None:
    """KON-01 decision: given a Reha customer without individual interval, then a safety default
    of 6 months applies and the label asks the case worker to set one."""
    result = next_contact(facts(care_group="rehab"), PRESET, TODAY)

    assert result == NextContact(
        D(2026, 11, 15), INDIVIDUAL_UNSET_LABEL, "individual", months(6), None
    )


def test_kon02_batch_equals_single() -> None:
    """KON-02: given customers of every kind, when computed as a batch, then each result equals
    the single computation."""
    customers = [
        facts(),
        facts(last_contact=None),
        facts(status="seeking", individual_interval=months(9)),
        facts(measure_until=D(2026, 12, 31)),
        facts(care_group="rehab"),
        facts(status="not_set"),
        facts(birth_date=D(1985, 9, 10)),
    ]

    batch = next_contacts(customers, PRESET, TODAY)

    assert batch == [next_contact(customer, PRESET, TODAY) for customer in customers]
    assert ContactMatcher(PRESET).next_contacts(iter(customers), TODAY) == batch


def test_kon02_gap_between_age_bands_has_no_rule() -> None:
    """KON-01, KON-02: given rules whose only row ends at age 30, then a 30-year-old is due
    after 2 months with a recomputation on the 31st birthday, and from then on no rule applies."""
    rules = ContactRules(
        **{
            **PRESET.model_dump(),
            "rows": [
                {
                    "label": "bis 30",
                    "care_groups": ["ue25_basis"],
                    "max_age": 30,
                    "interval": {"unit": "months", "count": 2},
                }
            ],
        }
    )
    customer = facts(birth_date=D(1995, 9, 1))

    before = next_contact(customer, rules, TODAY)
    after = next_contact(customer, rules, D(2026, 9, 1))

    assert (before.reason, before.recompute_on) == ("rule", D(2026, 9, 1))
    assert (after.reason, after.recompute_on) == ("no_rule", None)
