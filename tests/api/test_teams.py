"""FND-02 via the API: ``GET /api/v1/orgs/{org}/teams`` with leads, deputies and members."""

from __future__ import annotations

from tests.api.conftest import assert_problem


def test_teams_with_lead_deputy_and_members(api, world):
    response = api.get("/orgs/jc-test/teams", user=world.worker)
    assert response.status_code == 200
    teams = {t["name"]: t for t in response.json()}
    assert teams["Leistung 1"] == {
        "id": world.team.id,
        "name": "Leistung 1",
        "area": "benefits",
        "area_name": "Leistung",
        "lead": "tl",
        "deputy_lead": "deputy",
        "members": ["deputy", "tl", "worker", "worker2"],
    }
    assert teams["Integration 1"]["area"] == "integration"
    assert teams["Integration 1"]["lead"] == "tl_integration"
    assert teams["Integration 1"]["deputy_lead"] is None
    assert teams["Integration 1"]["members"] == ["av", "tl_integration"]


def test_inactive_staff_are_not_listed(api, world):
    world.worker2.is_active = False
    world.worker2.save()
    teams = {t["name"]: t for t in api.get("/orgs/jc-test/teams", user=world.tl).json()}
    assert "worker2" not in teams["Leistung 1"]["members"]


def test_other_organisation_is_404(api, world, other):
    response = api.get("/orgs/jc-other/teams", user=world.tl)
    assert_problem(response, 404)
    assert b"other_tl" not in response.content


def test_anonymous_is_401(api, world):
    assert_problem(api.get("/orgs/jc-test/teams"), 401)
