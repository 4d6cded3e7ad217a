"""The service places of the OS teams (*ATV-Serviceplätze*, SOC-05) for their leads:
``…/servicecenter/serviceplaetze/``: list, create and edit a place (name, person, valid from and
until), its weekly windows and the exceptions for single days. Removing windows or exceptions
asks for confirmation first. Every write goes through ``callbacks.places``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.models import Membership, Team, User
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks import places as callback_places
from anliegen.servicecenter.callbacks.forms import WEEKDAYS, ExceptionForm, PlaceForm, WindowForm
from anliegen.servicecenter.callbacks.models import PlaceException, ServicePlace
from anliegen.web.views.base import apply_errors, org_view, redirect

DAY_NAMES = dict(WEEKDAYS)


def managed_teams(scope: Scope) -> list[Team]:
    teams = queries.os_teams(scope.organisation).filter(id__in=queries.os_team_ids(scope))
    return [t for t in teams if callback_places.may_manage(scope, t)]


def _managed_place(scope: Scope, place_id: int) -> ServicePlace:
    place = callback_places.get_place_for(scope, place_id)
    if not callback_places.may_manage(scope, place.team):
        raise Forbidden(_("Only the team's leads manage its service places."))
    return place


def _people(team: Team) -> list[tuple[str, str]]:
    people = User.objects.filter(
        id__in=Membership.objects.filter(team=team).values("user_id"), is_active=True
    ).order_by("last_name", "first_name", "username")
    return [(str(u.id), u.get_full_name() or u.username) for u in people]


def _person(team: Team, value: str) -> User | None:
    if not value:
        return None
    return User.objects.filter(
        id=int(value), memberships__team=team
    ).first()  # the action refuses anyone outside the team


def _place_url(scope: Scope, place: ServicePlace) -> str:
    return reverse("servicecenter:place", args=[scope.organisation.slug, place.id])


@org_view
def places(request: HttpRequest, scope: Scope) -> HttpResponse:
    teams = managed_teams(scope)
    if not teams:
        raise Forbidden(_("Only the leads of an operative service manage service places."))
    chosen = request.GET.get("team", "")
    selected = [t for t in teams if str(t.id) == chosen] or teams
    found = (
        ServicePlace.objects.filter(team__in=selected)
        .select_related("team", "person")
        .prefetch_related("windows", "exceptions")
        .order_by("team__name", "name")
    )
    return render(
        request,
        "servicecenter/callbacks/places.html",
        {
            "section": "soc_places",
            "teams": teams,
            "chosen": chosen,
            "places": list(found),
            "day_names": DAY_NAMES,
        },
    )


@org_view
def place_new(request: HttpRequest, scope: Scope) -> HttpResponse:
    teams = managed_teams(scope)
    if not teams:
        raise Forbidden(_("Only the leads of an operative service manage service places."))
    source = request.POST if request.method == "POST" else request.GET
    team = next((t for t in teams if str(t.id) == source.get("team", "")), teams[0])
    form = PlaceForm(request.POST or None, people=_people(team))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            place = callback_places.create_place(
                scope=scope,
                team=team,
                name=data["name"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                person=_person(team, data["person"]),
                actor=scope.user,
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The service place has been created. Now add its windows."))
            return redirect(request, _place_url(scope, place))
    return render(
        request,
        "servicecenter/callbacks/place_new.html",
        {"section": "soc_places", "teams": teams, "team": team, "form": form},
        status=422 if form.errors else 200,
    )


def _edit_page(
    request: HttpRequest,
    scope: Scope,
    place: ServicePlace,
    *,
    form: PlaceForm | None = None,
    window_form: WindowForm | None = None,
    exception_form: ExceptionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    windows = list(place.windows.order_by("weekday", "start"))
    return render(
        request,
        "servicecenter/callbacks/place.html",
        {
            "section": "soc_places",
            "place": place,
            "form": form
            or PlaceForm(
                people=_people(place.team),
                initial={
                    "name": place.name,
                    "person": str(place.person_id or ""),
                    "valid_from": place.valid_from,
                    "valid_until": place.valid_until,
                },
            ),
            "windows": [(w, DAY_NAMES[w.weekday]) for w in windows],
            "window_form": window_form or WindowForm(),
            "exceptions": list(place.exceptions.order_by("day", "start")),
            "exception_form": exception_form or ExceptionForm(),
        },
        status=status,
    )


@org_view
def place_edit(request: HttpRequest, scope: Scope, place_id: int) -> HttpResponse:
    place = _managed_place(scope, place_id)
    if request.method != "POST":
        return _edit_page(request, scope, place)
    form = PlaceForm(request.POST, people=_people(place.team))
    if form.is_valid():
        data = form.cleaned_data
        try:
            callback_places.update_place(
                place,
                scope=scope,
                name=data["name"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                person=_person(place.team, data["person"]),
                actor=scope.user,
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The service place has been saved."))
            return redirect(request, _place_url(scope, place))
    return _edit_page(request, scope, place, form=form, status=422)


def _confirm(
    request: HttpRequest, scope: Scope, place: ServicePlace, *, question: str, details: list[str]
) -> HttpResponse:
    """Ask before removing anything: the same POST again with ``confirm=1``."""
    fields = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        if key not in ("csrfmiddlewaretoken", "confirm"):
            fields.setlist(key, values)
    return render(
        request,
        "servicecenter/callbacks/confirm.html",
        {
            "section": "soc_places",
            "place": place,
            "question": question,
            "details": details,
            "fields": [(k, v) for k, values in fields.lists() for v in values],
            "back": _place_url(scope, place),
        },
    )


@org_view
@require_POST
def place_windows(request: HttpRequest, scope: Scope, place_id: int) -> HttpResponse:
    """Add a window, or remove the ticked ones (after confirmation); the whole weekly pattern is
    saved at once through ``callback_places.set_windows``."""
    place = _managed_place(scope, place_id)
    current = list(place.windows.order_by("weekday", "start"))
    remove = {int(v) for v in request.POST.getlist("remove") if v.isdigit()}
    removed = [w for w in current if w.id in remove]
    specs = [
        callback_places.WindowSpec(w.weekday, w.start, w.end) for w in current if w.id not in remove
    ]
    window_form = None
    if removed:
        if request.POST.get("confirm") != "1":
            return _confirm(
                request,
                scope,
                place,
                question=_("Remove these windows of %(place)s?") % {"place": place.name},
                details=[f"{DAY_NAMES[w.weekday]} {w.start:%H:%M}–{w.end:%H:%M}" for w in removed],
            )
    else:
        window_form = WindowForm(request.POST)
        if not window_form.is_valid():
            return _edit_page(request, scope, place, window_form=window_form, status=422)
        data = window_form.cleaned_data
        specs.append(callback_places.WindowSpec(data["weekday"], data["start"], data["end"]))
    try:
        callback_places.set_windows(place, specs, scope=scope, actor=scope.user)
    except InvalidInput as exc:
        window_form = window_form or WindowForm()
        window_form.add_error(None, exc.message)
        return _edit_page(request, scope, place, window_form=window_form, status=422)
    messages.success(request, _("The windows have been saved."))
    return redirect(request, _place_url(scope, place) + "#windows")


@org_view
@require_POST
def place_exception(request: HttpRequest, scope: Scope, place_id: int) -> HttpResponse:
    place = _managed_place(scope, place_id)
    form = ExceptionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            callback_places.add_exception(
                place,
                day=data["day"],
                start=data["start"],
                end=data["end"],
                note=data["note"],
                scope=scope,
                actor=scope.user,
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The exception has been saved."))
            return redirect(request, _place_url(scope, place) + "#exceptions")
    return _edit_page(request, scope, place, exception_form=form, status=422)


@org_view
@require_POST
def place_exception_delete(
    request: HttpRequest, scope: Scope, place_id: int, exception_id: int
) -> HttpResponse:
    place = _managed_place(scope, place_id)
    exception = PlaceException.objects.filter(place=place, id=exception_id).first()
    if exception is None:
        raise NotFound(_("Exception not found."))
    if request.POST.get("confirm") != "1":
        return _confirm(
            request,
            scope,
            place,
            question=_("Remove this exception of %(place)s?") % {"place": place.name},
            details=[_exception_text(exception)],
        )
    callback_places.delete_exception(exception, scope=scope, actor=scope.user)
    messages.success(request, _("The exception has been removed."))
    return redirect(request, _place_url(scope, place) + "#exceptions")


def _exception_text(exception: PlaceException) -> str:
    day = f"{exception.day:%d.%m.%Y}"
    if exception.closed:
        return _("%(day)s: closed") % {"day": day}
    start = exception.start or dt.time(0)
    end = exception.end or dt.time(0)
    return _("%(day)s: %(start)s–%(end)s only") % {
        "day": day,
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
    }
