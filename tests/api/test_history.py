"""FND-05, FND-10 via the API: ``GET …/customers/{number}/history`` is the timeline, newest
first; reading it is logged."""

from __future__ import annotations

import datetime as dt

from anliegen.audit.models import AccessEntry
from anliegen.customers.actions import add_note
from anliegen.org.scope import scope_for
from tests.api.conftest import assert_problem
from tests.factories import make_customer


def _notes(world, customer, travel, n: int = 3):  # type: ignore[no-untyped-def]
    scope = scope_for(world.worker, world.org)
    notes = []
    for day in range(n):
        travel(f"2026-11-{day + 2:02d} 09:00")
        notes.append(
            add_note(
                actor=world.worker,
                scope=scope,
                customer=customer,
                kind="note",
                text=f"Vermerk {day}",
            )
        )
    return notes


def test_history_is_newest_first_and_logged(api, world, customer, travel):
    notes = _notes(world, customer, travel)
    response = api.get(f"/orgs/jc-test/customers/{customer.customer_number}/history", user=world.tl)
    assert response.status_code == 200
    body = response.json()
    assert [e["id"] for e in body] == [n.id for n in reversed(notes)]
    assert body[0] == {
        "id": notes[-1].id,
        "kind": "note",
        "at": "2026-11-04T09:00:00+01:00",
        "author": "worker",
        "text": "Vermerk 2",
        "contact_date": None,
        "corrects": None,
        "ref_type": "",
        "ref_id": None,
    }
    assert response["X-Total-Count"] == "3"
    entry = AccessEntry.objects.get()
    assert (entry.actor, entry.customer, entry.via, entry.purpose) == (
        world.tl,
        customer,
        "api",
        "history",
    )


def test_history_pages_with_limit_and_offset(api, world, customer, travel):
    notes = _notes(world, customer, travel, n=4)
    path = f"/orgs/jc-test/customers/{customer.customer_number}/history"
    response = api.get(path, user=world.worker, limit=2, offset=1)
    assert [e["id"] for e in response.json()] == [notes[2].id, notes[1].id]
    assert response["X-Total-Count"] == "4"


def test_consultation_dates_appear(api, world, customer, travel):
    travel("2026-11-23 10:00")
    add_note(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        customer=customer,
        kind="consultation",
        text="Gespräch",
        contact_date=dt.date(2026, 11, 20),
    )
    body = api.get(
        f"/orgs/jc-test/customers/{customer.customer_number}/history", user=world.worker
    ).json()
    assert (body[0]["kind"], body[0]["contact_date"]) == ("consultation", "2026-11-20")


def test_history_of_another_organisation_is_404(api, world, other):
    theirs = make_customer(other, customer_number="K6666")
    add_note(
        actor=other.worker,
        scope=scope_for(other.worker, other.org),
        customer=theirs,
        kind="note",
        text="geheim",
    )
    response = api.get("/orgs/jc-other/customers/K6666/history", user=world.worker)
    assert_problem(response, 404)
    assert b"geheim" not in response.content
    assert not AccessEntry.objects.exists()


def test_bad_limit_is_422(api, world, customer):
    path = f"/orgs/jc-test/customers/{customer.customer_number}/history"
    assert_problem(api.get(path, user=world.worker, limit=0), 422, fields=("limit",))
    assert_problem(api.get(path, user=world.worker, limit=5000), 422, fields=("limit",))
