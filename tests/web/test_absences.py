"""FND-03: recording and deleting absences, the standing deputy (NFR-04 bad input)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.org.actions import record_absence
from anliegen.org.models import Absence
from anliegen.org.scope import scope_for
from tests.web.helpers import heading, html


@pytest.fixture
def url(world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    return f"/o/{world.org.slug}/abwesenheiten/"


def _absent(world, person, start="2026-12-01", end="2026-12-05", deputy=None):  # type: ignore[no-untyped-def]
    return record_absence(
        actor=person,
        scope=scope_for(person, world.org),
        person=person,
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
        deputy=deputy,
    )


def test_page_lists_my_absences(as_user, world, url):  # type: ignore[no-untyped-def]
    _absent(world, world.worker, deputy=world.worker2)
    response = as_user(world.worker).get(url)
    assert heading(response) == "Abwesenheiten und Vertretungen"
    page = html(response)
    assert "Di, 01.12.2026" in page
    assert "Worker2 Test" in page
    assert "Aktuelle und geplante Abwesenheiten in meinen Teams" not in page


def test_team_lead_sees_the_team_absences(as_user, world, url):  # type: ignore[no-untyped-def]
    _absent(world, world.worker)
    page = html(as_user(world.tl).get(url))
    assert "Aktuelle und geplante Abwesenheiten in meinen Teams" in page
    assert '<th scope="row">Worker Test</th>' in page


def test_record_my_absence(as_user, world, url):  # type: ignore[no-untyped-def]
    data = {
        "person": world.worker.id,
        "start": "2026-12-01",
        "end": "2026-12-03",
        "deputy": world.worker2.id,
    }
    response = as_user(world.worker).post(url, data, follow=True)
    assert "Die Abwesenheit wurde eingetragen." in html(response)
    absence = Absence.objects.get()
    assert (absence.user, absence.deputy, absence.end) == (
        world.worker,
        world.worker2,
        dt.date(2026, 12, 3),
    )


def test_missing_start_is_a_german_error(as_user, world, url):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).post(
        url, {"person": world.worker.id, "start": "", "end": "2026-12-03"}
    )
    page = html(response)
    assert '<p class="field__error" id="id_start-error">' in page
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert not Absence.objects.exists()


def test_end_before_start_is_rejected(as_user, world, url):  # type: ignore[no-untyped-def]
    data = {"person": world.worker.id, "start": "2026-12-03", "end": "2026-12-01"}
    page = html(as_user(world.worker).post(url, data))
    assert '<p class="field__error" id="id_end-error">' in page
    assert not Absence.objects.exists()


def test_own_deputy_is_rejected(as_user, world, url):  # type: ignore[no-untyped-def]
    data = {
        "person": world.worker.id,
        "start": "2026-12-01",
        "end": "2026-12-03",
        "deputy": world.worker.id,
    }
    page = html(as_user(world.worker).post(url, data))
    assert '<p class="field__error" id="id_deputy-error">' in page
    assert not Absence.objects.exists()


def test_workers_cannot_record_absences_of_others(as_user, world, url):  # type: ignore[no-untyped-def]
    data = {"person": world.worker2.id, "start": "2026-12-01", "end": "2026-12-03"}
    page = html(as_user(world.worker).post(url, data))
    assert '<p class="field__error" id="id_person-error">' in page  # not among the choices
    assert not Absence.objects.exists()


def test_team_lead_records_an_absence_for_a_team_member(as_user, world, url):  # type: ignore[no-untyped-def]
    data = {
        "person": world.worker.id,
        "start": "2026-12-01",
        "end": "2026-12-03",
        "deputy": world.tl.id,
    }
    as_user(world.tl).post(url, data)
    assert Absence.objects.get().user == world.worker


def test_delete_asks_for_confirmation(as_user, world, url):  # type: ignore[no-untyped-def]
    absence = _absent(world, world.worker)
    client = as_user(world.worker)
    delete_url = f"{url}{absence.id}/loeschen/"
    confirm = client.get(delete_url)
    assert heading(confirm) == "Abwesenheit löschen"
    assert Absence.objects.exists()
    response = client.post(delete_url, follow=True)
    assert "Die Abwesenheit wurde gelöscht." in html(response)
    assert not Absence.objects.exists()


def test_absences_of_others_cannot_be_deleted(as_user, world, url):  # type: ignore[no-untyped-def]
    absence = _absent(world, world.worker)
    assert as_user(world.worker2).post(f"{url}{absence.id}/loeschen/").status_code == 404
    assert Absence.objects.exists()


def test_set_standing_deputy(as_user, world, url):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    response = client.post(f"{url}vertretung/", {"deputy": world.worker2.id}, follow=True)
    assert "Ihre ständige Vertretung wurde gespeichert." in html(response)
    world.worker.refresh_from_db()
    assert world.worker.deputy == world.worker2
    client.post(f"{url}vertretung/", {"deputy": ""})
    world.worker.refresh_from_db()
    assert world.worker.deputy is None


def test_standing_deputy_must_be_staff_of_the_organisation(as_user, world, other, url):  # type: ignore[no-untyped-def]
    page = html(as_user(world.worker).post(f"{url}vertretung/", {"deputy": other.worker.id}))
    assert '<p class="field__error" id="id_deputy-error">' in page
    world.worker.refresh_from_db()
    assert world.worker.deputy is None
