"""FND-08 via the API: ``POST /api/v1/orgs/{org}/follow-ups`` sets a follow-up that appears in
the owner's worklist on its date; bad input changes nothing (NFR-04)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.customers.models import HistoryEntry
from tests.api.conftest import assert_problem, german, make_item
from tests.factories import make_customer


def test_follow_up_on_a_customer(api, world, customer, travel):
    travel("2026-11-23 09:00")
    body = {
        "date": "2026-11-30",
        "note": "Unterlagen nachfragen",
        "customer_number": customer.customer_number,
    }
    response = api.post("/orgs/jc-test/follow-ups", body, world.worker)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["due_date"], data["assignee"]) == (
        "follow_up",
        "2026-11-30",
        "worker",
    )
    assert data["customer_number"] == customer.customer_number
    assert data["visible_from"] == "2026-11-30"
    assert HistoryEntry.objects.filter(customer=customer, kind="follow_up").exists()
    # Not in the worklist before its date, in it on the date.
    assert api.get("/orgs/jc-test/worklist", user=world.worker).json() == []
    travel("2026-11-30 08:00")
    ids = [i["id"] for i in api.get("/orgs/jc-test/worklist", user=world.worker).json()]
    assert ids == [data["id"]]


def test_follow_up_on_an_item_for_a_colleague(api, world, travel):
    travel("2026-11-23 09:00")
    item = make_item(world, assignee=world.worker, due=dt.date(2026, 11, 30))
    body = {
        "date": "2026-11-25",
        "note": "Rückruf prüfen",
        "item_id": item.id,
        "assignee": "worker2",
    }
    response = api.post("/orgs/jc-test/follow-ups", body, world.tl)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["parent"], data["assignee"], data["team"]) == (item.id, "worker2", world.team.id)


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        (
            {"date": "2026-11-20", "note": "x", "customer_number": "@"},
            "date",
            "The follow-up date must not lie in the past.",
        ),
        (
            {"date": "2026-11-30", "note": "  ", "customer_number": "@"},
            "note",
            "Please enter a note for the follow-up.",
        ),
        ({"date": "2026-11-30", "note": "x"}, None, "A follow-up needs a customer or a work item."),
        ({"date": "30.11.2026", "note": "x", "customer_number": "@"}, "date", None),
        ({"note": "x", "customer_number": "@"}, "date", None),
        (
            {"date": "2026-11-30", "note": "x", "customer_number": "K0000"},
            "customer_number",
            "Customer not found.",
        ),
        ({"date": "2026-11-30", "note": "x", "item_id": 999999}, "item_id", "Work item not found."),
        (
            {"date": "2026-11-30", "note": "x", "customer_number": "@", "assignee": "niemand"},
            "assignee",
            None,
        ),
        ({"date": "2026-11-30", "note": "x" * 2001, "customer_number": "@"}, "note", None),
    ],
)
def test_bad_follow_ups_are_422_and_change_nothing(
    api, world, customer, travel, unchanged, body, field, detail
):
    travel("2026-11-23 09:00")
    if body.get("customer_number") == "@":
        body = {**body, "customer_number": customer.customer_number}
    with unchanged():
        response = api.post("/orgs/jc-test/follow-ups", body, world.worker)
    assert_problem(response, 422, german(detail) if detail else None, (field,) if field else ())


def test_customer_of_another_organisation_is_not_accepted(api, world, other, travel, unchanged):
    travel("2026-11-23 09:00")
    make_customer(other, customer_number="K3333")
    with unchanged():
        response = api.post(
            "/orgs/jc-test/follow-ups",
            {"date": "2026-11-30", "note": "x", "customer_number": "K3333"},
            world.worker,
        )
    assert_problem(response, 422, fields=("customer_number",))


def test_assignee_of_another_organisation_is_not_accepted(
    api, world, other, customer, travel, unchanged
):
    travel("2026-11-23 09:00")
    body = {
        "date": "2026-11-30",
        "note": "x",
        "customer_number": customer.customer_number,
        "assignee": "other_worker",
    }
    with unchanged():
        response = api.post("/orgs/jc-test/follow-ups", body, world.worker)
    assert_problem(response, 422, fields=("assignee",))


def test_item_the_caller_cannot_see_is_rejected(api, world, travel, unchanged):
    """NFR-05: a colleague's item is invisible to another case worker; naming it in the body
    is invalid input of ``item_id`` and reveals nothing about it."""
    travel("2026-11-23 09:00")
    item = make_item(world, assignee=world.worker, due=dt.date(2026, 11, 30), title="Vertraulich")
    with unchanged():
        response = api.post(
            "/orgs/jc-test/follow-ups",
            {"date": "2026-11-30", "note": "x", "item_id": item.id},
            world.worker2,
        )
    assert_problem(response, 422, fields=("item_id",))
    assert b"Vertraulich" not in response.content
