"""The team worklist for team leads and management: filters, per-person counts, reassigning
(FND-07, TKT-05, TKT-09)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anliegen.org.models import Team, User
from anliegen.org.scope import Scope, get_team_for
from anliegen.web.export import FORMATS, export_response
from anliegen.web.forms import ReassignForm, TeamFilterForm
from anliegen.web.views.base import is_htmx, org_view, redirect
from anliegen.web.views.worklist import (
    chosen_sort,
    decorate,
    for_rows,
    light_summary,
    list_context,
    page_of,
    with_sort,
    worklist_columns,
)
from anliegen.web.work_forms import BulkForm
from anliegen.work.actions import reassign_items
from anliegen.work.models import WorkItem
from anliegen.work.preferences import ME, views_for
from anliegen.work.queries import light_counts, worklist_for_team


def members_of(team: Team) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__team=team, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


_members = members_of


def _per_person(items: QuerySet[WorkItem], members: list[User]) -> list[dict[str, Any]]:
    """Open, amber and red items per person of the team (TKT-09), members first."""
    counts: dict[int | None, dict[str, int]] = defaultdict(
        lambda: {"open": 0, "amber": 0, "red": 0}
    )
    grouped = items.order_by().values("assignee_id", "light")  # type: ignore[misc]  # annotated
    for row in grouped.annotate(n=Count("id")):
        entry = counts[row["assignee_id"]]
        entry["open"] += row["n"]
        if row["light"] in ("amber", "red"):
            entry[row["light"]] += row["n"]
    people: list[User] = list(members)
    known = {m.id for m in members}
    others = [pk for pk in counts if pk is not None and pk not in known]
    people.extend(User.objects.filter(id__in=others).order_by("last_name", "first_name"))
    rows: list[dict[str, Any]] = [{"person": p, **counts[p.id]} for p in people]
    if None in counts:
        rows.append({"person": None, **counts[None]})
    return rows


@org_view
def choose_team(request: HttpRequest, scope: Scope) -> HttpResponse:
    if not scope.is_lead:
        raise Http404(_("Team not found."))
    teams = list(scope.visible_teams().select_related("area").order_by("name"))
    if len(teams) == 1:
        return redirect(request, reverse("web:team", args=[scope.organisation.slug, teams[0].id]))
    return render(request, "web/team/choose.html", {"section": "team", "teams": teams})


def _team_page(
    request: HttpRequest, scope: Scope, team: Team, reassign_form: ReassignForm | None = None
) -> HttpResponse:
    members = list(_members(team))
    sort = chosen_sort(request, scope, "team")
    data = with_sort(request, sort)
    if data.get("member") == ME:  # a saved view's "@me": whoever looks at the list
        data["member"] = str(scope.user.id)
    form = TeamFilterForm(data, members=members)
    filters = form.filters()
    items = worklist_for_team(scope, team, **filters)
    fmt = request.GET.get("export")
    if fmt in FORMATS and reassign_form is None:
        return export_response(
            for_rows(items).iterator(chunk_size=2000),
            worklist_columns(request, scope.organisation.slug),
            fmt=str(fmt),
            name=f"team-{team.id}",
            title=team.name,
        )
    all_open = worklist_for_team(scope, team)
    counts = light_counts(worklist_for_team(scope, team, **{**filters, "lights": None}))
    context = {
        "section": "team",
        "team": team,
        "form": form,
        "page": decorate(
            page_of(request, items, sort=sort, counts=None if filters["lights"] else counts),
            scope.organisation.slug,
        ),
        "counts": light_summary(counts),
        "total": sum(counts.values()),
        "per_person": _per_person(all_open, members),
        "reassign_form": reassign_form or ReassignForm(members=members),
        "selected_ids": set(_submitted_ids(request)) if request.method == "POST" else set(),
        "filtered": any(
            filters[k] for k in ("kinds", "lights", "search", "assignee_id", "unassigned")
        ),
        "bulk_form": BulkForm(members=members),
        "saved_views": list(views_for(scope, team)),
        "may_share": scope.may_lead_team(team.id),
        **list_context(request, scope, sort),
    }
    if is_htmx(request) and reassign_form is None:
        return render(request, "web/team/_results.html", context)
    return render(request, "web/team/detail.html", context)


@org_view
def team_worklist(request: HttpRequest, scope: Scope, team_id: int) -> HttpResponse:
    team = get_team_for(scope, team_id)
    return _team_page(request, scope, team)


def _submitted_ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("items") if v.isdigit()][:500]


@org_view
def reassign(request: HttpRequest, scope: Scope, team_id: int) -> HttpResponse:
    """Reassign the selected items: a confirmation step first, then the action (TKT-05)."""
    team = get_team_for(scope, team_id)
    team_url = reverse("web:team", args=[scope.organisation.slug, team.id])
    if request.method != "POST":
        return redirect(request, team_url)
    members = list(_members(team))
    selectable = worklist_for_team(scope, team).filter(id__in=_submitted_ids(request))
    form = ReassignForm(
        request.POST, item_ids=selectable.values_list("id", flat=True), members=members
    )
    if not form.is_valid():
        return _team_page(request, scope, team, reassign_form=form)
    items = list(selectable.filter(id__in=form.cleaned_data["items"]))
    assignee = next(m for m in members if str(m.pk) == form.cleaned_data["assignee"])
    back = request.POST.get("next") or team_url
    if not back.startswith(team_url):
        back = team_url
    if not form.cleaned_data["confirm"]:
        return render(
            request,
            "web/team/confirm.html",
            {"section": "team", "team": team, "items": items, "assignee": assignee, "back": back},
        )
    changed = reassign_items(actor=scope.user, scope=scope, items=items, assignee=assignee)
    messages.success(
        request,
        ngettext(
            "%(count)d item was assigned to %(name)s.",
            "%(count)d items were assigned to %(name)s.",
            len(changed),
        )
        % {"count": len(changed), "name": assignee},
    )
    return redirect(request, back)
