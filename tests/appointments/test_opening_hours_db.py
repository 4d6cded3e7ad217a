"""QS-01: the opening hours of a site — who may change them (GF, BL for the sites of their
areas, administrators), validation with German messages, the audit log, and no overlapping
intervals even when two people add them at once."""

import datetime as dt
import threading

import pytest
from django.db import connections

from anliegen.appointments import opening_hours
from anliegen.appointments.models import OpeningHours
from anliegen.appointments.slots import free_slots
from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.models import Site
from anliegen.org.scope import scope_for
from tests.appointments.conftest import MONDAY


def add(world, user, weekday, opens, closes, site=None):
    return opening_hours.add_interval(
        actor=user,
        scope=scope_for(user, world.org),
        site=site or world.site,
        weekday=weekday,
        opens=dt.time(*opens),
        closes=dt.time(*closes),
    )


@pytest.mark.parametrize("role", ["gf", "admin", "bl"])
def test_managers_add_and_delete_intervals_audited(world, role):
    user = getattr(world, role)
    row = add(world, user, 0, (8,), (12, 30))
    add(world, user, 0, (14,), (18,))
    assert [str(r) for r in opening_hours.intervals_of(world.site)] == [
        "Montag 08:00–12:30",
        "Montag 14:00–18:00",
    ]
    opening_hours.delete_interval(
        actor=user, scope=scope_for(user, world.org), site=world.site, interval_id=row.pk
    )
    assert OpeningHours.objects.count() == 1
    actions = list(
        AuditEntry.objects.filter(action__startswith="opening_hours.")
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert actions == [
        ("opening_hours.added", user.username),
        ("opening_hours.added", user.username),
        ("opening_hours.deleted", user.username),
    ]
    assert AuditEntry.objects.get(action="opening_hours.deleted").old["opens"] == "08:00"


@pytest.mark.parametrize("role", ["worker", "tl", "office", "provider"])
def test_others_may_not(world, role):
    with pytest.raises(Forbidden):
        add(world, getattr(world, role), 0, (8,), (12,))
    assert not OpeningHours.objects.exists()


def test_area_management_only_for_the_sites_of_their_areas(world):
    branch = Site.objects.create(organisation=world.org, name="Außenstelle", state="BE")
    with pytest.raises(Forbidden):
        add(world, world.bl, 0, (8,), (12,), site=branch)
    assert list(opening_hours.sites_managed_by(scope_for(world.bl, world.org))) == [world.site]
    add(world, world.gf, 0, (8,), (12,), site=branch)


def test_site_of_another_organisation_is_not_found(world, other):
    with pytest.raises(NotFound):
        opening_hours.get_site_for(scope_for(world.gf, world.org), other.site.pk)


@pytest.mark.parametrize(
    ("opens", "closes", "field", "message"),
    [
        ((12,), (8,), "closes", "Die Schließzeit muss nach der Öffnungszeit liegen."),
        ((8,), (8,), "closes", "Die Schließzeit muss nach der Öffnungszeit liegen."),
        (
            (11,),
            (13,),
            "opens",
            "Dieser Zeitraum überschneidet sich mit 08:00–12:30 am Montag.",
        ),
    ],
)
def test_invalid_intervals_are_rejected_in_german(world, opens, closes, field, message):
    add(world, world.gf, 0, (8,), (12, 30))
    with pytest.raises(InvalidInput) as exc:
        add(world, world.gf, 0, opens, closes)
    assert exc.value.errors == {field: message}
    assert OpeningHours.objects.count() == 1
    assert AuditEntry.objects.filter(action__startswith="opening_hours.").count() == 1
    add(world, world.gf, 1, opens if opens < closes else closes, (13,))  # another weekday is fine


def test_replace_checks_everything_and_changes_nothing_on_error(world):
    add(world, world.gf, 0, (8,), (12,))
    scope = scope_for(world.gf, world.org)
    with pytest.raises(InvalidInput) as exc:
        opening_hours.replace_intervals(
            actor=world.gf,
            scope=scope,
            site=world.site,
            intervals=[(1, dt.time(8), dt.time(12)), (1, dt.time(11), dt.time(14))],
        )
    assert list(exc.value.errors) == ["intervals.1.opens"]
    assert [str(r) for r in opening_hours.intervals_of(world.site)] == ["Montag 08:00–12:00"]
    rows = opening_hours.replace_intervals(
        actor=world.gf, scope=scope, site=world.site, intervals=[(2, dt.time(9), dt.time(11))]
    )
    assert [str(r) for r in rows] == ["Mittwoch 09:00–11:00"]
    assert AuditEntry.objects.filter(action="opening_hours.replaced").count() == 1


def test_stored_hours_drive_the_free_slots(world, now):
    add(world, world.gf, 2, (9,), (11,))
    slots = free_slots(world.worker, world.org, MONDAY)
    assert [s.starts_at.strftime("%a %H:%M") for s in slots] == ["Wed 09:00", "Wed 10:00"]


@pytest.mark.django_db(transaction=True)
def test_two_managers_add_overlapping_intervals_at_once(world):
    """NFR-03: two threads, real connections: exactly one of two overlapping intervals is
    stored, the other gets the German overlap message."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user, opens, closes):
        try:
            barrier.wait()
            add(world, user, 3, opens, closes)
            outcomes.append("ok")
        except InvalidInput as exc:
            outcomes.append(exc.errors["opens"])
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(world.gf, (8,), (12,))),
        threading.Thread(target=attempt, args=(world.admin, (10,), (14,))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[1] == "ok"
    assert sorted(outcomes)[0].startswith("Dieser Zeitraum überschneidet sich mit")
    assert OpeningHours.objects.count() == 1
