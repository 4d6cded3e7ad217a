"""KON-04: whom to invite — overdue first, then due this week, then next week; scoped to the
caller (case worker: own customers and deputised colleagues'; TL: the team; management: the
organisation; provider: nothing; another organisation: never)."""

import datetime as dt

import pytest

from anliegen.contacts.actions import recompute_for
from anliegen.contacts.queries import contact_worklist, get_schedule_for
from anliegen.core.errors import NotFound
from anliegen.customers.actions import add_history_entry
from anliegen.org.models import Absence
from anliegen.org.scope import scope_for
from tests.factories import make_customer

# Wednesday 25 November 2026: this week runs 23–29 Nov, next week 30 Nov – 6 Dec.
TODAY = "2026-11-25 10:00"


def scheduled(world, person, last: dt.date | None, **fields):
    """A customer up to 40, unemployed, Ü25 Basis (2 months) with the last contact ``last``."""
    customer = make_customer(world, contact_person=person, birth_date=dt.date(1990, 4, 1), **fields)
    if last is not None:
        add_history_entry(
            actor=None, customer=customer, kind="contact", text="Kontakt", contact_date=last
        )
    recompute_for(customer)
    return customer


@pytest.fixture
def plan(world, other, travel):
    travel(TODAY)
    return {
        "overdue": scheduled(world, world.worker, dt.date(2026, 9, 1)),  # due 01.11.
        "overdue_more": scheduled(world, world.worker, dt.date(2026, 8, 1)),  # due 01.10.
        "this_week": scheduled(world, world.worker, dt.date(2026, 9, 27)),  # due 27.11.
        "today": scheduled(world, world.worker, dt.date(2026, 9, 25)),  # due 25.11.
        "next_week": scheduled(world, world.worker, dt.date(2026, 10, 2)),  # due 02.12.
        "later": scheduled(world, world.worker, dt.date(2026, 11, 20)),  # due 20.01.
        "colleague": scheduled(world, world.worker2, dt.date(2026, 9, 1)),
        "nobody": scheduled(world, None, dt.date(2026, 9, 1)),
        "integration": scheduled(world, world.av, dt.date(2026, 9, 1)),
        "other_org": scheduled(other, other.worker, dt.date(2026, 9, 1)),
    }


def _numbers(schedules):
    return [s.customer.customer_number for s in schedules]


def test_case_worker_sees_buckets_of_their_own_customers(world, plan):
    worklist = contact_worklist(scope_for(world.worker, world.org))
    assert worklist.today == dt.date(2026, 11, 25)
    assert _numbers(worklist.overdue) == [
        plan["overdue_more"].customer_number,
        plan["overdue"].customer_number,
    ]
    assert _numbers(worklist.this_week) == [
        plan["today"].customer_number,
        plan["this_week"].customer_number,
    ]
    assert _numbers(worklist.next_week) == [plan["next_week"].customer_number]


def test_deputy_sees_the_absent_colleagues_customers(world, plan):
    """FND-03: while worker2 is absent, their deputy (worker) invites their customers too."""
    scope = scope_for(world.worker, world.org)
    assert plan["colleague"].customer_number not in _numbers(contact_worklist(scope).overdue)
    Absence.objects.create(
        user=world.worker2,
        organisation=world.org,
        start=dt.date(2026, 11, 20),
        end=dt.date(2026, 11, 30),
        deputy=world.worker,
    )
    assert plan["colleague"].customer_number in _numbers(contact_worklist(scope).overdue)
    worklist = contact_worklist(scope, case_worker=world.worker2)
    assert _numbers(worklist.overdue) == [plan["colleague"].customer_number]


def test_case_worker_may_not_ask_for_a_colleague(world, plan):
    with pytest.raises(NotFound):
        contact_worklist(scope_for(world.worker, world.org), case_worker=world.worker2)


def test_team_lead_sees_the_team_and_each_member(world, plan):
    scope = scope_for(world.tl, world.org)
    overdue = _numbers(contact_worklist(scope).overdue)
    assert plan["colleague"].customer_number in overdue
    assert plan["overdue"].customer_number in overdue
    assert plan["integration"].customer_number not in overdue
    assert plan["other_org"].customer_number not in overdue
    only = contact_worklist(scope, case_worker=world.worker2)
    assert _numbers(only.overdue) == [plan["colleague"].customer_number]
    team = contact_worklist(scope, team=world.team)
    assert plan["colleague"].customer_number in _numbers(team.overdue)
    with pytest.raises(NotFound):
        contact_worklist(scope, team=world.team_integration)
    with pytest.raises(NotFound):
        contact_worklist(scope, case_worker=world.av)


def test_management_sees_the_organisation_never_another(world, other, plan):
    worklist = contact_worklist(scope_for(world.gf, world.org))
    overdue = _numbers(worklist.overdue)
    for key in ("overdue", "colleague", "nobody", "integration"):
        assert plan[key].customer_number in overdue
    assert plan["other_org"].customer_number not in overdue
    with pytest.raises(NotFound):
        contact_worklist(scope_for(world.gf, world.org), team=other.team)


def test_provider_sees_nothing(world, plan):
    worklist = contact_worklist(scope_for(world.provider, world.org))
    assert (worklist.overdue, worklist.this_week, worklist.next_week) == ([], [], [])
    with pytest.raises(NotFound):
        get_schedule_for(scope_for(world.provider, world.org), plan["overdue"].customer_number)


def test_schedule_of_another_organisation_is_not_found(world, plan):
    with pytest.raises(NotFound):
        get_schedule_for(scope_for(world.gf, world.org), plan["other_org"].customer_number)
