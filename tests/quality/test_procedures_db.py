"""QS-02 urgent walk-ins, QS-03 employer calls and call-centre notes, QS-05 continuity,
QS-06 hour bookings, QS-08 multiplier teams — actions, API and reports."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.customers.models import Customer
from anliegen.org.scope import scope_for
from anliegen.quality import reports, service_actions
from anliegen.quality.models import (
    HourBooking,
    MultiplierMember,
    MultiplierTeam,
    PracticeMeeting,
    UrgentVisit,
)
from anliegen.work import kinds
from anliegen.work.actions import complete_item
from anliegen.work.models import WorkItem
from tests.factories import make_customer


def test_urgent_visit_is_due_today_in_the_team_worklist(api, world, travel):
    """QS-02: a walk-in recorded by a case worker lands in the team's worklist, due today."""
    travel("2026-11-24 09:30")
    response = api.post(
        f"/orgs/{world.org.slug}/urgent-visits",
        {"concern": "Stromsperre angekündigt"},
        user=world.worker,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["due_date"] == "2026-11-24"
    assert body["team"] == world.team.pk
    item = WorkItem.objects.get(pk=body["item"])
    assert item.kind == "urgent_visit"
    assert item.assignee is None
    assert item.priority == 1
    team_list = api.get(f"/orgs/{world.org.slug}/teams/{world.team.pk}/worklist", user=world.tl)
    rows = [row for row in team_list.json() if row["id"] == item.pk]
    assert rows[0]["kind"] == "urgent_visit"
    assert (
        kinds.url_for(item, world.org.slug) == f"/o/{world.org.slug}/qualitaet/vorgaenge/{item.pk}/"
    )


def test_seen_the_same_day_is_counted(world, travel):
    """QS-02: the count of urgent cases seen the same day, per site and week."""
    travel("2026-11-24 09:30")
    scope = scope_for(world.worker, world.org)
    first = service_actions.record_urgent_visit(actor=world.worker, scope=scope, concern="A")
    second = service_actions.record_urgent_visit(actor=world.worker, scope=scope, concern="B")
    complete_item(actor=world.tl, scope=scope_for(world.tl, world.org), item=first.item)
    travel("2026-11-25 08:00")
    complete_item(actor=world.tl, scope=scope_for(world.tl, world.org), item=second.item)
    [line] = reports.urgent_visits(world.org, since=dt.date(2026, 11, 1))
    assert (line.recorded, line.same_day, line.week) == (2, 1, dt.date(2026, 11, 23))


def test_urgent_visit_without_concern_changes_nothing(api, world):
    response = api.post(
        f"/orgs/{world.org.slug}/urgent-visits", {"concern": " "}, user=world.worker
    )
    assert response.status_code == 422
    assert "concern" in response.json()["errors"]
    assert not UrgentVisit.objects.exists()
    assert api.post(
        f"/orgs/{world.org.slug}/urgent-visits", {"concern": "x"}, user=world.provider
    ).status_code in (403, 404)


@pytest.fixture
def employer(world):  # type: ignore[no-untyped-def]
    return make_customer(
        world,
        kind=Customer.Kind.EMPLOYER,
        company_name="Stahlbau Ennepe GmbH",
        contact_person=world.av,
        first_name="",
        last_name="",
        birth_date=None,
    )


def test_call_centre_note_is_due_next_working_day_for_the_contact_person(api, world, employer):
    """QS-03: a forwarded call's note is a work item for the employer's fixed contact person,
    due the next working day (Friday → Monday)."""
    response = api.post(
        f"/orgs/{world.org.slug}/employer-calls/notes",
        {
            "employer": employer.customer_number,
            "text": "Sucht zwei Schweißer ab Januar, bittet um Rückruf.",
            "called_at": "2026-11-27T16:45:00+01:00",
            "idempotency_key": "cc-1",
        },
        user=world.gf,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["assignee"] == world.av.username
    assert body["due_date"] == "2026-11-30"
    again = api.post(
        f"/orgs/{world.org.slug}/employer-calls/notes",
        {
            "employer": employer.customer_number,
            "text": "x",
            "called_at": "2026-11-27T16:45:00+01:00",
            "idempotency_key": "cc-1",
        },
        user=world.gf,
    )
    assert again.json()["item"] == body["item"]
    assert WorkItem.objects.filter(kind="call_centre_note").count() == 1
    worklist = api.get(f"/orgs/{world.org.slug}/worklist", user=world.av).json()
    assert any(row["id"] == body["item"] for row in worklist)


def test_call_share_per_week(api, world, employer):
    """QS-03: calls taken by placement officers against forwarded, per week."""
    slug = world.org.slug
    for taken_by in (world.av.username, world.av.username, None):
        response = api.post(
            f"/orgs/{slug}/employer-calls",
            {"at": "2026-11-24T10:00:00+01:00", "taken_by": taken_by},
            user=world.gf,
        )
        assert response.status_code == 201
    api.post(
        f"/orgs/{slug}/employer-calls/notes",
        {
            "employer": employer.customer_number,
            "text": "Rückruf",
            "called_at": "2026-11-25T09:00:00+01:00",
        },
        user=world.gf,
    )
    report = api.get(
        f"/orgs/{slug}/employer-calls/report", user=world.gf, since="2026-11-01"
    ).json()
    assert report == [{"week": "2026-11-23", "taken": 2, "forwarded": 2, "share_taken": 0.5}]
    bad = api.post(
        f"/orgs/{slug}/employer-calls",
        {"at": "2026-11-24T10:00:00+01:00", "taken_by": "niemand"},
        user=world.gf,
    )
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("employer_hours", "other_hours", "field"),
    [("-1", "20", "employer_hours"), ("30", "30.5", "other_hours"), ("61", "0", "other_hours")],
)
def test_bad_hour_bookings_change_nothing(api, world, employer_hours, other_hours, field):
    """QS-06 bad input: negative hours or more than 60 a week → German 422, nothing stored."""
    response = api.send(
        "put",
        f"/orgs/{world.org.slug}/hour-bookings/2026-11-25",
        {"employer_hours": employer_hours, "other_hours": other_hours},
        user=world.av,
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not HourBooking.objects.exists()


def test_hour_bookings_and_planned_share(api, world):
    """QS-06: weekly bookings (again replaces), 60 h exactly allowed; the team lead sees the
    recorded against the planned share."""
    slug = world.org.slug
    ok = api.send(
        "put",
        f"/orgs/{slug}/hour-bookings/2026-11-25",
        {"employer_hours": 20, "other_hours": 20},
        user=world.av,
    )
    assert ok.status_code == 200
    assert ok.json()["week"] == "2026-11-23"
    api.send(
        "put",
        f"/orgs/{slug}/hour-bookings/2026-11-23",
        {"employer_hours": 10, "other_hours": 30},
        user=world.av,
    )
    sixty = api.send(
        "put",
        f"/orgs/{slug}/hour-bookings/2026-11-30",
        {"employer_hours": 30, "other_hours": 30},
        user=world.av,
    )
    assert sixty.status_code == 200
    assert HourBooking.objects.count() == 2
    report = api.get(
        f"/orgs/{slug}/quality/employer-share", user=world.tl_integration, since="2026-11-01"
    ).json()
    [team] = report
    assert team["name"] == world.team_integration.name
    assert team["employer_hours"] == 40.0
    assert team["total_hours"] == 100.0
    assert team["recorded_share"] == 0.4
    assert team["planned_share"] == 0.5
    assert team["officers"][0]["recorded_share"] == 0.4
    assert (
        api.send(
            "put",
            f"/orgs/{slug}/hour-bookings/2026-11-23",
            {"employer_hours": 1, "other_hours": 1},
            user=world.worker,
        ).status_code
        == 403
    )
    assert api.get(f"/orgs/{slug}/quality/employer-share", user=world.av).status_code == 403


def test_continuity_counts_changes_per_customer_and_year(api, world, travel):
    """QS-05: two changes of contact person in a year are listed; customers without one too."""
    travel("2026-03-01 10:00")
    customer = make_customer(world, contact_person=world.worker)
    make_customer(world, customer_number="999", contact_person=None)
    for person in (world.worker2, world.worker):
        response = api.patch(
            f"/orgs/{world.org.slug}/customers/{customer.customer_number}",
            {"contact_person": person.username},
            user=world.gf,
        )
        assert response.status_code == 200, response.content
    result = reports.continuity(world.org, year=2026)
    [team] = [t for t in result.teams if t.team == world.team.name]
    assert team.changes == 2
    assert [(c.pk, n) for c, n in team.changed_twice] == [(customer.pk, 2)]
    assert [c.customer_number for c in result.without_contact] == ["999"]
    assert reports.continuity(world.org, year=2025).teams[0].changes == 0


def test_multiplier_team_shows_missing_sites_and_meetings(as_user, world, second):
    """QS-08: one fixed member per site; the page names the site without a member and the
    Praxistreffen with participants."""
    team = MultiplierTeam.objects.create(organisation=world.org, name="MT Arbeitsvermittlung")
    MultiplierMember.objects.create(team=team, site=world.site, user=world.av)
    meeting = PracticeMeeting.objects.create(
        team=team, date=dt.date(2026, 11, 12), topic="Matching"
    )
    meeting.participants.add(world.av, world.tl_integration)
    [line] = reports.multiplier_teams(world.org)
    assert [s.name for s in line.missing] == ["Nebenstelle"]
    page = as_user(world.gf).get(f"/o/{world.org.slug}/qualitaet/berichte/").content.decode()
    assert "Praxistreffen am 12.11.2026" in page
    assert "Nebenstelle" in page
    overview = as_user(world.gf).get(f"/o/{world.org.slug}/qualitaet/").content.decode()
    assert "kein Mitglied in: MT Arbeitsvermittlung" in overview


def test_reports_page_and_item_page(as_user, world, employer):
    scope = scope_for(world.worker, world.org)
    visit = service_actions.record_urgent_visit(
        actor=world.worker, scope=scope, concern="Mietschulden"
    )
    client = as_user(world.tl)
    page = client.get(f"/o/{world.org.slug}/qualitaet/vorgaenge/{visit.item.pk}/")
    assert page.status_code == 200
    assert "Mietschulden" in page.content.decode()
    client.post(f"/o/{world.org.slug}/qualitaet/vorgaenge/{visit.item.pk}/erledigen/")
    assert WorkItem.objects.get(pk=visit.item.pk).status == "done"
    reports_page = as_user(world.gf).get(f"/o/{world.org.slug}/qualitaet/berichte/")
    assert reports_page.status_code == 200
    assert (
        "Montag, Dienstag, Mittwoch, Donnerstag, Freitag: 08:00–17:00"
        in reports_page.content.decode()
    )


def test_urgent_and_hours_pages(as_user, world):
    page = as_user(world.worker).post(
        f"/o/{world.org.slug}/qualitaet/dringend/",
        {"concern": "Obdachlosigkeit droht"},
        follow=True,
    )
    assert "fällig heute" in page.content.decode()
    assert UrgentVisit.objects.count() == 1
    hours = as_user(world.av).post(
        f"/o/{world.org.slug}/qualitaet/stunden/",
        {"week": "2026-11-25", "employer_hours": "70", "other_hours": "0"},
    )
    assert hours.status_code == 422
    assert "Höchstens 60 Stunden pro Woche" in hours.content.decode()
    assert as_user(world.worker).get(f"/o/{world.org.slug}/qualitaet/stunden/").status_code == 404


def test_call_note_shows_in_the_officers_worklist_page(as_user, api, world, employer):
    """QS-03: the note is in the contact person's Postkorb. (The link to its page comes from
    ``work.kinds.url_for`` once the web worklist asks the registry; the API and the kind's
    ``url`` are tested above.)"""
    response = api.post(
        f"/orgs/{world.org.slug}/employer-calls/notes",
        {
            "employer": employer.customer_number,
            "text": "Bittet um Rückruf wegen Praktikumsplätzen.",
            "called_at": "2026-11-24T11:00:00+01:00",
        },
        user=world.gf,
    )
    item = response.json()["item"]
    page = as_user(world.av).get(f"/o/{world.org.slug}/postkorb/").content.decode()
    assert WorkItem.objects.get(pk=item).assignee == world.av
    assert "Notiz des Callcenters: Stahlbau Ennepe GmbH" in page


def test_employer_reachability_rule_data(api, world, travel):
    """QS-03: Monday–Friday 8:00–17:00 by default; management sets a new version; bad input
    (closing before opening, no weekday) is refused in German and changes nothing."""
    travel("2026-11-24 10:00")
    path = f"/orgs/{world.org.slug}/quality/employer-reachability"
    default = api.get(path, user=world.worker).json()
    assert default["weekdays"] == [0, 1, 2, 3, 4]
    assert (default["opens"], default["closes"]) == ("08:00:00", "17:00:00")
    body = {"weekdays": [0, 1, 2, 3, 4], "opens": "07:30", "closes": "17:00"}
    assert api.send("put", path, body, user=world.tl).status_code == 403
    assert api.send("put", path, body, user=world.gf).status_code == 200
    assert api.get(path, user=world.worker).json()["opens"] == "07:30:00"
    bad = api.send("put", path, {**body, "opens": "18:00"}, user=world.gf)
    assert bad.status_code == 422
    assert "closes" in bad.json()["errors"]
    assert api.send("put", path, {**body, "weekdays": []}, user=world.gf).status_code == 422
    assert api.get(path, user=world.worker).json()["opens"] == "07:30:00"
