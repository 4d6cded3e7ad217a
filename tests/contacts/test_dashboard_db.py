"""KON-08 / KON-05: the contact-density dashboard — exact figures per case worker and team at
week boundaries, consultations per week, no-show rates, part-time targets, the same capacity as
the weekly plan, export, scope and the API."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.contacts import dashboard
from anliegen.contacts.actions import recompute_for
from anliegen.contacts.models import ContactSchedule
from anliegen.contacts.queries import plan_for
from anliegen.core import clock
from anliegen.core.errors import Forbidden, NotFound
from anliegen.customers.actions import add_history_entry
from anliegen.org.scope import scope_for
from tests.api.conftest import Api, assert_problem
from tests.factories import make_customer
from tests.web.helpers import html, read_csv, read_xlsx

# Wednesday 25 November 2026: this week runs 23–29 Nov, the last completed week 16–22 Nov.
WEDNESDAY = "2026-11-25 10:00"
URL = "/o/jc-test/kontakte/uebersicht/"
API = "/orgs/jc-test/contact-dashboard"


def berlin(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=clock.BERLIN)


def _due(world, worker, due: dt.date, **fields):
    customer = make_customer(world, contact_person=worker, **fields)
    recompute_for(customer)
    ContactSchedule.objects.filter(customer=customer).update(due_date=due)
    return customer


def _history(customer, kind: str, at: str) -> None:
    add_history_entry(actor=None, customer=customer, kind=kind, text="Vermerk", at=berlin(at))


@pytest.fixture
def data(world, travel):
    """worker (1.0 FTE): due 24.11. (overdue), 25.11. (today), 29.11. (Sunday), 30.11. (next
    week); consultations 15.11., 16.11., 22.11. 23:30 and 23.11. 00:30, one no-show 18.11.
    worker2 (0.5 FTE): one customer overdue since 1.1. One customer without contact person."""
    travel(WEDNESDAY)
    first = _due(world, world.worker, dt.date(2026, 11, 24), customer_number="K-A1")
    _due(world, world.worker, dt.date(2026, 11, 25), customer_number="K-A2")
    _due(world, world.worker, dt.date(2026, 11, 29), customer_number="K-A3")
    _due(world, world.worker, dt.date(2026, 11, 30), customer_number="K-A4")
    _due(world, world.worker2, dt.date(2026, 1, 1), customer_number="K-B1")
    _due(world, None, dt.date(2026, 1, 1), customer_number="K-C1")
    for at in ("2026-11-15 09:00", "2026-11-16 10:00", "2026-11-22 23:30", "2026-11-23 00:30"):
        _history(first, "consultation", at)
    _history(first, "no_show", "2026-11-18 09:00")
    return world


def _lines(board: dashboard.ContactDashboard) -> dict[str, dashboard.DashboardLine]:
    return {line.key: line for line in board.lines}


def test_team_figures_on_a_wednesday(data):
    """KON-08: overdue = due before today; due this week = today … Sunday; consultations of the
    last completed week (Mon–Sun, Berlin time) and averages over 4 and 13 weeks."""
    world = data
    board = dashboard.dashboard_for(scope_for(world.tl, world.org))
    assert board.level == "team"
    assert board.team == world.team
    lines = _lines(board)
    assert set(lines) == {"worker", "worker2"}  # leads without customers are not lines
    worker = lines["worker"]
    assert (worker.customers, worker.overdue, worker.due_this_week) == (4, 1, 2)
    assert worker.overdue_share == 0.25
    assert worker.weekly[-3:] == [0, 1, 2]  # 9–15, 16–22 Nov; 23 Nov is the running week
    assert (worker.last_week, worker.average_4, worker.average_13) == (2, 0.75, 0.23)
    assert (worker.no_shows, worker.shows, worker.no_show_rate) == (1, 4, 0.2)
    assert (worker.target, worker.derived, worker.invitations) == (25, 18.72, 32)
    part_time = lines["worker2"]
    assert (part_time.customers, part_time.overdue, part_time.overdue_share) == (1, 1, 1.0)
    assert (part_time.target, part_time.derived, part_time.invitations) == (12.5, 9.36, 13)
    assert part_time.weekly == [0] * 13
    total = board.total
    assert (total.customers, total.overdue, total.target, total.last_week) == (5, 2, 37.5, 2)
    assert total.no_show_rate == 0.2
    assert board.week_labels[-1] == "2026-W47"
    assert board.weeks[-1] == dt.date(2026, 11, 16)


def test_week_boundary_on_monday_morning(data, travel):
    """Monday 30.11. 00:30: 29.11. is now overdue, 30.11. due this week, and the consultation
    of 23.11. 00:30 belongs to the completed week 23–29 Nov."""
    world = data
    travel("2026-11-30 00:30")
    worker = _lines(dashboard.dashboard_for(scope_for(world.tl, world.org)))["worker"]
    assert (worker.customers, worker.overdue, worker.due_this_week) == (4, 3, 1)
    assert worker.weekly[-3:] == [1, 2, 1]
    assert (worker.last_week, worker.average_4) == (1, 1.0)


def test_capacity_equals_the_weekly_plan(data):
    """KON-05: target, derived capacity, no-show rate and invitations are those of
    GET contact-plan (the same weekly_capacity with the same measured counts)."""
    world = data
    scope = scope_for(world.tl, world.org)
    lines = _lines(dashboard.dashboard_for(scope))
    monday = dt.date(2026, 11, 30)
    for user in (world.worker, world.worker2):
        capacity = plan_for(scope, user, monday).capacity
        line = lines[user.username]
        assert (line.target, line.derived, line.no_show_rate, line.invitations) == (
            capacity.target,
            capacity.derived,
            capacity.no_show_rate,
            capacity.invitations,
        )


def test_active_team_case_worker_gets_active_hours(data):
    world = data
    make_customer(world, contact_person=world.worker2, care_group="ue25_active")
    make_customer(world, contact_person=world.worker2, care_group="ue25_active")
    line = _lines(dashboard.dashboard_for(scope_for(world.tl, world.org)))["worker2"]
    assert line.active is True
    assert line.derived == 12.48  # 39 × 0.5 × 0.8 × 0.6 / 0.75


def test_organisation_view_for_management(data):
    """GF: one line per team with contact-density casework, and the customers of nobody's team
    in a line of their own; the total is the organisation. A team without any such customer or
    consultation (here: Integration 1) is left out, so its staff do not inflate the target."""
    world = data
    board = dashboard.dashboard_for(scope_for(world.gf, world.org))
    assert board.level == "organisation"
    lines = _lines(board)
    assert set(lines) == {str(world.team.id), "other"}
    team = lines[str(world.team.id)]
    assert (team.customers, team.overdue, team.target, team.invitations) == (5, 2, 37.5, 45)
    assert (lines["other"].customers, lines["other"].overdue) == (1, 1)
    assert (board.total.customers, board.total.overdue, board.total.target) == (6, 3, 37.5)
    recompute_for(make_customer(world, contact_person=world.users["av"], customer_number="K-INT"))
    integration = _lines(dashboard.dashboard_for(scope_for(world.gf, world.org)))[
        str(world.team_integration.id)
    ]
    assert (integration.customers, integration.target) == (1, 25)
    narrowed = dashboard.dashboard_for(scope_for(world.gf, world.org), team=world.team)
    assert narrowed.level == "team"
    assert set(_lines(narrowed)) == {"worker", "worker2"}


def test_empty_team_shows_case_workers_with_zeros(world, travel):
    travel(WEDNESDAY)
    board = dashboard.dashboard_for(scope_for(world.tl_integration, world.org))
    assert board.team == world.team_integration
    (line,) = board.lines
    assert (line.key, line.customers, line.overdue, line.last_week, line.target) == (
        "av",
        0,
        0,
        0,
        25,
    )
    assert line.no_show_rate == 0


def test_scope(data, other):
    """KON-08/FND-02: TL of another team, case worker, provider, other organisation."""
    world = data
    tl_other = scope_for(world.tl_integration, world.org)
    with pytest.raises(NotFound):
        dashboard.dashboard_for(tl_other, team=world.team)
    assert dashboard.dashboard_for(tl_other).total.customers == 0
    bl = dashboard.dashboard_for(scope_for(world.bl, world.org))
    assert bl.team == world.team_integration
    assert bl.total.customers == 0
    with pytest.raises(Forbidden):
        dashboard.dashboard_for(scope_for(world.worker, world.org))
    with pytest.raises(NotFound):
        dashboard.dashboard_for(scope_for(world.provider, world.org))
    foreign = dashboard.dashboard_for(scope_for(other.gf, other.org))
    assert foreign.total.customers == 0
    assert all(line.customers == 0 for line in foreign.lines)


def test_sorting():
    lines = [
        dashboard.DashboardLine(key="a", label="b", overdue=1),
        dashboard.DashboardLine(key="b", label="A", overdue=3),
        dashboard.DashboardLine(key="c", label="c", overdue=3),
    ]
    assert [x.key for x in dashboard.sort_lines(lines, "label", descending=False)] == [
        "b",
        "a",
        "c",
    ]
    assert [x.key for x in dashboard.sort_lines(lines, "overdue", descending=True)] == [
        "c",
        "b",
        "a",
    ]
    assert next(x.key for x in dashboard.sort_lines(lines, "bogus", descending=False)) == "b"


# --- web -------------------------------------------------------------------------------------


def test_page_for_team_lead(client, data):
    world = data
    client.force_login(world.tl)
    response = client.get(URL)
    assert response.status_code == 200
    page = html(response)
    assert "Kontaktdichte" in page
    assert "Worker Test" in page
    assert "<svg" in page
    assert "<caption>" in page
    assert 'aria-current="page"' in page
    sorted_page = html(client.get(URL, {"sort": "overdue", "dir": "desc"}))
    assert 'aria-sort="descending"' in sorted_page


def test_export_read_back(client, data):
    world = data
    client.force_login(world.tl)
    rows = read_csv(client.get(URL, {"export": "csv", "sort": "customers", "dir": "desc"}))
    assert rows[0][:4] == ["Name", "VZÄ", "Kunden", "Überfällig"]
    assert rows[1][:6] == ["Worker Test", "1,0", "4", "1", "25,0", "2"]
    assert rows[2][:4] == ["Worker2 Test", "0,5", "1", "1"]
    assert rows[3][0] == "Gesamt"
    assert rows[3][2:4] == ["5", "2"]
    sheet = read_xlsx(client.get(URL, {"export": "xlsx"}))
    by_name = {row[0]: row for row in sheet[1:]}
    assert by_name["Worker2 Test"][9] == 12.5
    assert by_name["Worker Test"][12] == 32
    assert by_name["Gesamt"][2] == 5


def test_page_scope(client, data, other):
    world = data
    for user, status in (
        (world.worker, 403),
        (world.provider, 404),
        (other.gf, 404),
    ):
        client.force_login(user)
        assert client.get(URL).status_code == status
    client.force_login(world.tl_integration)
    assert client.get(URL, {"team": world.team.id}).status_code == 404
    client.force_login(world.gf)
    response = client.get(URL, {"team": world.team.id})
    assert response.status_code == 200
    assert "Worker2 Test" in html(response)


def test_nav_entry_only_for_leads(client, data):
    world = data
    client.force_login(world.tl)
    assert URL in html(client.get("/o/jc-test/kontakte/"))
    client.force_login(world.worker)
    assert URL not in html(client.get("/o/jc-test/kontakte/"))


# --- API -------------------------------------------------------------------------------------


def test_api_figures(data):
    world = data
    api = Api()
    response = api.get(API, world.gf, team=world.team.id)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["level"] == "team"
    assert body["team"] == world.team.id
    lines = {line["key"]: line for line in body["lines"]}
    worker = lines["worker"]
    assert (worker["customers"], worker["overdue"], worker["due_this_week"]) == (4, 1, 2)
    assert worker["consultations_per_week"][-2:] == [1, 2]
    assert (worker["no_show_rate"], worker["invitations"], worker["target"]) == (0.2, 32, 25)
    assert lines["worker2"]["target"] == 12.5
    assert body["total"]["target"] == 37.5
    assert body["weeks"][-1] == {
        "week": "2026-W47",
        "monday": "2026-11-16",
        "consultations": 2,
        "target": 37.5,
    }
    org = api.get(API, world.gf).json()
    assert org["level"] == "organisation"
    assert org["total"]["customers"] == 6


def test_api_scope(data, other):
    world = data
    api = Api()
    assert_problem(api.get(API, world.worker), 403)
    assert_problem(api.get(API, world.provider), 404)
    assert_problem(api.get(API, other.gf), 404)
    assert_problem(api.get(API, world.tl_integration, team=world.team.id), 404)
    assert api.get(API).status_code == 401
    assert api.get(API, world.tl, team="x").status_code == 422
