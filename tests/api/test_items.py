"""FND-07 via the API: one work item, and reassignment by the team lead (TKT-05 groundwork)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.org.scope import scope_for
from anliegen.work.actions import complete_item
from anliegen.work.models import Notification, WorkItem
from tests.api.conftest import assert_problem, german, make_item


@pytest.fixture
def item(world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    return make_item(world, assignee=world.worker, due=dt.date(2026, 11, 30), title="Antrag prüfen")


def test_get_item(api, world, item):
    body = api.get(f"/orgs/jc-test/items/{item.id}", user=world.worker).json()
    assert (body["id"], body["title"], body["traffic_light"], body["assignee"]) == (
        item.id,
        "Antrag prüfen",
        "green",
        "worker",
    )


def test_invisible_item_is_404(api, world, other, item):
    assert_problem(
        api.get(f"/orgs/jc-test/items/{item.id}", user=world.worker2),
        404,
        german("Work item not found."),
    )
    assert_problem(api.get(f"/orgs/jc-other/items/{item.id}", user=other.gf), 404)


def test_team_lead_reassigns(api, world, item):
    response = api.post(
        f"/orgs/jc-test/items/{item.id}/reassign", {"assignee": "worker2"}, world.tl
    )
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == "worker2"
    assert WorkItem.objects.get(id=item.id).assignee == world.worker2
    assert AuditEntry.objects.filter(action="work.reassigned", object_id=str(item.id)).exists()
    assert Notification.objects.filter(user=world.worker2, item=item).exists()


def test_assignee_may_not_reassign(api, world, item, unchanged):
    with unchanged():
        response = api.post(
            f"/orgs/jc-test/items/{item.id}/reassign", {"assignee": "worker2"}, world.worker
        )
    assert_problem(response, 403, german("Only the team lead may reassign items."))
    assert WorkItem.objects.get(id=item.id).assignee == world.worker


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"assignee": "niemand"}, "assignee"),
        ({}, "assignee"),
        ({"assignee": "other_worker"}, "assignee"),
    ],
)
def test_bad_assignee_is_422(api, world, other, item, unchanged, body, field):
    with unchanged():
        response = api.post(f"/orgs/jc-test/items/{item.id}/reassign", body, world.tl)
    assert_problem(response, 422, fields=(field,))
    assert WorkItem.objects.get(id=item.id).assignee == world.worker


def test_completed_item_cannot_be_reassigned(api, world, item, unchanged):
    complete_item(actor=world.worker, scope=scope_for(world.worker, world.org), item=item)
    with unchanged():
        response = api.post(
            f"/orgs/jc-test/items/{item.id}/reassign", {"assignee": "worker2"}, world.tl
        )
    assert_problem(response, 409, german("This item is no longer open."))
