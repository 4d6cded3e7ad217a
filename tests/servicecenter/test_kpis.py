"""SOC-08: the KPI figures with hand-computed values — FCR flagged and verified (7-day boundary,
other topic, other channels, no customer), qualified share, callbacks, processing orders on
time, slot supply per OS; the weekly aggregate and its refresh."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.customers.models import Customer
from anliegen.org.models import Absence
from anliegen.org.scope import scope_for
from anliegen.servicecenter import calls
from anliegen.servicecenter.callbacks.models import (
    Callback,
    PlaceWindow,
    ServicePlace,
)
from anliegen.servicecenter.kpis import actions as kpi_actions
from anliegen.servicecenter.kpis import computation as kpi_period
from anliegen.servicecenter.kpis import report as kpi_report
from anliegen.servicecenter.models import CallRecord, KpiWeek, KpiWeekState, ProcessingOrder
from anliegen.work.models import WorkItem

WEEK = dt.date(2026, 11, 2)  # Monday of ISO week 45/2026; the sc fixture lives on 1.12.2026


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=clock.BERLIN)


def customer(sc, number: str) -> Customer:
    return Customer.objects.create(
        organisation=sc.org,
        customer_number=number,
        first_name="K",
        last_name=number,
        birth_date=dt.date(1980, 1, 1),
        postcode="14467",
    )


_calls = iter(range(1, 10_000))


def call(sc, agent, who, when, *, topic="alg", resolved=True) -> CallRecord:
    start = at(when)
    return CallRecord.objects.create(
        organisation=sc.org,
        call_id=f"C{next(_calls)}",
        agent=agent,
        topic=topic,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=5),
        customer=who,
        resolved=resolved,
        escalation="none",
    )


def item(sc, kind, who, when, *, team=None, due=None, status="open", by=None, done=None):
    received = at(when)
    return WorkItem.objects.create(
        organisation=sc.org,
        kind=kind,
        title=kind,
        customer=who,
        team=team,
        received_at=received,
        start_date=received.date(),
        due_date=due,
        status=status,
        created_by=by,
        completed_at=at(done) if done else None,
    )


def order(sc, who, when, *, due, status="open", by=None, done=None) -> ProcessingOrder:
    work = item(
        sc,
        "processing_order",
        who,
        when,
        team=sc.os_potsdam,
        due=due,
        status=status,
        by=by,
        done=done,
    )
    return ProcessingOrder.objects.create(
        item=work, organisation=sc.org, team=sc.os_potsdam, customer=who, concern="x"
    )


def place(sc, name="Platz 1", person=None, windows=tuple((d, "08:00", "12:00") for d in range(5))):
    result = ServicePlace.objects.create(
        organisation=sc.org,
        team=sc.os_potsdam,
        name=name,
        person=person,
        valid_from=dt.date(2026, 1, 1),
    )
    for weekday, start, end in windows:
        PlaceWindow.objects.create(
            place=result,
            weekday=weekday,
            start=dt.time.fromisoformat(start),
            end=dt.time.fromisoformat(end),
        )
    return result


def callback(
    sc,
    where,
    who,
    start,
    minutes,
    *,
    booked,
    by=None,
    status="booked",
    outcome="",
    purpose="benefits_consultation",
) -> Callback:
    begin = at(start)
    work = item(sc, "callback", who, booked, team=sc.os_potsdam)
    result = Callback.objects.create(
        item=work,
        organisation=sc.org,
        team=sc.os_potsdam,
        place=where,
        customer=who,
        purpose=purpose,
        starts_at=begin,
        ends_at=begin + dt.timedelta(minutes=minutes),
        status=status,
        outcome=outcome,
        phone="0331 1",
        source="agent",
        created_by=by,
    )
    Callback.objects.filter(id=result.id).update(created_at=at(booked))
    return result


@pytest.fixture
def week45(sc):
    """Ten calls in ISO week 45/2026 and their aftermath, as in the module docstring of the
    test: A repeats on the 7-day boundary, B one minute after it, C on another topic, D via a
    ticket, E via a processing order, F via a callback, G only before the call, and one call
    without a customer number."""
    a, b, c, d, e, f, g, h = (customer(sc, f"K-{n}") for n in "ABCDEFGH")
    call(sc, sc.tsb1, a, "2026-11-02 10:00")  # repeat exactly 7 days later → not verified
    call(sc, sc.tsb1, a, "2026-11-09 10:00")  # (next week)
    call(sc, sc.tsb1, b, "2026-11-03 09:00")  # repeat 7 days + 1 min later → verified
    call(sc, sc.tsb1, b, "2026-11-10 09:01")  # (next week)
    call(sc, sc.tsb2, c, "2026-11-04 09:00")  # repeat on another topic → verified
    call(sc, sc.tsb2, c, "2026-11-05 09:00", topic="other")
    call(sc, sc.tsb2, d, "2026-11-05 10:00")  # ticket the next day → not verified
    item(sc, "ticket", d, "2026-11-06 08:00")
    call(sc, sc.tsb2, e, "2026-11-05 11:00", resolved=False)  # processing order → not verified
    order(sc, e, "2026-11-05 11:10", due=dt.date(2026, 11, 12))
    call(sc, sc.tsb1, None, "2026-11-06 09:00")  # no customer number → unverifiable
    call(sc, sc.tsb3, f, "2026-11-06 10:00")  # callback booked → not verified
    call(sc, sc.tsb3, g, "2026-11-06 11:00")  # contact only before, a cancelled callback
    call(sc, sc.tsb3, g, "2026-11-01 11:00")  # (previous week)
    spot = place(sc)
    callback(
        sc,
        spot,
        f,
        "2026-11-10 08:00",
        30,
        booked="2026-11-06 10:04",
        by=sc.tsb3,
        outcome="reached_first",
        status="done",
    )
    callback(
        sc,
        spot,
        g,
        "2026-11-11 08:00",
        30,
        booked="2026-11-06 11:30",
        by=sc.os1,
        status="cancelled",
    )
    callback(
        sc,
        spot,
        h,
        "2026-11-03 08:00",
        30,
        booked="2026-10-28 12:00",
        outcome="not_reached",
        status="done",
    )
    # Processing orders due in week 45: on time, late, overdue and open, cancelled.
    order(
        sc,
        h,
        "2026-10-30 09:00",
        due=dt.date(2026, 11, 6),
        status="done",
        by=sc.tsb1,
        done="2026-11-06 15:00",
    )
    order(
        sc,
        h,
        "2026-10-29 09:00",
        due=dt.date(2026, 11, 5),
        status="done",
        by=sc.tsb2,
        done="2026-11-09 08:00",
    )
    order(sc, h, "2026-10-28 09:00", due=dt.date(2026, 11, 4))
    order(sc, h, "2026-10-30 10:00", due=dt.date(2026, 11, 6), status="cancelled")
    return spot


def report(sc, user=None, **kwargs):
    scope = scope_for(user or sc.rl, sc.org)
    return kpi_report.build_report(
        scope, kpi_period.Period(WEEK, WEEK + dt.timedelta(days=6)), **kwargs
    )


def test_region_week_figures_computed_by_hand(sc, week45):
    result = report(sc)
    week = result.weeks[0].figures
    assert week.alg_calls == 8
    assert week.flagged == 7  # only E's call was flagged unresolved
    assert week.fcr_flagged == pytest.approx(7 / 8)
    assert week.unverifiable == 1
    assert week.verifiable == 7
    assert week.verified == 3  # B, C, G
    assert week.fcr_verified == pytest.approx(3 / 7)
    assert week.callbacks_booked == 2  # F's and G's (cancelled); H's was booked the week before
    assert (week.callbacks_with_outcome, week.callbacks_reached_first) == (1, 0)
    assert (week.orders_due, week.orders_on_time) == (3, 1)
    assert week.qualified_share == pytest.approx(2 / 3)  # tsb1, tsb2 of three TSB (FiT not)
    assert not week.provisional
    assert result.total.alg_calls == 8
    assert result.rules.fcr_target == 0.95


def test_drill_down_to_centre_team_and_agent(sc, week45):
    region = report(sc)
    assert [(row.unit.level, row.unit.name) for row in region.by] == [("centre", "SC Berlin")]
    centre = report(sc, level="centre", ident=str(sc.centre.id))
    assert centre.by[0].unit.level == "team"
    assert centre.by[0].figures.alg_calls == 8
    team = report(sc, level="team", ident=str(sc.sc_team.id))
    by_agent = {row.unit.id: row.figures for row in team.by}
    tsb1, tsb2, tsb3 = (by_agent[str(u.id)] for u in (sc.tsb1, sc.tsb2, sc.tsb3))
    assert (tsb1.alg_calls, tsb1.flagged, tsb1.verifiable, tsb1.verified) == (3, 3, 2, 1)
    assert (tsb2.alg_calls, tsb2.flagged, tsb2.verifiable, tsb2.verified) == (3, 2, 3, 1)
    assert (tsb3.alg_calls, tsb3.flagged, tsb3.verifiable, tsb3.verified) == (2, 2, 2, 1)
    assert tsb3.callbacks_booked == 1  # the OS's booking counts only for the region
    assert (tsb1.orders_due, tsb1.orders_on_time, tsb2.orders_due) == (1, 1, 1)
    agent = report(sc, level="agent", ident=str(sc.tsb3.id))
    assert agent.weeks[0].figures.alg_calls == 2
    assert agent.weeks[0].figures.qualified_share == 0
    assert [u.level for u in agent.path] == ["region", "centre", "team"]
    assert agent.supply == []  # the OS supply belongs to the region view


def test_next_week_sees_the_repeats(sc, week45):
    """Week 46 holds A's and B's second calls: neither has a repeat after it."""
    scope = scope_for(sc.rl, sc.org)
    nxt = WEEK + dt.timedelta(days=7)
    result = kpi_report.build_report(scope, kpi_period.Period(nxt, nxt + dt.timedelta(days=6)))
    week = result.weeks[0].figures
    assert (week.alg_calls, week.verifiable, week.verified) == (2, 2, 2)
    assert (week.callbacks_with_outcome, week.callbacks_reached_first) == (1, 1)


def test_slot_supply_per_os(sc, week45):
    supply = report(sc).supply
    assert len(supply) == 1
    row = supply[0]
    assert row.team == sc.os_potsdam
    assert row.offered_minutes == 5 * 240  # Mon–Fri 08–12, no holiday in Brandenburg
    assert row.booked_minutes == 30  # H's callback on 3.11; cancelled ones free their time
    assert row.utilisation == pytest.approx(30 / 1200)
    assert row.next_free_days == 1  # today Tue 1.12.2026, tomorrow is free


def test_next_free_time_skips_full_days_holidays_and_absence(sc):
    person = sc.os2
    spot = place(sc, "Platz Mi", person=person, windows=[(2, "08:00", "08:30")])
    who = customer(sc, "K-X")
    # Wed 2.12. is full (30 of 30 minutes); Wed 9.12. the person is absent → Wed 16.12.
    callback(sc, spot, who, "2026-12-02 08:00", 30, booked="2026-11-30 10:00")
    Absence.objects.create(
        user=person, organisation=sc.org, start=dt.date(2026, 12, 9), end=dt.date(2026, 12, 9)
    )
    supply = report(sc).supply
    assert supply[0].next_free_days == 15
    # Week 45 offers one window of 30 minutes (Wednesday 4.11.).
    assert supply[0].offered_minutes == 30


def test_next_free_time_on_the_grid_between_bookings(sc):
    spot = place(sc, "Platz", windows=[(2, "08:00", "09:00")])
    who, other = customer(sc, "K-Y"), customer(sc, "K-Z")
    # 08:00–08:25 and 08:45–09:00 booked: the gap 08:25–08:45 holds 20 minutes but not on the
    # 10-minute grid (08:30–08:50 hits the second) → the next Wednesday.
    callback(sc, spot, who, "2026-12-02 08:00", 25, booked="2026-11-30 10:00")
    callback(sc, spot, other, "2026-12-02 08:45", 15, booked="2026-11-30 10:00", purpose="other")
    assert report(sc).supply[0].next_free_days == 8


def test_weekly_aggregate_is_stored_and_refreshed_after_a_late_call(sc, week45):
    report(sc)
    state = KpiWeekState.objects.get(organisation=sc.org, week=WEEK)
    assert state.complete
    assert not state.dirty
    assert KpiWeek.objects.filter(organisation=sc.org, week=WEEK).count() == 4  # 3 TSB + others
    # A late record into week 45 marks it; the periodic job recomputes it.
    calls.record_call(
        actor=sc.tl,
        scope=scope_for(sc.tl, sc.org),
        data=calls.CallData(
            call_id="LATE-1",
            agent=sc.tsb1.username,
            topic="alg",
            started_at=at("2026-11-04 12:00"),
            ended_at=at("2026-11-04 12:05"),
            resolved=False,
            escalation="none",
        ),
    )
    state.refresh_from_db()
    assert state.dirty
    assert report(sc).weeks[0].figures.provisional
    result = kpi_actions.kpi_weeks_job()
    assert result["weeks"] >= 1
    week = report(sc).weeks[0].figures
    assert (week.alg_calls, week.flagged, week.unverifiable) == (9, 7, 2)
    assert not week.provisional


def test_running_week_is_provisional_until_its_window_passes(sc, travel):
    who = customer(sc, "K-R")
    call(sc, sc.tsb1, who, "2026-11-30 09:00")
    scope = scope_for(sc.rl, sc.org)
    this = dt.date(2026, 11, 30)
    result = kpi_report.build_report(scope, kpi_period.Period(this, this + dt.timedelta(days=6)))
    assert result.weeks[0].figures.provisional
    assert result.weeks[0].figures.verified == 1
    call(sc, sc.tsb1, who, "2026-12-01 09:30")  # a repeat, not through record_call
    travel("2026-12-14 10:00")  # the window of week 49 has passed
    kpi_actions.kpi_weeks_job()
    week = kpi_report.build_report(
        scope, kpi_period.Period(this, this + dt.timedelta(days=6))
    ).weeks[0]
    assert (week.figures.alg_calls, week.figures.verified, week.figures.provisional) == (
        2,
        1,
        False,
    )


def test_empty_period_has_no_figures(sc):
    result = report(sc)
    assert result.empty
    week = result.weeks[0].figures
    assert week.alg_calls == 0
    assert week.fcr_flagged is None
    assert week.fcr_verified is None
    assert result.supply == []


def test_default_period_is_twelve_iso_weeks(sc):
    period = kpi_period.parse_period(None, None)
    assert period.start == dt.date(2026, 9, 14)
    assert period.end == dt.date(2026, 12, 6)
    assert len(period.weeks) == 12
    chosen = kpi_period.parse_period("2026-11-04", "2026-11-04")
    assert (chosen.start, chosen.end) == (WEEK, dt.date(2026, 11, 8))
    assert kpi_period.week_label(WEEK) == "2026-W45"
    assert kpi_period.week_short(WEEK) == "KW 45/2026"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-13-01", None, "from"),
        ("2026-11-10", "2026-11-01", "to"),
        ("2020-01-01", "2026-01-01", "from"),
    ],
)
def test_bad_periods_are_refused_in_german(sc, start, end, field):
    with pytest.raises(InvalidInput) as exc:
        kpi_period.parse_period(start, end)
    assert field in exc.value.errors


def test_access_matrix(sc, week45):
    for name in ("tsb1", "fit", "os_tl", "os1"):
        with pytest.raises(Forbidden):
            report(sc, getattr(sc, name))
    lead = report(sc, sc.tl)  # team lead: their team only
    assert lead.total.alg_calls == 8
    assert lead.supply
    with pytest.raises(NotFound):
        report(sc, sc.tl, level="agent", ident=str(sc.os1.id))
    with pytest.raises(NotFound):
        report(sc, sc.rl, level="team", ident=str(sc.os_potsdam.id))
    with pytest.raises(InvalidInput):
        report(sc, sc.rl, level="planet", ident="1")


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_reads_compute_a_week_once(travel):
    """Three leads open the page for a week never computed at the same moment: the week's rows
    exist once (the state row's lock serialises the refreshes)."""
    import threading

    from django.db import connections

    from tests.servicecenter.conftest import build_sc

    travel("2026-12-01 10:00")
    world = build_sc()
    who = customer(world, "K-T")
    call(world, world.tsb1, who, "2026-11-03 09:00")
    call(world, world.tsb2, None, "2026-11-04 09:00")
    barrier = threading.Barrier(3)
    errors: list[Exception] = []

    def open_page() -> None:
        try:
            barrier.wait()
            kpi_actions.ensure_weeks(world.org, [WEEK])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_page) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert KpiWeekState.objects.filter(week=WEEK).count() == 1
    rows = KpiWeek.objects.filter(week=WEEK)
    assert sorted(rows.values_list("agent_id", "alg_calls")) == sorted(
        [(world.tsb1.id, 1), (world.tsb2.id, 1)]
    )


def test_periodic_job_backfills_the_last_year(sc, week45):
    result = kpi_actions.kpi_weeks_job()
    states = KpiWeekState.objects.filter(organisation=sc.org)
    assert states.count() == kpi_actions.BACKFILL_WEEKS
    assert result["organisations"] == 1
    # The running week (30.11.) and the one before stay open; week 45 is final.
    assert set(states.filter(complete=False).values_list("week", flat=True)) == {
        dt.date(2026, 11, 30),
        dt.date(2026, 11, 23),
    }
    assert KpiWeek.objects.get(organisation=sc.org, week=WEEK, agent=sc.tsb1).verified == 1
