"""FND-07, FND-03 via the API: my worklist and a team's worklist, with traffic lights, filters
and paging; the team view is for leads only."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.org.actions import record_absence
from anliegen.org.scope import scope_for
from tests.api.conftest import assert_problem, make_item

D = dt.date


@pytest.fixture
def items(world, customer, travel):  # type: ignore[no-untyped-def]
    """On 2026-11-23: a red, an amber and a green item for the worker; one for worker2."""
    travel("2026-11-16 09:00")
    red = make_item(
        world, assignee=world.worker, due=D(2026, 11, 20), title="Überfällig", priority=2
    )
    amber = make_item(
        world,
        assignee=world.worker,
        due=D(2026, 11, 24),
        title="Bald fällig",
        customer=customer,
        kind="callback",
        priority=1,
    )
    green = make_item(world, assignee=world.worker, due=D(2026, 12, 18), title="Später", priority=1)
    theirs = make_item(world, assignee=world.worker2, due=D(2026, 12, 1), title="Kollegin")
    travel("2026-11-23 09:00")
    return {"red": red, "amber": amber, "green": green, "theirs": theirs}


def test_my_worklist_with_lights_most_urgent_first(api, world, customer, items):
    """FND-07, issue 9: by default overdue first, then amber, then green (CONTRACT.md)."""
    response = api.get("/orgs/jc-test/worklist", user=world.worker)
    assert response.status_code == 200
    body = response.json()
    assert [i["id"] for i in body] == [items["red"].id, items["amber"].id, items["green"].id]
    assert [i["traffic_light"] for i in body] == ["red", "amber", "green"]
    assert response["X-Total-Count"] == "3"
    by_priority = api.get("/orgs/jc-test/worklist?sort=priority", user=world.worker).json()
    assert [i["traffic_light"] for i in by_priority] == ["amber", "green", "red"]
    first = body[1]
    assert {
        k: first[k]
        for k in (
            "kind",
            "title",
            "due_date",
            "priority",
            "customer_number",
            "assignee",
            "team",
            "status",
        )
    } == {
        "kind": "callback",
        "title": "Bald fällig",
        "due_date": "2026-11-24",
        "priority": 1,
        "customer_number": customer.customer_number,
        "assignee": "worker",
        "team": world.team.id,
        "status": "open",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"light": "red"}, ["red"]),
        ({"light": ["red", "amber"]}, ["red", "amber"]),
        ({"kind": "callback"}, ["amber"]),
        ({"q": "Später"}, ["green"]),
        ({"sort": "due"}, ["red", "amber", "green"]),
        ({"limit": 1, "offset": 1}, ["amber"]),
    ],
)
def test_filters_sort_and_paging(api, world, items, params, expected):
    body = api.get("/orgs/jc-test/worklist", user=world.worker, **params).json()
    assert [i["id"] for i in body] == [items[name].id for name in expected]


def test_search_by_customer_number(api, world, customer, items):
    body = api.get("/orgs/jc-test/worklist", user=world.worker, q=customer.customer_number).json()
    assert [i["id"] for i in body] == [items["amber"].id]


def test_deputy_sees_the_absent_colleagues_items(api, world, items):
    """FND-03: while worker2 is away, their items are in their deputy's worklist."""
    record_absence(
        actor=world.worker2,
        scope=scope_for(world.worker2, world.org),
        person=world.worker2,
        start=D(2026, 11, 23),
        end=D(2026, 11, 27),
        deputy=world.worker,
    )
    ids = [i["id"] for i in api.get("/orgs/jc-test/worklist", user=world.worker).json()]
    assert items["theirs"].id in ids


def test_a_provider_has_an_empty_worklist(api, world, items):
    assert api.get("/orgs/jc-test/worklist", user=world.provider).json() == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"light": "purple"}, "light"),
        ({"kind": "memo"}, "kind"),
        ({"sort": "random"}, "sort"),
        ({"limit": 1001}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_filters_are_422(api, world, items, params, field):
    body = assert_problem(
        api.get("/orgs/jc-test/worklist", user=world.worker, **params),
        422,
        "Die Eingabe ist ungültig.",
    )
    assert any(key.startswith(field) for key in body["errors"]), body


def test_other_organisation_is_404(api, world, other, items):
    assert_problem(api.get("/orgs/jc-other/worklist", user=world.worker), 404)


# --- Team worklist ---------------------------------------------------------------------------


def test_team_lead_sees_the_team_worklist(api, world, items):
    response = api.get(f"/orgs/jc-test/teams/{world.team.id}/worklist", user=world.tl)
    assert response.status_code == 200
    assert {i["id"] for i in response.json()} == {item.id for item in items.values()}
    assert response["X-Total-Count"] == "4"


def test_team_worklist_filtered_by_assignee(api, world, items):
    body = api.get(
        f"/orgs/jc-test/teams/{world.team.id}/worklist", user=world.deputy, assignee="worker2"
    ).json()
    assert [i["id"] for i in body] == [items["theirs"].id]


def test_unknown_assignee_filter_is_422(api, world, items):
    response = api.get(
        f"/orgs/jc-test/teams/{world.team.id}/worklist", user=world.tl, assignee="niemand"
    )
    assert_problem(response, 422, fields=("assignee",))


def test_area_management_sees_its_area_only(api, world, items):
    """FND-02: the BL of integration sees the integration team, not the benefits team."""
    assert (
        api.get(
            f"/orgs/jc-test/teams/{world.team_integration.id}/worklist", user=world.bl
        ).status_code
        == 200
    )
    assert_problem(api.get(f"/orgs/jc-test/teams/{world.team.id}/worklist", user=world.bl), 403)


def test_a_case_worker_may_not_open_the_team_worklist(api, world, items):
    response = api.get(f"/orgs/jc-test/teams/{world.team.id}/worklist", user=world.worker)
    assert_problem(response, 403, "Dazu sind Sie nicht berechtigt.")
    assert b"Kollegin" not in response.content


def test_another_organisations_team_is_404(api, world, other, items):
    assert_problem(api.get(f"/orgs/jc-test/teams/{other.team.id}/worklist", user=world.tl), 404)
    assert_problem(api.get(f"/orgs/jc-other/teams/{other.team.id}/worklist", user=world.tl), 404)
