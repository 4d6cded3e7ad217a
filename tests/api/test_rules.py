"""FND-09 via the API: read the rule versions; administrators add a version; others may not."""

from __future__ import annotations

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.rules.models import RuleSet
from tests.api.conftest import assert_problem, german


def test_list_rules(api, world, travel):
    travel("2026-11-23 09:00")
    response = api.get("/orgs/jc-test/rules", user=world.worker)
    assert response.status_code == 200
    body = response.json()
    assert {r["key"] for r in body} == {"calendar", "work", "tickets", "reactions", "contacts"}
    work = next(r for r in body if r["key"] == "work")
    assert (work["version"], work["valid_from"], work["in_force"]) == (1, "2000-01-01", True)
    assert work["data"] == {"amber_share": 0.8}


def test_admin_adds_a_version(api, world, travel):
    travel("2026-11-23 09:00")
    body = {"valid_from": "2027-01-01", "data": {"amber_share": 0.7}, "note": "Gelb früher"}
    response = api.post("/orgs/jc-test/rules/work", body, world.admin)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["key"], data["version"], data["in_force"], data["created_by"]) == (
        "work",
        2,
        False,
        "admin",
    )
    assert (
        AuditEntry.objects.get(action="rules.version_created", actor=world.admin).new["version"]
        == 2
    )
    listed = api.get("/orgs/jc-test/rules", user=world.admin, key="work").json()
    assert [(r["version"], r["in_force"]) for r in listed] == [(2, False), (1, True)]
    travel("2027-01-02 09:00")
    listed = api.get("/orgs/jc-test/rules", user=world.admin, key="work").json()
    assert [(r["version"], r["in_force"]) for r in listed] == [(2, True), (1, False)]


@pytest.mark.parametrize("role", ["gf", "tl", "worker", "provider"])
def test_others_may_not_change_rules(api, world, unchanged, role):
    with unchanged():
        response = api.post(
            "/orgs/jc-test/rules/work",
            {"valid_from": "2027-01-01", "data": {"amber_share": 0.7}},
            getattr(world, role),
        )
    assert_problem(response, 403, german("Only administrators may change rules."))


@pytest.mark.parametrize(
    ("key", "body", "field"),
    [
        ("work", {"valid_from": "2027-01-01", "data": {"amber_share": 1.5}}, "data.amber_share"),
        ("work", {"valid_from": "2027-01-01", "data": {"amber": 0.5}}, "data.amber"),
        (
            "calendar",
            {"valid_from": "2027-01-01", "data": {"closing_days": ["24.12."]}},
            "data.closing_days",
        ),
        ("work", {"data": {"amber_share": 0.5}}, "valid_from"),
        ("work", {"valid_from": "2027-01-01", "data": "0.5"}, "data"),
        ("nonsense", {"valid_from": "2027-01-01", "data": {}}, "key"),
    ],
)
def test_bad_rules_are_422_and_change_nothing(api, world, unchanged, key, body, field):
    with unchanged():
        response = api.post(f"/orgs/jc-test/rules/{key}", body, world.admin)
    problem = assert_problem(response, 422)
    assert field in problem["errors"], problem
    assert not problem["errors"][field].startswith(("Input should", "Value error"))
    assert RuleSet.objects.filter(organisation=world.org).count() == 5
