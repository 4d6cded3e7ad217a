"""Saved worklist views (issue 9): personal views of the Postkorb and team views shared by the
team lead; opening one applies its filters and order (``@me`` = whoever opens it)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput
from anliegen.org.models import Team
from anliegen.org.scope import Scope, get_team_for
from anliegen.web.views.base import org_view, redirect
from anliegen.web.work_forms import SavedViewForm
from anliegen.work import preferences


def _list_url(scope: Scope, team: Team | None) -> str:
    if team is None:
        return reverse("web:postkorb", args=[scope.organisation.slug])
    return reverse("web:team", args=[scope.organisation.slug, team.id])


def _save(request: HttpRequest, scope: Scope, team: Team | None) -> HttpResponse:
    url = _list_url(scope, team)
    if request.method != "POST":
        return redirect(request, url)
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please name the view."))
        return redirect(request, url)
    query = form.cleaned_data["query"]
    try:
        view = preferences.save_view(
            actor=scope.user,
            scope=scope,
            name=form.cleaned_data["name"],
            query=query,
            team=team,  # a view saved on a team list is shared with the team
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect(request, url + (f"?{query}" if query else ""))
    messages.success(request, _("The view “%(name)s” was saved.") % {"name": view.name})
    return redirect(request, url + "?" + preferences.view_query(view, scope.user))


def _open(scope: Scope, request: HttpRequest, team: Team | None, view_id: int) -> HttpResponse:
    view = preferences.get_view_for(scope, view_id, team)
    return redirect(
        request, _list_url(scope, team) + "?" + preferences.view_query(view, scope.user)
    )


def _delete(request: HttpRequest, scope: Scope, team: Team | None, view_id: int) -> HttpResponse:
    url = _list_url(scope, team)
    if request.method == "POST":
        preferences.get_view_for(scope, view_id, team)
        preferences.delete_view(actor=scope.user, scope=scope, view_id=view_id)
        messages.success(request, _("The view was deleted."))
    return redirect(request, url)


@org_view
def worklist_view_save(request: HttpRequest, scope: Scope) -> HttpResponse:
    return _save(request, scope, None)


@org_view
def worklist_view_open(request: HttpRequest, scope: Scope, view_id: int) -> HttpResponse:
    return _open(scope, request, None, view_id)


@org_view
def worklist_view_delete(request: HttpRequest, scope: Scope, view_id: int) -> HttpResponse:
    return _delete(request, scope, None, view_id)


@org_view
def team_view_save(request: HttpRequest, scope: Scope, team_id: int) -> HttpResponse:
    return _save(request, scope, get_team_for(scope, team_id))


@org_view
def team_view_open(request: HttpRequest, scope: Scope, team_id: int, view_id: int) -> HttpResponse:
    return _open(scope, request, get_team_for(scope, team_id), view_id)


@org_view
def team_view_delete(
    request: HttpRequest, scope: Scope, team_id: int, view_id: int
) -> HttpResponse:
    return _delete(request, scope, get_team_for(scope, team_id), view_id)
