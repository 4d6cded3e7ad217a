"""Issue 14, fault 1: every state-changing endpoint of one object, run in parallel with the
others, on PostgreSQL. Before the fix, mixing ``…/complete`` and ``…/commitment`` on one ticket
deadlocked ("deadlock detected" → 500).

The rule now (``work/locking.py``): every action on a work item locks the work item row first,
then its domain row (ticket, reaction). A lost race is a 409 with a German message.

Each endpoint is called through the API with the Django test client, one client per thread, all
threads released at once by a barrier. Asserted: no 500, every response 2xx, 409 or 422, and a
final state that is consistent (one completion, no duplicates).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from anliegen.api.models import ApiToken
from anliegen.appointments.models import Appointment
from anliegen.audit.models import AuditEntry
from anliegen.core.clock import BERLIN
from anliegen.customers.models import HistoryEntry
from anliegen.org.models import User
from anliegen.org.scope import scope_for
from anliegen.reactions.actions import record_reaction
from anliegen.reactions.models import ManagementRequest, Reaction
from anliegen.tickets.actions import create_ticket
from anliegen.tickets.models import Commitment, Completion, Ticket, TicketNote
from anliegen.work.models import Status, WorkItem
from tests.factories import make_customer, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ORG = "/api/v1/orgs/jc-test"
ALLOWED = {200, 201, 409, 422}

Call = tuple[str, str, dict[str, Any] | None, User]


@pytest.fixture(autouse=True)
def _postgres_only(db):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("races between row locks need PostgreSQL")


def run_together(calls: list[Call]) -> list[tuple[str, int, dict[str, Any]]]:
    """Send every call at the same moment, each from its own thread and client; return
    (label, status, body) per call."""
    tokens: dict[int, str] = {}
    for _label, _path, _body, user in calls:
        if user.id not in tokens:
            tokens[user.id] = ApiToken.issue(user)[1]
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, int, dict[str, Any]]] = []
    lock = threading.Lock()

    def send(call: Call) -> None:
        label, path, body, user = call
        client = Client(raise_request_exception=False)
        try:
            barrier.wait()
            response = client.post(
                f"{ORG}{path}",
                data=json.dumps(body) if body is not None else "",
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {tokens[user.id]}",
            )
            try:
                content = json.loads(response.content)
            except ValueError:
                content = {"raw": response.content[:300].decode(errors="replace")}
            with lock:
                results.append((label, response.status_code, content))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == len(calls)
    return results


def assert_no_server_error(results: list[tuple[str, int, dict[str, Any]]]) -> Counter[str]:
    """Every status is 2xx, 409 or 422; a 409 carries a German detail. Returns the successes per
    label."""
    bad = [(label, status, body) for label, status, body in results if status not in ALLOWED]
    assert not bad, bad
    for _label, status, body in results:
        if status == 409:
            assert body["detail"]
            assert body["status"] == 409
    return Counter(label for label, status, _body in results if status in (200, 201))


# --- Tickets -------------------------------------------------------------------------------------


@pytest.fixture
def ticket(world, travel) -> Ticket:
    travel("2026-11-23 09:00")
    agent = make_user("agent", org=world.org, role="phone_agent")
    customer = make_customer(world, contact_person=world.worker)
    created, _new = create_ticket(
        actor=agent,
        scope=scope_for(agent, world.org),
        area="benefits",
        customer_number=customer.customer_number,
        concern="Frage zum Bewilligungsbescheid",
    )
    return created


def ticket_calls(world: Any, ticket: Ticket) -> list[Call]:
    base = f"/tickets/{ticket.id}"
    promised = {"promised_date": "2026-11-27", "note": "Rückruf zugesagt"}
    calls: list[Call] = []
    for n in range(4):
        user = world.worker if n % 2 else world.tl
        calls.append(("complete", f"{base}/complete", {"resolution": f"erledigt {n}"}, user))
        calls.append(("commitment", f"{base}/commitment", promised, user))
        calls.append(("note", f"{base}/notes", {"text": f"Notiz {n}"}, user))
    for n in range(3):
        calls.append(("callback", f"{base}/callback", {"note": f"zurückgerufen {n}"}, world.worker))
        target = world.worker2 if n % 2 else world.worker
        calls.append(
            (
                "reassign",
                f"/items/{ticket.item_id}/reassign",
                {"assignee": target.username},
                world.tl,
            )
        )
    calls.append(
        (
            "follow_up",
            "/follow-ups",
            {"date": "2026-11-30", "note": "nachfassen", "item_id": ticket.item_id},
            world.worker,
        )
    )
    calls.append(
        (
            "follow_up",
            "/follow-ups",
            {"date": "2026-12-01", "note": "nochmal nachfassen", "item_id": ticket.item_id},
            world.tl,
        )
    )
    return calls


def test_mixed_ticket_actions_never_deadlock(world, ticket):
    calls = ticket_calls(world, ticket)
    assert len(calls) == 20
    done = assert_no_server_error(run_together(calls))

    item = WorkItem.objects.get(id=ticket.item_id)
    assert item.status == Status.DONE
    assert done["complete"] == 1
    assert Completion.objects.filter(ticket=ticket).count() == 1
    assert AuditEntry.objects.filter(action="work.completed", object_id=str(item.id)).count() == 1
    assert (
        HistoryEntry.objects.filter(ref_id=ticket.id, text__startswith="Ticket erledigt").count()
        <= 1
    )
    # every success left exactly its rows, nothing more
    assert Commitment.objects.filter(ticket=ticket).count() == done["commitment"]
    assert TicketNote.objects.filter(ticket=ticket).count() == done["note"]
    assert (
        AuditEntry.objects.filter(action="work.reassigned", object_id=str(item.id)).count()
        == done["reassign"]
    )
    assert WorkItem.objects.filter(parent=item, kind="follow_up").count() == done["follow_up"]
    # a commitment that won moved the clock before the completion met it
    if done["commitment"]:
        assert item.due_date is None or item.due_date == dt.date(2026, 11, 27)
    assert not item.deadlines.filter(met_at__isnull=True).exists()


def test_completing_twice_at_once_is_one_completion_and_a_german_409(world, ticket):
    base = f"/tickets/{ticket.id}"
    calls: list[Call] = [
        ("complete", f"{base}/complete", {"resolution": f"erledigt {n}"}, world.worker)
        for n in range(6)
    ]
    calls += [
        ("commitment", f"{base}/commitment", {"promised_date": "2026-11-27", "note": "x"}, world.tl)
        for _n in range(6)
    ]
    results = run_together(calls)
    done = assert_no_server_error(results)
    assert done["complete"] == 1
    assert Completion.objects.filter(ticket=ticket).count() == 1
    conflicts = [body["detail"] for label, status, body in results if status == 409]
    assert len(conflicts) >= 5
    assert "Dieses Ticket wurde bereits erledigt." in conflicts


# --- Reactions -----------------------------------------------------------------------------------


@pytest.fixture
def reaction(world, travel) -> Reaction:
    travel("2026-11-23 09:00")
    customer = make_customer(world)
    return record_reaction(
        actor=world.office,
        scope=scope_for(world.office, world.org),
        channel="in_person",
        kind="complaint",
        received_at=dt.datetime(2026, 11, 23, 8, 30, tzinfo=BERLIN),
        team_ids=[world.team.id],
        text="Mein Antrag liegt seit Wochen unbearbeitet.",
        customer_number=customer.customer_number,
    )


def test_mixed_reaction_actions_never_deadlock(world, reaction):
    base = f"/reactions/{reaction.id}"
    outcome = {"outcome": "justified", "summary": "Bescheid erteilt"}
    calls: list[Call] = []
    for n in range(3):
        calls.append(("outcome", f"{base}/outcome", outcome, world.tl))
        calls.append(
            (
                "ack",
                f"{base}/acknowledgement-sent",
                {"channel": "letter", "sent_on": "2026-11-23"},
                world.tl,
            )
        )
        calls.append(
            (
                "management",
                f"{base}/management-request",
                {"reason": "escalation", "text": f"Kunde besteht darauf {n}"},
                world.tl,
            )
        )
        calls.append(
            (
                "forward",
                f"{base}/forward",
                {
                    "manager": world.bl.username,
                    "instruction": f"Bitte prüfen {n}",
                    "due_date": "2026-11-30",
                },
                world.gf,
            )
        )
        calls.append(("classify", f"{base}/classify", {"kind": "criticism"}, world.gf))
        calls.append(("register", f"{base}/register-entry", None, world.office))
    calls.append(
        (
            "reassign",
            f"/items/{reaction.item_id}/reassign",
            {"assignee": world.deputy.username},
            world.tl,
        )
    )
    calls.append(
        (
            "follow_up",
            "/follow-ups",
            {"date": "2026-11-30", "note": "nachfassen", "item_id": reaction.item_id},
            world.tl,
        )
    )
    assert len(calls) == 20
    done = assert_no_server_error(run_together(calls))

    reaction.refresh_from_db()
    item = WorkItem.objects.get(id=reaction.item_id)
    assert done["outcome"] == 1
    assert item.status == Status.DONE
    assert reaction.outcome == "justified"
    assert AuditEntry.objects.filter(action="work.completed", object_id=str(item.id)).count() == 1
    assert done["ack"] <= 1
    assert (
        AuditEntry.objects.filter(
            action="reaction.acknowledged", object_id=str(reaction.id)
        ).count()
        == done["ack"]
    )
    assert ManagementRequest.objects.filter(reaction=reaction).count() == done["management"] <= 1
    assert done["register"] <= 1
    assert (reaction.register_entry_at is not None) == bool(done["register"])
    assert WorkItem.objects.filter(parent=item, kind="follow_up").count() == done["follow_up"]


# --- Appointments --------------------------------------------------------------------------------


def test_mixed_appointment_actions_never_double_book(world, travel):
    travel("2026-11-25 10:00")
    booked_customer = make_customer(world, contact_person=world.worker)
    others = [make_customer(world, contact_person=world.worker) for _n in range(8)]
    starts = "2026-11-30T09:00:00+01:00"
    client = Client()
    token = ApiToken.issue(world.worker)[1]
    first = client.post(
        f"{ORG}/appointments",
        data=json.dumps(
            {
                "customer_number": booked_customer.customer_number,
                "case_worker": world.worker.username,
                "starts_at": starts,
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert first.status_code == 201, first.content
    appointment_id = first.json()["id"]
    base = f"/appointments/{appointment_id}"
    calls: list[Call] = []
    for n in range(4):
        calls.append(("cancel", f"{base}/cancel", None, world.worker if n % 2 else world.tl))
    for _n in range(4):
        calls.append(("outcome", f"{base}/outcome", {"outcome": "held"}, world.worker))
    for customer in others:
        calls.append(
            (
                "book",
                "/appointments",
                {
                    "customer_number": customer.customer_number,
                    "case_worker": world.worker.username,
                    "starts_at": starts,
                },
                world.tl,
            )
        )
    for n in range(4):
        calls.append(
            (
                "book_same_customer",
                "/appointments",
                {
                    "customer_number": others[0].customer_number,
                    "case_worker": world.worker.username,
                    "starts_at": f"2026-11-30T1{n + 1}:00:00+01:00",
                },
                world.worker,
            )
        )
    assert len(calls) == 20
    done = assert_no_server_error(run_together(calls))

    original = Appointment.objects.get(id=appointment_id)
    assert done["cancel"] == 1
    assert original.status == Appointment.Status.CANCELLED
    assert done["outcome"] == 0  # an outcome before the start is refused (422) or lost (409)
    active = Appointment.objects.exclude(status=Appointment.Status.CANCELLED)
    start = dt.datetime.fromisoformat(starts)
    assert active.filter(case_worker=world.worker, starts_at=start).count() <= 1
    assert done["book"] == active.filter(case_worker=world.worker, starts_at=start).count()
    # one customer never sits in two overlapping appointments
    for appointment in active:
        assert (
            active.filter(
                customer=appointment.customer,
                starts_at__lt=appointment.ends_at,
                ends_at__gt=appointment.starts_at,
            ).count()
            == 1
        )
    assert (
        HistoryEntry.objects.filter(ref_id=appointment_id, text__contains="abgesagt").count() == 1
    )
