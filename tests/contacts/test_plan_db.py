"""KON-05/06: the weekly contact plan — capacity (target, derived, no-show rate, invitations)
and the proposal of whom to invite, most overdue first; read-only, scoped like the worklist."""

import datetime as dt

import pytest

from anliegen.contacts.actions import recompute_for
from anliegen.contacts.models import ContactSchedule
from anliegen.contacts.planning import parse_week, weekly_capacity
from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.customers.actions import add_history_entry
from anliegen.rules.queries import preset
from anliegen.rules.schemas import ContactRules
from tests.api.conftest import Api, assert_problem, counts
from tests.factories import make_customer

PATH = "/orgs/jc-test/contact-plan"
WEEK = "2026-W49"  # Monday 30.11.2026 – Sunday 06.12.2026


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def now(travel):
    travel("2026-11-25 10:00")


def _rules() -> ContactRules:
    rules = preset("contacts")
    assert isinstance(rules, ContactRules)
    return rules


def _due(world, worker, due: dt.date, **fields):
    customer = make_customer(world, contact_person=worker, **fields)
    recompute_for(customer)
    ContactSchedule.objects.filter(customer=customer).update(due_date=due)
    return customer


def test_capacity_with_the_seed_numbers():
    """39 h × 0.8 × 0.6 / 1 h = 18.72 (Basis); / 0.75 h = 24.96 (Aktivteam)."""
    rules = _rules()
    basis = weekly_capacity(rules, 1)
    assert (basis.target, basis.derived, basis.no_show_rate, basis.invitations) == (
        25,
        18.72,
        0,
        25,
    )
    assert weekly_capacity(rules, 1, active=True).derived == 24.96
    half = weekly_capacity(rules, 0.5)
    assert (half.target, half.derived, half.invitations) == (12.5, 9.36, 13)
    measured = weekly_capacity(rules, 1, no_shows=1, shows=3)
    assert (measured.no_show_rate, measured.invitations) == (0.25, 34)
    never = weekly_capacity(rules, 1, no_shows=5, shows=0)
    assert never.no_show_rate == 1
    assert never.invitations == 250


@pytest.mark.parametrize(
    ("value", "monday"),
    [("2026-W49", dt.date(2026, 11, 30)), ("2026-W53", dt.date(2026, 12, 28))],
)
def test_parse_week(value, monday):
    assert parse_week(value) == monday


@pytest.mark.parametrize("value", ["2026-W60", "2026-W00", "2025-W53", "2026-49", "W49", ""])
def test_parse_week_rejects(value):
    with pytest.raises(InvalidInput) as exc:
        parse_week(value)
    assert "week" in exc.value.errors


def test_plan_of_a_full_time_case_worker(api, world, now):
    response = api.get(PATH, world.worker, case_worker="worker", week=WEEK)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["case_worker"] == "worker"
    assert body["week"] == WEEK
    assert (body["capacity"], body["derived_capacity"]) == (25, 18.72)
    assert (body["no_show_rate"], body["invitations"]) == (0, 25)
    assert body["customers"] == []


def test_active_team_derives_more_capacity(api, world, now):
    make_customer(world, contact_person=world.worker, care_group="ue25_active")
    body = api.get(PATH, world.tl, case_worker="worker", week=WEEK).json()
    assert (body["capacity"], body["derived_capacity"]) == (25, 24.96)


def test_part_time_plan_is_most_overdue_first_and_limited(api, world, now):
    """worker2 works 0.5 FTE: 12.5 consultations → 13 invitations of 15 due customers."""
    monday = dt.date(2026, 11, 30)
    due = [_due(world, world.worker2, monday - dt.timedelta(days=n)) for n in range(15)]
    later = _due(world, world.worker2, dt.date(2026, 12, 7))
    sunday = _due(world, world.worker2, dt.date(2026, 12, 6))
    _due(world, world.worker, dt.date(2026, 1, 1))  # someone else's customer
    before = counts()
    response = api.get(PATH, world.tl, case_worker="worker2", week=WEEK)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["capacity"], body["derived_capacity"], body["invitations"]) == (12.5, 9.36, 13)
    numbers = [c["customer_number"] for c in body["customers"]]
    assert numbers == [c.customer_number for c in reversed(due)][:13]
    assert later.customer_number not in numbers
    assert sunday.customer_number not in numbers
    first = body["customers"][0]
    assert first["due_date"] == "2026-11-16"
    assert first["overdue_days"] == 14
    assert first["name"]
    assert first["rule"]
    assert body["customers"][-1]["overdue_days"] == 2
    assert counts() == before  # a proposal: nothing booked, no letters


def test_sunday_of_the_week_is_included(api, world, now):
    sunday = _due(world, world.worker2, dt.date(2026, 12, 6))
    _due(world, world.worker2, dt.date(2026, 12, 7))
    body = api.get(PATH, world.worker2, case_worker="worker2", week=WEEK).json()
    assert [c["customer_number"] for c in body["customers"]] == [sunday.customer_number]
    assert body["customers"][0]["overdue_days"] == 0


def test_no_show_rate_raises_invitations(api, world, now):
    customer = make_customer(world, contact_person=world.worker)
    add_history_entry(actor=world.worker, customer=customer, kind="no_show", text="Nicht da")
    for _n in range(3):
        add_history_entry(
            actor=world.worker, customer=customer, kind="consultation", text="Beratung"
        )
    old = clock.now() - dt.timedelta(weeks=30)
    for _n in range(4):  # outside the 26 weeks measured
        add_history_entry(actor=world.worker, customer=customer, kind="no_show", text="Alt", at=old)
    theirs = make_customer(world, contact_person=world.worker2)
    add_history_entry(actor=world.worker2, customer=theirs, kind="no_show", text="Nicht da")
    body = api.get(PATH, world.worker, case_worker="worker", week=WEEK).json()
    assert (body["no_show_rate"], body["invitations"], body["capacity"]) == (0.25, 34, 25)


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"case_worker": "worker", "week": "2026-W60"}, ("week",)),
        ({"case_worker": "worker", "week": "2026-12-01"}, ("week",)),
        ({"case_worker": "nobody-here", "week": WEEK}, ("case_worker",)),
        ({"case_worker": "nobody-here", "week": "2026-W60"}, ("case_worker", "week")),
    ],
)
def test_bad_input_is_422(api, world, now, params, fields):
    _due(world, world.worker, dt.date(2026, 11, 1))
    before = counts()
    problem = assert_problem(api.get(PATH, world.tl, **params), 422, fields=fields)
    assert problem["detail"]
    assert counts() == before


def test_plan_is_scoped(api, world, other, now):
    _due(world, world.worker2, dt.date(2026, 11, 1))
    assert_problem(api.get(PATH, other.gf, case_worker="worker", week=WEEK), 404)
    assert_problem(
        api.get("/orgs/jc-other/contact-plan", world.gf, case_worker="worker", week=WEEK), 404
    )
    assert_problem(api.get(PATH, world.worker, case_worker="worker2", week=WEEK), 404)
    assert_problem(api.get(PATH, world.provider, case_worker="worker", week=WEEK), 404)
    assert api.get(PATH, case_worker="worker", week=WEEK).status_code == 401
    body = api.get(PATH, world.gf, case_worker="worker2", week=WEEK).json()
    assert len(body["customers"]) == 1
