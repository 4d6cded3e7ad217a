"""CONTRACT "Quality standards (QS)": sites, the opening-hours check, deviations (QS-01,
QS-07) through the API, and the warning when hours are saved."""

from __future__ import annotations

import pytest

from anliegen.org.models import Site
from anliegen.quality.models import Deviation, DeviationConsent

from .conftest import NO_AFTERNOON, set_hours

PROBLEM = "application/problem+json"


def test_sites_list_with_tandem_pointer(api, world, second):
    """CONTRACT: GET /orgs/{org}/sites → id, name, state, is_main, tandem_main."""
    second["site"].tandem_main = world.site
    second["site"].save()
    response = api.get(f"/orgs/{world.org.slug}/sites", user=world.worker)
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": world.site.pk,
            "name": "Hauptsitz",
            "state": "BE",
            "is_main": True,
            "tandem_main": None,
        },
        {
            "id": second["site"].pk,
            "name": "Nebenstelle",
            "state": "BE",
            "is_main": False,
            "tandem_main": world.site.pk,
        },
    ]


def test_sites_of_another_organisation_are_404(api, world, other):
    assert api.get(f"/orgs/{other.org.slug}/sites", user=world.gf).status_code == 404
    assert api.get(f"/orgs/{world.org.slug}/sites").status_code == 401


def test_check_reports_rule_and_german_detail(api, world):
    """QS-01: a broken rule with its code and German detail; compliant false."""
    set_hours(world.site, *NO_AFTERNOON)
    response = api.get(
        f"/orgs/{world.org.slug}/sites/{world.site.pk}/opening-hours/check", user=world.worker
    )
    body = response.json()
    assert response.status_code == 200
    assert body["compliant"] is False
    assert body["weekly_hours"] == 22.5
    assert body["violations"] == [
        {
            "rule": "afternoon",
            "detail": "Kein Nachmittag mit Öffnung bis mindestens 18:00 Uhr von Montag bis "
            "Freitag; Berufstätige brauchen mindestens einen.",
            "deviation": None,
        }
    ]


def test_default_hours_meet_the_standard(api, world):
    """A site without stored hours has the default hours, which meet QS-01."""
    body = api.get(
        f"/orgs/{world.org.slug}/sites/{world.site.pk}/opening-hours/check", user=world.gf
    ).json()
    assert body["compliant"] is True
    assert body["violations"] == []
    assert body["default_hours"] is True
    assert body["weekly_hours"] == 26.5


def test_tandem_site_is_checked_against_the_tandem_rules(api, world, second):
    """QS-01 tandem: three mornings; the main site open on the closed days."""
    second["site"].tandem_main = world.site
    second["site"].save()
    set_hours(second["site"], (0, "09:00", "11:00"), (2, "09:00", "11:00"))
    set_hours(world.site, *[(d, "08:00", "12:30") for d in (0, 2, 3, 4)], (3, "14:00", "18:00"))
    body = api.get(
        f"/orgs/{world.org.slug}/sites/{second['site'].pk}/opening-hours/check", user=world.gf
    ).json()
    assert [v["rule"] for v in body["violations"]] == ["tandem_mornings", "tandem_cover"]
    assert "Dienstag" in body["violations"][1]["detail"]
    assert body["tandem_main"] == world.site.pk


def test_deviation_flow_through_the_api(api, world):
    """CONTRACT: POST deviations → 201 proposed; consent → proposed, then agreed; the same
    person again → 409; the check then carries the deviation id and is compliant."""
    set_hours(world.site, *NO_AFTERNOON)
    slug = world.org.slug
    created = api.post(
        f"/orgs/{slug}/deviations",
        {
            "site": world.site.pk,
            "rule": "afternoon",
            "reason": "Kein Bedarf",
            "valid_from": "2020-01-01",
        },
        user=world.tl,
    )
    assert created.status_code == 201
    deviation = created.json()
    assert deviation["status"] == "proposed"
    assert deviation["valid_until"] is None
    first = api.post(f"/orgs/{slug}/deviations/{deviation['id']}/consent", user=world.gf)
    assert first.status_code == 200
    assert first.json()["status"] == "proposed"
    again = api.post(f"/orgs/{slug}/deviations/{deviation['id']}/consent", user=world.gf)
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM
    assert "bereits zugestimmt" in again.json()["detail"]
    second = api.post(f"/orgs/{slug}/deviations/{deviation['id']}/consent", user=world.tl)
    assert second.json()["status"] == "agreed"
    assert {c["side"] for c in second.json()["consents"]} == {"central", "site"}
    check = api.get(f"/orgs/{slug}/sites/{world.site.pk}/opening-hours/check", user=world.gf).json()
    assert check["compliant"] is True
    assert check["violations"][0]["deviation"] == deviation["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"valid_until": "2025-12-31"}, "valid_until"),
        ({"rule": "unknown"}, "rule"),
    ],
)
def test_bad_deviation_is_422_and_changes_nothing(api, world, body, field):
    payload = {
        "site": world.site.pk,
        "rule": "afternoon",
        "reason": "x",
        "valid_from": "2026-01-01",
    }
    payload.update(body)
    response = api.post(f"/orgs/{world.org.slug}/deviations", payload, user=world.gf)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Deviation.objects.exists()


def test_roles_without_say_get_403_and_404(api, world, other):
    slug = world.org.slug
    payload = {
        "site": world.site.pk,
        "rule": "afternoon",
        "reason": "x",
        "valid_from": "2026-01-01",
    }
    assert api.post(f"/orgs/{slug}/deviations", payload, user=world.worker).status_code == 403
    deviation = api.post(f"/orgs/{slug}/deviations", payload, user=world.gf).json()
    assert (
        api.post(
            f"/orgs/{slug}/deviations/{deviation['id']}/consent", user=world.worker
        ).status_code
        == 404
    )
    assert (
        api.post(
            f"/orgs/{other.org.slug}/deviations/{deviation['id']}/consent", user=other.gf
        ).status_code
        == 404
    )
    assert not DeviationConsent.objects.exists()


def test_saving_hours_returns_the_warning(api, world):
    """QS-01: the check runs when hours change — saved, with a German warning."""
    response = api.send(
        "put",
        f"/orgs/{world.org.slug}/sites/{world.site.pk}/opening-hours",
        {"intervals": [{"weekday": d, "opens": "08:00", "closes": "12:30"} for d in range(5)]},
        user=world.gf,
    )
    assert response.status_code == 200
    assert len(response.json()["intervals"]) == 5
    assert response.json()["warnings"] == [
        "Qualitätsstandard (Hauptsitz): Kein Nachmittag mit Öffnung bis mindestens 18:00 Uhr "
        "von Montag bis Freitag; Berufstätige brauchen mindestens einen."
    ]


def test_changing_the_main_site_warns_about_its_tandem_site(api, world, second):
    """QS-01 tandem cover: closing the main site on a day its tandem site is closed warns."""
    Site.objects.filter(pk=second["site"].pk).update(tandem_main=world.site)
    set_hours(second["site"], *[(d, "09:00", "12:00") for d in (0, 1, 2)])
    response = api.send(
        "put",
        f"/orgs/{world.org.slug}/sites/{world.site.pk}/opening-hours",
        {
            "intervals": [
                *({"weekday": d, "opens": "08:00", "closes": "13:00"} for d in range(4)),
                {"weekday": 0, "opens": "14:00", "closes": "18:00"},
            ]
        },
        user=world.gf,
    )
    warnings = response.json()["warnings"]
    assert any(w.startswith("Qualitätsstandard (Hauptsitz)") for w in warnings)
    assert any(w.startswith("Qualitätsstandard (Nebenstelle)") and "Freitag" in w for w in warnings)


def test_overview_endpoint(api, world, second):
    set_hours(world.site, *NO_AFTERNOON)
    response = api.get(f"/orgs/{world.org.slug}/quality/overview", user=world.gf)
    sites = {s["name"]: s for s in response.json()["sites"]}
    assert sites["Hauptsitz"]["state"] == "broken"
    assert sites["Hauptsitz"]["standards"][0]["standard"] == "QS-01"
    assert sites["Nebenstelle"]["standards"][0]["state"] == "met"
    assert api.get(f"/orgs/{world.org.slug}/quality/overview", user=world.worker).status_code == 403
