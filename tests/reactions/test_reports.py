"""KRM-09/KRM-10: register and reports with exact figures on a small hand-made data set in
Baden-Württemberg (Christmas, New Year and Epiphany), a petition without clocks, concerns with
different outcomes and quarter boundaries; visibility per role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.scope import scope_for
from anliegen.reactions import actions
from anliegen.reactions.reports import (
    Period,
    Quarter,
    RegisterFilter,
    _median,
    build_report,
    days_of,
    default_period,
    on_time,
    parse_period,
    parse_register_filter,
    register,
)

D = dt.date.fromisoformat
PERIOD = Period(D("2026-10-01"), D("2027-03-31"))


def _counts(rows):
    return {r.key: r.count for r in rows}


@pytest.fixture
def krm(bw, topics, new_reaction, travel):
    """Seven reactions; "today" is Tuesday 19 January 2027.

    F 30.09. 23:30 letter complaint (Q3, open)       G 01.10. 00:30 in person, Integration (open)
    D 25.11. petition, no clocks (open)             A 23.12. letter complaint, two concerns
    C 30.12. phone praise (done 05.01.)             B 04.01. e-mail criticism (ack and result late)
    E 05.01. letter conduct complaint (ack on time, open)
    """
    world = bw
    office = world.office
    scope = scope_for(office, world.org)
    bescheid, erreichbarkeit, _verhalten, wartezeit = topics
    r = {}
    travel("2026-09-30 23:40")
    r["F"] = new_reaction(received="2026-09-30 23:30")
    travel("2026-10-01 01:00")
    r["G"] = new_reaction(
        received="2026-10-01 00:30", channel="in_person", teams=[world.team_integration.id]
    )
    travel("2026-11-25 10:00")
    r["D"] = new_reaction(received="2026-11-25 09:00", kind="petition", teams=[])
    travel("2026-12-23 10:00")
    r["A"] = new_reaction(received="2026-12-23 09:00", concerns=[bescheid.id, wartezeit.id])
    travel("2026-12-29 10:00")
    actions.record_acknowledgement_sent(
        actor=office, scope=scope, reaction=r["A"], channel="letter", sent_on=D("2026-12-29")
    )
    travel("2026-12-30 10:00")
    r["C"] = new_reaction(
        received="2026-12-30 09:00", channel="phone", kind="praise", concerns=[bescheid.id]
    )
    travel("2027-01-04 10:00")
    r["B"] = new_reaction(
        received="2027-01-04 09:00", channel="email", kind="criticism", concerns=[erreichbarkeit.id]
    )
    travel("2027-01-05 10:00")
    r["E"] = new_reaction(received="2027-01-05 09:00", kind="conduct_complaint")
    actions.record_acknowledgement_sent(
        actor=office, scope=scope, reaction=r["E"], channel="letter", sent_on=D("2027-01-05")
    )
    actions.record_outcome(
        actor=office, scope=scope, reaction=r["C"], outcome="justified", summary="Danke."
    )
    travel("2027-01-07 10:00")
    concerns = {c.topic_id: c.id for c in r["A"].concerns.all()}
    actions.record_outcome(
        actor=office,
        scope=scope,
        reaction=r["A"],
        outcome="partly_justified",
        summary="Bescheid korrigiert, Wartezeit war üblich.",
        concern_outcomes={
            concerns[bescheid.id]: "justified",
            concerns[wartezeit.id]: "unjustified",
        },
    )
    travel("2027-01-11 10:00")
    actions.record_acknowledgement_sent(
        actor=office, scope=scope, reaction=r["B"], channel="email", sent_on=D("2027-01-11")
    )
    travel("2027-01-19 10:00")
    actions.record_outcome(
        actor=office, scope=scope, reaction=r["B"], outcome="unjustified", summary="Alles korrekt."
    )
    actions.make_register_entry(actor=office, scope=scope, reaction=r["A"])
    for reaction in r.values():
        reaction.refresh_from_db()
    return r


def test_report_figures_for_management(world, krm):
    """KRM-10: counts, on-time shares across Christmas/Epiphany in BW, processing times."""
    report = build_report(scope_for(world.gf, world.org), PERIOD)
    assert report.total == 6  # F (30.09. 23:30 Berlin) lies in Q3
    assert report.completed == 3
    assert _counts(report.by_kind) == {
        "complaint": 2,
        "criticism": 1,
        "conduct_complaint": 1,
        "petition": 1,
        "praise": 1,
        "suggestion": 0,
        "unclassified": 0,
    }
    assert _counts(report.by_channel) == {
        "letter": 3,
        "fax": 0,
        "email": 1,
        "in_person": 1,
        "phone": 1,
        "online": 0,
    }
    assert _counts(report.by_outcome) == {
        "justified": 1,
        "partly_justified": 1,
        "unjustified": 1,
        "": 3,
    }
    assert _counts(report.by_team) == {
        str(world.team.id): 4,
        str(world.team_integration.id): 1,
        "": 1,  # the petition: management, no team
    }
    assert {t.label: (t.count, t.outcomes) for t in report.by_topic} == {
        "Bescheid": (2, {"justified": 2, "partly_justified": 0, "unjustified": 0, "": 0}),
        "Erreichbarkeit": (1, {"justified": 0, "partly_justified": 0, "unjustified": 1, "": 0}),
        "Wartezeit": (1, {"justified": 0, "partly_justified": 0, "unjustified": 1, "": 0}),
    }
    # Acknowledgement: A (due 29.12., sent 29.12.) and E on time, B (due 08.01., sent 11.01.)
    # late; the petition D and the phone/in-person reactions have no acknowledgement clock.
    ack = report.acknowledgement
    assert (ack.with_clock, ack.on_time, ack.late, ack.pending) == (3, 2, 1, 0)
    assert ack.share == 66.7
    # Resolution: A (due 07.01. because of Epiphany, done 07.01.) and C on time, B (due 18.01.,
    # done 19.01.) late, G overdue since 15.10., E still running (due 19.01. = today).
    res = report.resolution
    assert (res.with_clock, res.on_time, res.late, res.pending) == (5, 2, 2, 1)
    assert res.share == 50.0
    assert report.mean_days == 12.0  # A 15, B 15, C 6
    assert report.median_days == 15.0
    q4, q1 = report.quarters
    assert (q4.quarter, q4.received, q4.completed) == (Quarter(2026, 4), 4, 2)
    assert (q4.acknowledgement.share, q4.resolution.share) == (100.0, 66.7)
    assert (q4.mean_days, q4.median_days) == (10.5, 10.5)
    assert (q1.quarter, q1.received, q1.completed) == (Quarter(2027, 1), 2, 1)
    assert (q1.acknowledgement.share, q1.resolution.share) == (50.0, 0.0)
    assert (q1.mean_days, q1.median_days) == (15.0, 15.0)


def test_default_period_is_the_current_quarter_and_three_before(world, krm):
    """KRM-10: default period Q2/2026–Q1/2027; F counts in Q3 (quarter boundary in Berlin)."""
    period = default_period()
    assert period == Period(D("2026-04-01"), D("2027-03-31"))
    report = build_report(scope_for(world.office, world.org), period)
    assert [(q.quarter.label, q.received) for q in report.quarters] == [
        ("Q2/2026", 0),
        ("Q3/2026", 1),
        ("Q4/2026", 4),
        ("Q1/2027", 2),
    ]
    assert report.total == 7


def test_team_lead_counts_only_their_reactions(world, krm):
    """KRM-02/KRM-10: the TL of Leistung 1 sees A, B and C — no petition, no conduct complaint,
    not the Integration reaction; confidential kinds are not even listed."""
    report = build_report(scope_for(world.tl, world.org), PERIOD)
    assert report.total == 3
    assert "petition" not in _counts(report.by_kind)
    assert "conduct_complaint" not in _counts(report.by_kind)
    assert _counts(report.by_kind)["complaint"] == 1
    assert report.acknowledgement.with_clock == 2  # A and B; E is confidential
    assert {r.label: r.count for r in report.by_team} == {"Leistung 1": 3}


def test_area_management_counts_its_area(world, krm):
    report = build_report(scope_for(world.bl, world.org), PERIOD)
    assert report.total == 1  # G, Integration
    assert report.resolution.late == 1


@pytest.mark.parametrize(
    ("role", "total"),
    [
        ("gf", 6),
        ("office", 6),
        ("bl", 1),
        ("tl", 3),
        ("deputy", 3),
        ("tl_integration", 1),
        ("worker", None),
        ("av", None),
        ("provider", None),
        ("admin", None),
    ],
)
def test_report_and_register_matrix(world, krm, role, total):
    """KRM-10: who sees the reports and the register, and how much."""
    scope = scope_for(world.users[role], world.org)
    if total is None:
        with pytest.raises(Forbidden):
            build_report(scope, PERIOD)
        with pytest.raises(Forbidden):
            register(scope, RegisterFilter())
        return
    assert build_report(scope, PERIOD).total == total
    assert register(scope, RegisterFilter(period=PERIOD)).count() == total


def test_other_organisation_sees_nothing(world, other, krm):
    report = build_report(scope_for(other.gf, other.org), PERIOD)
    assert report.total == 0
    assert report.acknowledgement.share is None
    assert report.mean_days is None


def test_register_rows_and_filters(world, krm):
    """KRM-09: clocks, on time, days to resolution, filters and sorting."""
    scope = scope_for(world.office, world.org)
    rows: dict[int, Any] = {r.id: r for r in register(scope, RegisterFilter())}
    assert len(rows) == 7
    a = rows[krm["A"].id]
    assert (a.acknowledgement_due, a.resolution_due) == (D("2026-12-29"), D("2027-01-07"))
    assert on_time(a.acknowledgement_due, a.acknowledgement_met) is True
    assert on_time(a.resolution_due, a.resolution_met) is True
    assert days_of(a) == 15
    b = rows[krm["B"].id]
    assert on_time(b.acknowledgement_due, b.acknowledgement_met) is False
    d = rows[krm["D"].id]
    assert (d.acknowledgement_due, d.resolution_due, days_of(d)) == (None, None, None)
    e = rows[krm["E"].id]
    assert on_time(e.resolution_due, e.resolution_met) is None  # still running

    def ids(**params):
        return {r.id for r in register(scope, parse_register_filter(params))}

    assert ids(state="awaiting") == {krm["B"].id, krm["C"].id}
    assert ids(state="closed") == {krm["A"].id, krm["B"].id, krm["C"].id}
    assert ids(quarter="2026-Q3") == {krm["F"].id}
    assert ids(**{"from": "2026-10-01", "to": "2026-10-01"}) == {krm["G"].id}
    assert ids(kind="petition") == {krm["D"].id}
    assert ids(channel="email") == {krm["B"].id}
    assert ids(team=str(world.team_integration.id)) == {krm["G"].id}
    topic = krm["A"].concerns.get(topic__name="Wartezeit").topic_id
    assert ids(topic=str(topic)) == {krm["A"].id}
    assert ids(outcome="none") == {krm[k].id for k in "DEFG"}
    ordered = [r.id for r in register(scope, parse_register_filter({"sort": "received"}))]
    assert ordered == [krm[k].id for k in "FGDACBE"]
    sorted_rows: list[Any] = list(register(scope, parse_register_filter({"sort": "-days"})))
    by_days = [days_of(r) for r in sorted_rows]
    assert by_days[:3] == [15, 15, 6]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-13-01"}, "from"),
        ({"to": "gestern"}, "to"),
        ({"from": "2027-01-02", "to": "2027-01-01"}, "to"),
        ({"quarter": "2026-Q5"}, "quarter"),
        ({"kind": "rant"}, "kind"),
        ({"state": "lost"}, "state"),
        ({"sort": "colour"}, "sort"),
        ({"team": "x"}, "team"),
    ],
)
def test_bad_filters_are_refused_in_german(params, field):
    with pytest.raises(InvalidInput) as caught:
        parse_register_filter(params)
    assert field in caught.value.errors


def test_parse_period_accepts_german_dates_and_limits_reports():
    default = Period(D("2026-01-01"), D("2026-12-31"))
    assert parse_period("01.10.2026", "31.12.2026", default=default) == Period(
        D("2026-10-01"), D("2026-12-31")
    )
    assert parse_period(None, None, default=default) == default
    with pytest.raises(InvalidInput):
        parse_period("2000-01-01", "2026-01-01", default=default)


def test_quarters():
    assert Quarter.of(D("2026-09-30")) == Quarter(2026, 3)
    assert Quarter(2026, 4).end == D("2026-12-31")
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert Quarter.parse("Q2/2026") == Quarter(2026, 2)
    assert Period(D("2026-11-15"), D("2027-02-01")).quarters == [Quarter(2026, 4), Quarter(2027, 1)]


@pytest.mark.parametrize(
    ("histogram", "median"),
    [
        ({}, None),
        ({5: 1}, 5.0),
        ({6: 1, 15: 2}, 15.0),
        ({6: 1, 15: 1}, 10.5),
        ({1: 2, 3: 1, 9: 1}, 2.0),
        ({2: 3, 4: 3}, 3.0),
    ],
)
def test_median_from_the_histogram_of_days(histogram, median):
    """KRM-10: the median from (days → count) equals percentile_cont(0.5) of the list."""
    assert _median(histogram) == median


def test_report_restores_the_session_settings(world, krm):
    """The report's Berlin session time zone and work_mem end with it (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    query = "SELECT current_setting('TimeZone'), current_setting('work_mem')"
    with connection.cursor() as cursor:
        cursor.execute(query)
        before = cursor.fetchone()
        build_report(scope_for(world.gf, world.org), PERIOD)
        cursor.execute(query)
        assert cursor.fetchone() == before
