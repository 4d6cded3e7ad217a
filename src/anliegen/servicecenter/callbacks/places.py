"""Service places of the OS teams (*ATV-Serviceplätze*, SOC-05): create and edit a place, set its
weekly windows, add and remove exceptions for single days. The one write path for places; the
API and the place pages call these.

The team's leads (TL, stv. TL), the OS area's management and the region's management manage the
places of a team. Changing windows never touches booked callbacks: they were promised to the
customer and stay until they are moved or cancelled.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.core.text import bad_character, character_message
from anliegen.org.models import Membership, Team, User
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks.checks import raise_errors
from anliegen.servicecenter.callbacks.models import PlaceException, PlaceWindow, ServicePlace

MAX_WINDOWS = 50


@dataclass(frozen=True)
class WindowSpec:
    weekday: int
    start: dt.time
    end: dt.time


def may_manage(scope: Scope, team: Team) -> bool:
    if team.organisation_id != scope.organisation.id:
        return False
    if scope.org_wide or scope.may_lead_team(team.id):
        return True
    return team.area_id in scope.area_ids


def places_visible_to(scope: Scope) -> QuerySet[ServicePlace]:
    """The places of the region's OS teams: the service centre books into all of them; OS staff
    see their own teams' places."""
    places = ServicePlace.objects.filter(organisation=scope.organisation).select_related(
        "team", "person"
    )
    if scope.org_wide or queries.is_sc_staff(scope):
        return places
    return places.filter(team_id__in=queries.os_team_ids(scope))


def get_place_for(scope: Scope, place_id: object) -> ServicePlace:
    try:
        return places_visible_to(scope).get(id=int(str(place_id)))
    except (ServicePlace.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("Service place not found.")) from None


def _ensure(scope: Scope | None, team: Team) -> None:
    if scope is not None and not may_manage(scope, team):
        raise Forbidden(_("Only the team's leads manage its service places."))


def _place_errors(
    team: Team,
    *,
    name: str,
    person: User | None,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
    exclude: int | None = None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the place a name.")
    elif len(name) > 100:
        errors["name"] = _("The name is too long (at most 100 characters).")
    elif bad_character(name, multiline=False) is not None:
        errors["name"] = character_message(bad_character(name, multiline=False) or "")
    else:
        same = ServicePlace.objects.filter(team=team, name=name)
        if exclude is not None:
            same = same.exclude(id=exclude)
        if same.exists():
            errors["name"] = _("The team already has a place of this name.")
    if valid_from is None:
        errors["valid_from"] = _("Enter from when the place is valid.")
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The place cannot end before it begins.")
    if person is not None and not Membership.objects.filter(team=team, user=person).exists():
        errors["person"] = _("The person behind a place must be a member of the team.")
    return errors


@transaction.atomic
def create_place(
    *,
    scope: Scope | None,
    team: Team,
    name: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    person: User | None = None,
    actor: User | None = None,
) -> ServicePlace:
    """A new service place of an OS team (no windows yet)."""
    organisation = team.organisation
    if not queries.os_teams(organisation).filter(id=team.id).exists():
        message = _("This team is no operative-service team of the region.")
        raise InvalidInput(message, errors={"team": message})
    _ensure(scope, team)
    name = name.strip()
    raise_errors(
        _place_errors(
            team, name=name, person=person, valid_from=valid_from, valid_until=valid_until
        )
    )
    place = ServicePlace.objects.create(
        organisation=organisation,
        team=team,
        name=name,
        person=person,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    record(
        actor=actor,
        organisation=organisation,
        action="servicecenter.place_created",
        obj=place,
        new=_snapshot(place),
    )
    return place


def _snapshot(place: ServicePlace) -> dict[str, object]:
    return {
        "team": place.team_id,
        "name": place.name,
        "person": place.person_id,
        "valid_from": place.valid_from.isoformat() if place.valid_from else None,
        "valid_until": place.valid_until.isoformat() if place.valid_until else None,
    }


@transaction.atomic
def update_place(
    place: ServicePlace,
    *,
    scope: Scope | None,
    name: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    person: User | None = None,
    actor: User | None = None,
) -> ServicePlace:
    """Rename a place, change the person behind it or its validity."""
    locked = (
        ServicePlace.objects.select_for_update(of=("self",)).select_related("team").get(id=place.id)
    )
    _ensure(scope, locked.team)
    name = name.strip()
    raise_errors(
        _place_errors(
            locked.team,
            name=name,
            person=person,
            valid_from=valid_from,
            valid_until=valid_until,
            exclude=locked.id,
        )
    )
    old = _snapshot(locked)
    locked.name, locked.person, locked.valid_from, locked.valid_until = (
        name,
        person,
        valid_from,
        valid_until,
    )
    locked.save(update_fields=["name", "person", "valid_from", "valid_until"])
    record(
        actor=actor,
        organisation=locked.organisation,
        action="servicecenter.place_changed",
        obj=locked,
        old=old,
        new=_snapshot(locked),
    )
    return locked


def _window_errors(windows: Sequence[WindowSpec]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(windows) > MAX_WINDOWS:
        errors["windows"] = _("At most 50 windows per place.")
        return errors
    by_day: dict[int, list[WindowSpec]] = {}
    for position, window in enumerate(windows):
        key = f"windows.{position}"
        if not 0 <= window.weekday <= 6:
            errors[key] = _("The weekday is 0 (Monday) to 6 (Sunday).")
        elif window.end <= window.start:
            errors[key] = _("A window must end after it starts.")
        else:
            by_day.setdefault(window.weekday, []).append(window)
    for spans in by_day.values():
        spans.sort(key=lambda w: w.start)
        for before, after in itertools.pairwise(spans):
            if after.start < before.end:
                errors["windows"] = _("Two windows of one weekday overlap (%(a)s and %(b)s).") % {
                    "a": f"{before.start:%H:%M}–{before.end:%H:%M}",
                    "b": f"{after.start:%H:%M}–{after.end:%H:%M}",
                }
    return errors


@transaction.atomic
def set_windows(
    place: ServicePlace,
    windows: Sequence[WindowSpec],
    *,
    scope: Scope | None,
    actor: User | None = None,
) -> list[PlaceWindow]:
    """Replace the place's weekly windows (wall time in Europe/Berlin)."""
    locked = (
        ServicePlace.objects.select_for_update(of=("self",)).select_related("team").get(id=place.id)
    )
    _ensure(scope, locked.team)
    raise_errors(_window_errors(windows))
    old = [
        [w.weekday, f"{w.start:%H:%M}", f"{w.end:%H:%M}"]
        for w in locked.windows.order_by("weekday", "start")
    ]
    locked.windows.all().delete()
    created = PlaceWindow.objects.bulk_create(
        PlaceWindow(place=locked, weekday=w.weekday, start=w.start, end=w.end)
        for w in sorted(windows, key=lambda w: (w.weekday, w.start))
    )
    record(
        actor=actor,
        organisation=locked.organisation,
        action="servicecenter.place_windows",
        obj=locked,
        old={"windows": old},
        new={"windows": [[w.weekday, f"{w.start:%H:%M}", f"{w.end:%H:%M}"] for w in created]},
    )
    return list(locked.windows.order_by("weekday", "start"))


@transaction.atomic
def add_exception(
    place: ServicePlace,
    *,
    day: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
    note: str = "",
    scope: Scope | None,
    actor: User | None = None,
) -> PlaceException:
    """A day that differs from the weekly pattern: closed (no times), or open from ``start`` to
    ``end`` instead of the weekly windows (several such windows may be added for one day)."""
    locked = (
        ServicePlace.objects.select_for_update(of=("self",)).select_related("team").get(id=place.id)
    )
    _ensure(scope, locked.team)
    note = note.strip()
    errors: dict[str, str] = {}
    if (start is None) != (end is None):
        errors["end"] = _("Give both times of the window, or none for a closed day.")
    elif start is not None and end is not None and end <= start:
        errors["end"] = _("A window must end after it starts.")
    if len(note) > 200:
        errors["note"] = _("The note is too long (at most 200 characters).")
    elif bad_character(note, multiline=False) is not None:
        errors["note"] = character_message(bad_character(note, multiline=False) or "")
    existing = list(locked.exceptions.filter(day=day))
    if any(e.closed for e in existing) or (start is None and existing):
        errors["day"] = _("This day already has an exception; remove it first.")
    elif (
        start is not None
        and end is not None
        and any(e.start and e.end and e.start < end and start < e.end for e in existing)
    ):
        errors["start"] = _("The window overlaps another exception of this day.")
    raise_errors(errors)
    exception = PlaceException.objects.create(
        place=locked, day=day, start=start, end=end, note=note
    )
    record(
        actor=actor,
        organisation=locked.organisation,
        action="servicecenter.place_exception",
        obj=locked,
        new={
            "day": day.isoformat(),
            "start": f"{start:%H:%M}" if start else None,
            "end": f"{end:%H:%M}" if end else None,
            "note": note,
        },
    )
    return exception


@transaction.atomic
def delete_exception(
    exception: PlaceException, *, scope: Scope | None, actor: User | None = None
) -> None:
    """Remove an exception: the day follows the weekly windows again."""
    place = exception.place
    _ensure(scope, place.team)
    deleted, _rows = PlaceException.objects.filter(id=exception.id).delete()
    if not deleted:
        raise NotFound(_("Exception not found."))
    record(
        actor=actor,
        organisation=place.organisation,
        action="servicecenter.place_exception_removed",
        obj=place,
        old={"day": exception.day.isoformat()},
    )
