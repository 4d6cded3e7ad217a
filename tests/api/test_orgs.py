"""FND-01 via the API: ``GET /api/v1/orgs`` lists the caller's organisations with their sites."""

from __future__ import annotations

from anliegen.org.models import Site, User
from tests.api.conftest import assert_problem


def test_member_sees_only_their_organisation(api, world, other):
    response = api.get("/orgs", user=world.worker)
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "jc-test",
            "name": "Jobcenter jc-test",
            "kind": "jobcenter",
            "sites": [{"name": "Hauptsitz", "state": "BE", "is_main": True}],
        }
    ]


def test_all_sites_are_listed(api, world):
    Site.objects.create(organisation=world.org, name="Außenstelle Nord", state="BB")
    body = api.get("/orgs", user=world.gf).json()
    assert [(s["name"], s["state"]) for s in body[0]["sites"]] == [
        ("Hauptsitz", "BE"),
        ("Außenstelle Nord", "BB"),
    ]


def test_superuser_sees_every_organisation(api, world, other):
    root = User.objects.create_superuser("root", "root@example.org", "x-Passwort-123")
    slugs = [o["slug"] for o in api.get("/orgs", user=root).json()]
    assert sorted(slugs) == ["jc-other", "jc-test"]


def test_someone_in_no_organisation_gets_an_empty_list(api, db):
    loner = User.objects.create_user("loner", password="x-Passwort-123")
    assert api.get("/orgs", user=loner).json() == []


def test_anonymous_is_401(api, world):
    assert_problem(api.get("/orgs"), 401)
