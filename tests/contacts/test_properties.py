"""KON-01, KON-02: properties of the contact-density computation over random customers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from anliegen.contacts import (
    CARE_GROUPS,
    PROFILES,
    STATUSES,
    ContactFacts,
    ContactMatcher,
    add_interval,
    birthday,
    match_rule,
    next_contact,
    next_contacts,
)
from anliegen.rules.schemas import Interval

from .builders import PRESET

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)
MATCHER = ContactMatcher(PRESET)
ONE_DAY = dt.timedelta(days=1)

todays = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))
intervals = st.builds(
    Interval,
    unit=st.sampled_from(["weeks", "months"]),
    count=st.integers(min_value=1, max_value=24),
)
optional_days = st.none() | st.integers(min_value=-800, max_value=800)


@st.composite
def customers(draw: st.DrawFn, today: dt.date, contacted: bool | None = None) -> ContactFacts:
    """Random facts as seen on ``today``: birth 15–90 years ago (many 29 February and boundary
    birthdays), registration and last contact not in the future."""
    kind = draw(st.sampled_from(["leap_day", "any", "near_boundary"]))
    if kind == "leap_day":
        birth = draw(
            st.sampled_from([dt.date(1960, 2, 29), dt.date(1972, 2, 29), dt.date(1988, 2, 29)])
        )
    elif kind == "any":
        birth = draw(st.dates(dt.date(today.year - 90, 1, 1), dt.date(today.year - 15, 1, 1)))
    else:  # a 40th/41st/55th/56th birthday within a few days of today
        years = draw(st.sampled_from([40, 41, 55, 56]))
        near = today + dt.timedelta(days=draw(st.integers(min_value=-3, max_value=3)))
        shifted = birthday(near, -years)
        assert shifted is not None
        birth = shifted
    created = today - dt.timedelta(days=draw(st.integers(min_value=0, max_value=3000)))
    if contacted is None:
        contacted = draw(st.booleans())
    last = (
        today - dt.timedelta(days=draw(st.integers(min_value=0, max_value=1500)))
        if contacted
        else None
    )
    measure = draw(optional_days)
    leave = draw(optional_days)
    since = draw(st.none() | st.integers(min_value=0, max_value=800))
    return ContactFacts(
        care_group=draw(st.sampled_from(CARE_GROUPS)),
        status=draw(st.sampled_from(STATUSES)),
        profile=draw(st.sampled_from(PROFILES)),
        birth_date=birth,
        created_on=created,
        last_contact=last,
        in_retraining=draw(st.booleans()),
        measure_until=None if measure is None else today + dt.timedelta(days=measure),
        parental_leave_until=None if leave is None else today + dt.timedelta(days=leave),
        profile_since=None if since is None else today - dt.timedelta(days=since),
        individual_interval=draw(st.none() | intervals),
    )


@st.composite
def scenarios(draw: st.DrawFn, contacted: bool | None = None) -> tuple[ContactFacts, dt.date]:
    today = draw(todays)
    return draw(customers(today, contacted)), today


@PROPERTY_SETTINGS
@given(scenario=scenarios(contacted=True))
def test_kon02_due_after_last_contact(scenario: tuple[ContactFacts, dt.date]) -> None:
    """KON-02: given a contacted customer (in a measure or not), then the next contact is due
    after the last one."""
    customer, today = scenario
    assert customer.last_contact is not None

    assert next_contact(customer, PRESET, today).due_date > customer.last_contact


@PROPERTY_SETTINGS
@given(scenario=scenarios(contacted=True), earlier_by=st.integers(min_value=0, max_value=400))
def test_kon02_monotonic_in_last_contact(
    scenario: tuple[ContactFacts, dt.date], earlier_by: int
) -> None:
    """KON-02: given two otherwise equal customers, then a later last contact never makes the
    next contact due earlier."""
    customer, today = scenario
    assert customer.last_contact is not None

    earlier = replace(customer, last_contact=customer.last_contact - dt.timedelta(days=earlier_by))

    assert (
        next_contact(earlier, PRESET, today).due_date
        <= next_contact(customer, PRESET, today).due_date
    )


@PROPERTY_SETTINGS
@given(scenario=scenarios(contacted=True))
def test_kon01_interval_rows_between_four_weeks_and_a_year(
    scenario: tuple[ContactFacts, dt.date],
) -> None:
    """KON-01: given a customer under a row with an interval, then the next contact is due 4
    weeks to 12 months after the last, and always last contact + the reported interval."""
    customer, today = scenario
    assert customer.last_contact is not None

    result = next_contact(customer, PRESET, today)

    if result.interval is not None:
        assert result.due_date == add_interval(customer.last_contact, result.interval)
    if result.reason == "rule":
        assert 28 <= (result.due_date - customer.last_contact).days <= 366


@PROPERTY_SETTINGS
@given(scenario=scenarios(contacted=True))
def test_kon01_seeking_never_more_than_six_months(
    scenario: tuple[ContactFacts, dt.date],
) -> None:
    """KON-01: given a seeking Ü25 Basis customer (not Umschüler, not Z or I, not in a
    measure), then the next contact is due at most 6 months after the last."""
    customer, today = scenario
    assert customer.last_contact is not None

    seeking = replace(
        customer,
        care_group="ue25_basis",
        status="seeking",
        profile="market",
        in_retraining=False,
        measure_until=None,
    )

    due = next_contact(seeking, PRESET, today).due_date

    assert due <= add_interval(customer.last_contact, Interval(unit="months", count=6))


@PROPERTY_SETTINGS
@given(scenario=scenarios())
def test_kon02_recompute_on_is_where_the_result_changes(
    scenario: tuple[ContactFacts, dt.date],
) -> None:
    """KON-02: given any customer, then ``recompute_on`` lies after today, the result stays the
    same until the day before and differs on that day; without it, nothing changes later."""
    customer, today = scenario

    result = next_contact(customer, PRESET, today)

    if result.recompute_on is None:
        assert next_contact(customer, PRESET, today + dt.timedelta(days=3650)) == result
    else:
        assert result.recompute_on > today
        assert next_contact(customer, PRESET, result.recompute_on - ONE_DAY) == result
        assert next_contact(customer, PRESET, result.recompute_on) != result


@PROPERTY_SETTINGS
@given(
    today=todays,
    data=st.data(),
    size=st.integers(min_value=0, max_value=20),
)
def test_kon02_batch_equals_single(today: dt.date, data: st.DataObject, size: int) -> None:
    """KON-02: given many customers, then the batch equals the single computation."""
    batch = [data.draw(customers(today)) for _ in range(size)]

    assert next_contacts(batch, PRESET, today) == [
        next_contact(customer, PRESET, today) for customer in batch
    ]


@PROPERTY_SETTINGS
@given(scenario=scenarios(), offset=st.integers(min_value=-20_000, max_value=20_000))
def test_kon01_fast_match_equals_definition(
    scenario: tuple[ContactFacts, dt.date], offset: int
) -> None:
    """KON-01: given any customer and day, then the prepared matcher finds the same row as the
    plain top-to-bottom scan."""
    customer, today = scenario
    on = today + dt.timedelta(days=offset)

    assert MATCHER.match(customer, on) is match_rule(customer, PRESET, on)
