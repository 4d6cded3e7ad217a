"""KON-06: confirming the weekly plan books appointments into free slots, writes invitations,
never double-books (also with two threads at once), and changes nothing on bad input."""

import datetime as dt
import threading

import pytest
from django.db import connections

from anliegen.appointments import actions
from anliegen.appointments.models import Appointment
from anliegen.appointments.slots import free_slots
from anliegen.contacts import actions as contact_actions
from anliegen.core.clock import BERLIN
from anliegen.core.errors import Conflict, InvalidInput, NotFound
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from tests.appointments.conftest import MONDAY
from tests.factories import make_customer


def confirm(world, user, worker, numbers, monday=MONDAY):
    return contact_actions.confirm_plan(
        actor=user,
        scope=scope_for(user, world.org),
        case_worker=worker,
        monday=monday,
        numbers=numbers,
    )


def test_confirm_books_earliest_slots_in_order(world, now, due):
    a, b = due(world, world.worker, 10), due(world, world.worker, 3)
    result = confirm(world, world.worker, world.worker, [a.customer_number, b.customer_number])
    assert [x.customer for x in result.booked] == [a, b]
    starts = [x.local_start.strftime("%a %H:%M") for x in result.booked]
    assert starts == ["Mon 08:00", "Mon 09:00"]
    assert all(x.source == "weekly_plan" and x.status == "booked" for x in result.booked)
    invitations = HistoryEntry.objects.filter(kind=HistoryEntry.Kind.INVITATION)
    assert {h.customer_id for h in invitations} == {a.id, b.id}
    assert "Montag, 30.11.2026" in invitations.get(customer=a).text


def test_reconfirming_skips_customers_already_booked(world, now, due):
    """KON-06: confirming twice never double-books; the second run says who was skipped."""
    a, b = due(world, world.worker, 10), due(world, world.worker, 3)
    confirm(world, world.worker, world.worker, [a.customer_number])
    again = confirm(world, world.worker, world.worker, [a.customer_number, b.customer_number])
    assert [x.customer for x in again.already_booked] == [a]
    assert [x.customer for x in again.booked] == [b]
    assert Appointment.objects.filter(customer=a).count() == 1
    assert again.booked[0].local_start.strftime("%H:%M") == "09:00"


def test_not_enough_slots_books_as_many_as_fit(world, now, due):
    from anliegen.appointments.models import OpeningHours

    OpeningHours.objects.create(site=world.site, weekday=0, opens=dt.time(8), closes=dt.time(10))
    customers = [due(world, world.worker, 5 - n) for n in range(3)]
    result = confirm(world, world.worker, world.worker, [c.customer_number for c in customers])
    assert [x.customer for x in result.booked] == customers[:2]
    assert result.not_booked == customers[2:]
    assert not HistoryEntry.objects.filter(customer=customers[2]).exists()


@pytest.mark.parametrize(
    ("numbers", "field"),
    [([], "customers"), (["K-NOPE"], "customers")],
)
def test_bad_input_changes_nothing(world, now, due, numbers, field):
    a = due(world, world.worker)
    with pytest.raises(InvalidInput) as exc:
        confirm(world, world.worker, world.worker, [a.customer_number, *numbers] if numbers else [])
    assert field in exc.value.errors
    assert not Appointment.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_customer_of_another_case_worker_is_rejected(world, now, due):
    mine, theirs = due(world, world.worker), due(world, world.worker2)
    with pytest.raises(InvalidInput) as exc:
        confirm(world, world.tl, world.worker, [mine.customer_number, theirs.customer_number])
    assert theirs.customer_number in exc.value.errors["customers"]
    assert not Appointment.objects.exists()


def test_past_week_is_rejected(world, now, due):
    a = due(world, world.worker)
    with pytest.raises(InvalidInput) as exc:
        confirm(world, world.worker, world.worker, [a.customer_number], dt.date(2026, 11, 16))
    assert "week" in exc.value.errors


def test_scoping_lead_plans_for_team_worker_not_for_others(world, other, now, due):
    a = due(world, world.worker2)
    assert confirm(world, world.tl, world.worker2, [a.customer_number]).booked
    b = due(world, world.worker2)
    with pytest.raises(NotFound):
        confirm(world, world.worker, world.worker2, [b.customer_number])
    with pytest.raises(NotFound):
        confirm(world, world.tl_integration, world.worker2, [b.customer_number])
    with pytest.raises(NotFound):
        confirm(world, world.provider, world.worker2, [b.customer_number])


def test_book_conflicts_on_overlap(world, now):
    customer = make_customer(world, contact_person=world.worker)
    other_customer = make_customer(world, contact_person=world.worker)
    scope = scope_for(world.worker, world.org)
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
    actions.book(
        actor=world.worker,
        scope=scope,
        case_worker=world.worker,
        customer=customer,
        starts_at=start,
    )
    with pytest.raises(Conflict):
        actions.book(
            actor=world.worker,
            scope=scope,
            case_worker=world.worker,
            customer=other_customer,
            starts_at=start + dt.timedelta(minutes=30),
        )
    assert Appointment.objects.count() == 1


def test_cancel_frees_the_slot_and_outcomes(world, travel, due):
    travel("2026-11-25 10:00")
    a, b = due(world, world.worker, 2), due(world, world.worker, 1)
    booked = confirm(world, world.worker, world.worker, [a.customer_number, b.customer_number])
    scope = scope_for(world.worker, world.org)
    first, second = booked.booked
    actions.cancel(actor=world.worker, scope=scope, appointment=first)
    with pytest.raises(Conflict):
        actions.cancel(actor=world.worker, scope=scope, appointment=first)
    assert free_slots(world.worker, world.org, MONDAY)[0].starts_at == first.starts_at
    with pytest.raises(InvalidInput):  # not begun yet
        actions.record_outcome(actor=world.worker, scope=scope, appointment=second, outcome="held")
    travel("2026-11-30 10:30")
    with pytest.raises(InvalidInput):
        actions.record_outcome(actor=world.worker, scope=scope, appointment=second, outcome="late")
    done = actions.record_outcome(
        actor=world.worker, scope=scope, appointment=second, outcome="no_show"
    )
    assert done.status == "no_show"
    assert HistoryEntry.objects.filter(customer=b, kind=HistoryEntry.Kind.NO_SHOW).count() == 1
    with pytest.raises(Conflict):
        actions.record_outcome(actor=world.worker, scope=scope, appointment=second, outcome="held")


@pytest.mark.django_db(transaction=True)
def test_two_people_book_the_same_slot_exactly_one_wins(world, travel):
    """NFR-03: two threads, real connections, the same case worker and start time."""
    travel("2026-11-25 10:00")
    one = make_customer(world, contact_person=world.worker)
    two = make_customer(world, contact_person=world.worker)
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    texts: list[str] = []

    def attempt(user, customer):
        try:
            scope = scope_for(user, world.org)
            barrier.wait()
            actions.book(
                actor=user,
                scope=scope,
                case_worker=world.worker,
                customer=customer,
                starts_at=start,
            )
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append("conflict")
            texts.append(exc.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(world.worker, one)),
        threading.Thread(target=attempt, args=(world.tl, two)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert texts == ["Dieser Termin ist bereits gebucht. Bitte wählen Sie eine andere Zeit."]
    assert Appointment.objects.filter(case_worker=world.worker).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_confirm_the_same_plan_at_once(world, travel):
    """NFR-03: the case worker and their lead confirm the same plan at the same moment: every
    customer is booked exactly once, the later run skips them."""
    travel("2026-11-25 10:00")
    customers = [make_customer(world, contact_person=world.worker) for _n in range(3)]
    numbers = [c.customer_number for c in customers]
    barrier = threading.Barrier(2)
    results: list[contact_actions.PlanResult] = []

    def attempt(user):
        try:
            scope = scope_for(user, world.org)
            barrier.wait()
            results.append(
                contact_actions.confirm_plan(
                    actor=user,
                    scope=scope,
                    case_worker=world.worker,
                    monday=MONDAY,
                    numbers=numbers,
                )
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (world.worker, world.tl)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r.booked) for r in results) == [0, 3]
    assert sorted(len(r.already_booked) for r in results) == [0, 3]
    assert Appointment.objects.count() == 3
    assert HistoryEntry.objects.filter(kind=HistoryEntry.Kind.INVITATION).count() == 3
