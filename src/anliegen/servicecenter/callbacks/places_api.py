"""API of the OS teams' service places (SOC-05 extension): list, publish, change, windows and
exceptions. Handlers parse, call ``callbacks.places`` (the places' write path) and serialise."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, org_scope, username
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.org.models import User
from anliegen.org.scope import Scope, get_staff_for
from anliegen.servicecenter.callbacks import access
from anliegen.servicecenter.callbacks import places as callback_places
from anliegen.servicecenter.callbacks.models import (
    PlaceException,
    ServicePlace,
)

#: The same tag as the callbacks; mounted next to ``callbacks.api.router``. Operation ids are
#: pinned to those before the move into sub-packages (issue 18; CONTRACT).
router = Router(tags=["service centre: callbacks"])


# --- Service places -----------------------------------------------------------------------------


class WindowIO(Schema):
    model_config = ConfigDict(extra="forbid")
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    start: dt.time
    end: dt.time


class ExceptionOut(Schema):
    id: int
    day: dt.date
    start: dt.time | None = Field(description="null: closed that day")
    end: dt.time | None
    note: str


class PlaceOut(Schema):
    id: int
    team: int
    team_name: str
    name: str
    person: str | None
    valid_from: dt.date
    valid_until: dt.date | None
    windows: list[WindowIO]
    exceptions: list[ExceptionOut] = Field(description="From today on")


def place_out(place: ServicePlace) -> PlaceOut:
    today = clock.today()
    return PlaceOut(
        id=place.id,
        team=place.team_id,
        team_name=place.team.name,
        name=place.name,
        person=username(place.person),
        valid_from=place.valid_from,
        valid_until=place.valid_until,
        windows=[
            WindowIO(weekday=w.weekday, start=w.start, end=w.end)
            for w in place.windows.order_by("weekday", "start")
        ],
        exceptions=[
            ExceptionOut(id=e.id, day=e.day, start=e.start, end=e.end, note=e.note)
            for e in place.exceptions.filter(day__gte=today).order_by("day", "start")
        ],
    )


@router.get(
    "/orgs/{org}/service-places",
    operation_id="anliegen_servicecenter_callback_api_list_places",
    response={200: list[PlaceOut], **error_responses(401, 404)},
    summary="Extension: the OS teams' service places with windows and exceptions (SOC-05)",
)
def list_places(request: HttpRequest, org: str, team: int | None = None) -> list[PlaceOut]:
    scope = org_scope(request, org)
    places = callback_places.places_visible_to(scope).order_by("team__name", "name", "id")
    if team is not None:
        places = places.filter(team_id=team)
    return [place_out(p) for p in places]


class PlaceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    team: int
    name: str = Field(max_length=100)
    person: str | None = Field(None, description="username of the person behind the place")
    valid_from: dt.date
    valid_until: dt.date | None = None
    windows: list[WindowIO] = Field(default_factory=list, max_length=50)


class PlaceChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=100)
    person: str | None = None
    valid_from: dt.date
    valid_until: dt.date | None = None


def _person(scope: Scope, name: str | None) -> User | None:
    if not name:
        return None
    try:
        return get_staff_for(scope, name)
    except NotFound as exc:
        raise InvalidInput(exc.message, errors={"person": exc.message}) from None


def _specs(windows: list[WindowIO]) -> list[callback_places.WindowSpec]:
    return [callback_places.WindowSpec(w.weekday, w.start, w.end) for w in windows]


@router.post(
    "/orgs/{org}/service-places",
    operation_id="anliegen_servicecenter_callback_api_post_place",
    response={201: PlaceOut, **error_responses(401, 403, 404, 422)},
    summary="Extension: publish a service place of an OS team (team leads)",
)
def post_place(request: HttpRequest, org: str, payload: PlaceIn) -> Status[PlaceOut]:
    scope = org_scope(request, org)
    team = access.os_team_or_error(scope.organisation, payload.team)
    place = callback_places.create_place(
        scope=scope,
        team=team,
        name=payload.name,
        person=_person(scope, payload.person),
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        actor=actor(request),
    )
    if payload.windows:
        callback_places.set_windows(
            place, _specs(payload.windows), scope=scope, actor=actor(request)
        )
    return Status(201, place_out(callback_places.get_place_for(scope, place.id)))


@router.put(
    "/orgs/{org}/service-places/{place_id}",
    operation_id="anliegen_servicecenter_callback_api_put_place",
    response={200: PlaceOut, **error_responses(401, 403, 404, 422)},
    summary="Extension: rename a place, change its person or validity",
)
def put_place(request: HttpRequest, org: str, place_id: int, payload: PlaceChangeIn) -> PlaceOut:
    scope = org_scope(request, org)
    place = callback_places.get_place_for(scope, place_id)
    callback_places.update_place(
        place,
        scope=scope,
        name=payload.name,
        person=_person(scope, payload.person),
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        actor=actor(request),
    )
    return place_out(callback_places.get_place_for(scope, place_id))


class WindowsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    windows: list[WindowIO] = Field(max_length=50)


@router.put(
    "/orgs/{org}/service-places/{place_id}/windows",
    operation_id="anliegen_servicecenter_callback_api_put_windows",
    response={200: PlaceOut, **error_responses(401, 403, 404, 422)},
    summary="Extension: replace a place's weekly windows (Berlin wall time)",
    description="Overlapping windows of one weekday → 422. Booked callbacks stay.",
)
def put_windows(request: HttpRequest, org: str, place_id: int, payload: WindowsIn) -> PlaceOut:
    scope = org_scope(request, org)
    place = callback_places.get_place_for(scope, place_id)
    callback_places.set_windows(place, _specs(payload.windows), scope=scope, actor=actor(request))
    return place_out(callback_places.get_place_for(scope, place_id))


class ExceptionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    day: dt.date
    start: dt.time | None = Field(None, description="Both empty: the place is closed that day")
    end: dt.time | None = None
    note: str | None = Field(None, max_length=200)


@router.post(
    "/orgs/{org}/service-places/{place_id}/exceptions",
    operation_id="anliegen_servicecenter_callback_api_post_exception",
    response={201: ExceptionOut, **error_responses(401, 403, 404, 422)},
    summary="Extension: a day that differs from the weekly windows (closed or other window)",
)
def post_exception(
    request: HttpRequest, org: str, place_id: int, payload: ExceptionIn
) -> Status[ExceptionOut]:
    scope = org_scope(request, org)
    place = callback_places.get_place_for(scope, place_id)
    exception = callback_places.add_exception(
        place,
        day=payload.day,
        start=payload.start,
        end=payload.end,
        note=payload.note or "",
        scope=scope,
        actor=actor(request),
    )
    return Status(
        201,
        ExceptionOut(
            id=exception.id,
            day=exception.day,
            start=exception.start,
            end=exception.end,
            note=exception.note,
        ),
    )


@router.delete(
    "/orgs/{org}/service-places/{place_id}/exceptions/{exception_id}",
    operation_id="anliegen_servicecenter_callback_api_delete_exception",
    response={204: None, **error_responses(401, 403, 404)},
    summary="Extension: remove an exception; the day follows the weekly windows again",
)
def delete_exception(
    request: HttpRequest, org: str, place_id: int, exception_id: int
) -> Status[None]:
    scope = org_scope(request, org)
    place = callback_places.get_place_for(scope, place_id)
    exception = PlaceException.objects.filter(place=place, id=exception_id).first()
    if exception is None:
        raise NotFound(_("Exception not found."))
    callback_places.delete_exception(exception, scope=scope, actor=actor(request))
    return Status(204, None)
