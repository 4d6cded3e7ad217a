"""FND-03 via the API: record, list and delete absences; who may do it for whom."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.org.actions import record_absence
from anliegen.org.models import Absence
from anliegen.org.scope import scope_for
from tests.api.conftest import assert_problem, german


def test_record_own_absence(api, world):
    body = {"start": "2026-12-01", "end": "2026-12-05", "deputy": "worker2", "note": "Urlaub"}
    response = api.post("/orgs/jc-test/absences", body, world.worker)
    assert response.status_code == 201, response.content
    data = response.json()
    assert {k: data[k] for k in ("user", "start", "end", "deputy", "note")} == {
        "user": "worker",
        **body,
    }
    absence = Absence.objects.get(id=data["id"])
    assert (absence.user, absence.deputy) == (world.worker, world.worker2)
    assert AuditEntry.objects.filter(action="absence.created").exists()


def test_team_lead_records_for_a_member(api, world):
    response = api.post(
        "/orgs/jc-test/absences",
        {"user": "worker", "start": "2026-12-01", "end": "2026-12-01"},
        world.tl,
    )
    assert response.status_code == 201
    assert response.json()["user"] == "worker"


def test_worker_may_not_record_for_a_colleague(api, world, unchanged):
    with unchanged():
        response = api.post(
            "/orgs/jc-test/absences",
            {"user": "worker2", "start": "2026-12-01", "end": "2026-12-01"},
            world.worker,
        )
    assert_problem(response, 403, german("You may not record absences for this person."))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "2026-12-05", "end": "2026-12-01"}, "end"),
        ({"start": "2026-12-01", "end": "2028-12-01"}, "end"),
        ({"start": "2026-12-01", "end": "2026-12-05", "deputy": "worker"}, "deputy"),
        ({"start": "2026-12-01", "end": "2026-12-05", "deputy": "niemand"}, "deputy"),
        ({"start": "2026-12-01", "end": "2026-12-05", "deputy": "other_worker"}, "deputy"),
        ({"start": "2026-12-01", "end": "2026-12-05", "user": "other_worker"}, "user"),
        ({"start": "1. Dezember", "end": "2026-12-05"}, "start"),
        ({"end": "2026-12-05"}, "start"),
        ({"start": "2026-12-01", "end": "2026-12-05", "note": "x" * 201}, "note"),
    ],
)
def test_bad_absences_are_422_and_change_nothing(api, world, other, unchanged, body, field):
    with unchanged():
        response = api.post("/orgs/jc-test/absences", body, world.worker)
    assert_problem(response, 422, fields=(field,))


def test_overlap_is_rejected(api, world, unchanged):
    api.post("/orgs/jc-test/absences", {"start": "2026-12-01", "end": "2026-12-05"}, world.worker)
    with unchanged():
        response = api.post(
            "/orgs/jc-test/absences", {"start": "2026-12-04", "end": "2026-12-08"}, world.worker
        )
    assert_problem(
        response, 422, german("This person already has an absence in that period."), ("start",)
    )


def _absence(world, person, start: dt.date):  # type: ignore[no-untyped-def]
    return record_absence(
        actor=person, scope=scope_for(person, world.org), person=person, start=start, end=start
    )


def test_list_shows_what_the_caller_may_see(api, world):
    mine = _absence(world, world.worker, dt.date(2026, 12, 1))
    colleague = _absence(world, world.worker2, dt.date(2026, 12, 2))
    integration = _absence(world, world.av, dt.date(2026, 12, 3))

    def ids(who, **query):  # type: ignore[no-untyped-def]
        return [a["id"] for a in api.get("/orgs/jc-test/absences", user=who, **query).json()]

    assert ids(world.worker) == [mine.id]
    assert ids(world.tl) == [mine.id, colleague.id]
    assert ids(world.gf) == [mine.id, colleague.id, integration.id]
    assert ids(world.gf, query={"user": "worker2"}) == [colleague.id]
    assert ids(world.gf, on_or_after="2026-12-02", on_or_before="2026-12-02") == [colleague.id]


def test_delete(api, world):
    absence = _absence(world, world.worker, dt.date(2026, 12, 1))
    response = api.delete(f"/orgs/jc-test/absences/{absence.id}", world.tl)
    assert response.status_code == 204
    assert not Absence.objects.filter(id=absence.id).exists()
    assert AuditEntry.objects.filter(action="absence.deleted").exists()


def test_delete_of_an_invisible_absence_is_404(api, world, other, unchanged):
    absence = _absence(world, world.worker, dt.date(2026, 12, 1))
    with unchanged():
        assert_problem(api.delete(f"/orgs/jc-test/absences/{absence.id}", world.worker2), 404)
        assert_problem(api.delete(f"/orgs/jc-other/absences/{absence.id}", other.gf), 404)


def test_deputy_sees_but_may_not_delete(api, world, unchanged):
    """The deputy named in an absence sees it, but only the person and their leads change it."""
    absence = record_absence(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        person=world.worker,
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 1),
        deputy=world.worker2,
    )
    assert [a["id"] for a in api.get("/orgs/jc-test/absences", user=world.worker2).json()] == [
        absence.id
    ]
    with unchanged():
        assert_problem(api.delete(f"/orgs/jc-test/absences/{absence.id}", world.worker2), 403)
