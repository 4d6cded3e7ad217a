"""Issue 9, FND-08 via the API (CONTRACT.md): ``follow-ups/{id}/complete`` with a note → 200,
it leaves the worklist, again → 409; ``follow-ups/{id}/postpone`` → 200 with ``due_date`` the
new date; every worklist entry carries the ``url`` of its page."""

from __future__ import annotations

import pytest

from anliegen.work.models import Status, WorkItem
from tests.api.conftest import assert_problem


@pytest.fixture
def follow_up(api, world, customer, travel):  # type: ignore[no-untyped-def]
    """Set on Monday 23.11.2026 for Tuesday; on Thursday 26.11. it is red."""
    travel("2026-11-23 09:00")
    body = {
        "date": "2026-11-24",
        "note": "Nachweis anfordern",
        "customer_number": customer.customer_number,
    }
    response = api.post("/orgs/jc-test/follow-ups", body, world.worker)
    assert response.status_code == 201, response.content
    travel("2026-11-26 09:00")
    return response.json()


def test_worklist_entries_carry_the_url_of_their_page(api, world, follow_up):  # type: ignore[no-untyped-def]
    (entry,) = api.get("/orgs/jc-test/worklist", user=world.worker).json()
    assert entry["traffic_light"] == "red"
    assert entry["url"] == f"/o/jc-test/vorgaenge/{follow_up['id']}/"
    assert entry["kind_label"] == "Wiedervorlage"


def test_complete_a_follow_up_then_again_409(api, world, follow_up):  # type: ignore[no-untyped-def]
    url = f"/orgs/jc-test/follow-ups/{follow_up['id']}/complete"
    response = api.post(url, {"note": "Nachweis liegt vor."}, world.worker)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done"
    assert api.get("/orgs/jc-test/worklist", user=world.worker).json() == []
    again = api.post(url, {"note": "Nochmal"}, world.worker)
    assert again.status_code == 409


def test_complete_needs_a_note(api, world, follow_up):  # type: ignore[no-untyped-def]
    url = f"/orgs/jc-test/follow-ups/{follow_up['id']}/complete"
    response = api.post(url, {"note": "  "}, world.worker)
    assert_problem(response, 422)
    assert WorkItem.objects.get(id=follow_up["id"]).status == Status.OPEN


def test_postpone_a_follow_up(api, world, follow_up):  # type: ignore[no-untyped-def]
    url = f"/orgs/jc-test/follow-ups/{follow_up['id']}/postpone"
    response = api.post(url, {"date": "2026-12-02", "note": "Kunde im Urlaub"}, world.worker)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["due_date"] == data["visible_from"] == "2026-12-02"
    assert data["warning"] is None
    assert api.get("/orgs/jc-test/worklist", user=world.worker).json() == []


def test_postpone_to_a_sunday_is_accepted_with_a_warning(api, world, follow_up):  # type: ignore[no-untyped-def]
    """Defect 7: the API answers with the next working day as a warning."""
    url = f"/orgs/jc-test/follow-ups/{follow_up['id']}/postpone"
    response = api.post(url, {"date": "2026-11-29"}, world.worker)
    assert response.status_code == 200, response.content
    assert "kein Arbeitstag" in response.json()["warning"]
    assert "Montag, 30.11.2026" in response.json()["warning"]


def test_postpone_into_the_past_is_refused(api, world, follow_up):  # type: ignore[no-untyped-def]
    url = f"/orgs/jc-test/follow-ups/{follow_up['id']}/postpone"
    response = api.post(url, {"date": "2026-11-01"}, world.worker)
    assert_problem(response, 422)
    assert WorkItem.objects.get(id=follow_up["id"]).due_date.isoformat() == "2026-11-24"


def test_only_follow_ups_and_only_visible_ones(api, world, follow_up):  # type: ignore[no-untyped-def]
    ticket = WorkItem.objects.create(
        organisation=world.org,
        kind="ticket",
        title="Ticket",
        assignee=world.worker,
        received_at=WorkItem.objects.get(id=follow_up["id"]).received_at,
        start_date=WorkItem.objects.get(id=follow_up["id"]).start_date,
    )
    response = api.post(
        f"/orgs/jc-test/follow-ups/{ticket.id}/complete", {"note": "x"}, world.worker
    )
    assert_problem(response, 404)
    foreign = api.post(
        f"/orgs/jc-test/follow-ups/{follow_up['id']}/complete", {"note": "x"}, world.worker2
    )
    assert_problem(foreign, 404)


def test_notifications_carry_the_url_of_their_item(api, world, follow_up):  # type: ignore[no-untyped-def]
    """Issue 9: notifications link to their item (via the kind registry)."""
    from anliegen.work.notify import notify

    item = WorkItem.objects.get(id=follow_up["id"])
    notify(user=world.worker, organisation=world.org, kind="follow_up_due", item=item)
    (note,) = api.get("/orgs/jc-test/notifications", user=world.worker).json()
    assert note["item_url"] == f"/o/jc-test/vorgaenge/{item.id}/"
