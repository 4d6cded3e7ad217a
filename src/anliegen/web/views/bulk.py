"""Bulk actions on a worklist (issue 9): select items (or every item of the filtered list),
choose complete / postpone / change priority / reassign, confirm on a second page. Nothing is
half-done: if any item refuses, nothing changes and the reasons are listed per item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext

from anliegen.core.errors import InvalidInput
from anliegen.org.models import Team, User
from anliegen.org.scope import Scope, get_team_for
from anliegen.web.forms import TeamFilterForm, WorklistFilterForm
from anliegen.web.views.base import org_view, redirect
from anliegen.web.views.team import members_of
from anliegen.web.work_forms import BULK_LABELS, COMPLETE, POSTPONE, PRIORITY, BulkForm
from anliegen.work import item_actions
from anliegen.work.models import WorkItem
from anliegen.work.queries import with_light, worklist_for_team, worklist_for_user

LIMIT = 500


def _submitted_ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("items") if v.isdigit()][:LIMIT]


def _back(request: HttpRequest, list_url: str) -> str:
    back = request.POST.get("next") or list_url
    return back if back.startswith(list_url) else list_url


def _filtered(
    request: HttpRequest, query: Callable[..., QuerySet[WorkItem]], form: WorklistFilterForm
) -> QuerySet[WorkItem]:
    """The list the user was looking at (its filters travel in ``next``'s query string)."""
    filters = form.filters()
    return query(**filters)


def _run(
    scope: Scope, form: BulkForm, items: list[WorkItem], members: list[User] | None
) -> list[WorkItem]:
    data = form.cleaned_data
    action = data["action"]
    common: dict[str, Any] = {"actor": scope.user, "scope": scope, "items": items}
    if action == COMPLETE:
        return item_actions.bulk_complete(**common, note=data.get("note") or "")
    if action == POSTPONE:
        return item_actions.bulk_postpone(
            **common,
            on=data["on"],
            note=data.get("note") or "",
            allow_non_working_day=bool(data.get("allow_non_working_day")),
        )
    if action == PRIORITY:
        return item_actions.bulk_priority(**common, priority=data["priority"])
    assignee = next(m for m in members or [] if str(m.pk) == data["assignee"])
    return item_actions.bulk_reassign(**common, assignee=assignee)


def _bulk(
    request: HttpRequest,
    scope: Scope,
    *,
    selectable: QuerySet[WorkItem],
    filtered: QuerySet[WorkItem],
    members: list[User] | None,
    list_url: str,
    post_url: str,
    team: Team | None = None,
) -> HttpResponse:
    back = _back(request, list_url)
    if request.method != "POST":
        return redirect(request, back)
    chosen = selectable.filter(id__in=_submitted_ids(request))
    form = BulkForm(request.POST, item_ids=chosen.values_list("id", flat=True), members=members)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(request, back)
    if form.cleaned_data.get("all_matching"):
        items = list(with_light(filtered).select_related("customer", "assignee")[:LIMIT])
    else:
        ids = form.cleaned_data["items"]
        items = list(with_light(chosen.filter(id__in=ids)).select_related("customer", "assignee"))
    context: dict[str, Any] = {
        "section": "team" if team else "postkorb",
        "team": team,
        "form": form,
        "items": items,
        "action_label": BULK_LABELS[form.cleaned_data["action"]],
        "assignee": next(
            (m for m in members or [] if str(m.pk) == form.cleaned_data.get("assignee")), None
        ),
        "back": back,
        "post_url": post_url,
        "refusals": {},
    }
    if not form.cleaned_data["confirm"] or form.cleaned_data.get("all_matching"):
        # "all items of this list" is always confirmed on the list of the items it meant
        return render(request, "web/worklist/bulk_confirm.html", context)
    try:
        done = _run(scope, form, items, members)
    except item_actions.BulkRejected as exc:
        messages.error(request, exc.message)
        context["refusals"] = {r.item.id: r.reason for r in exc.refusals}
        return render(request, "web/worklist/bulk_confirm.html", context, status=422)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect(request, back)
    messages.success(
        request,
        ngettext("%(action)s: %(count)d item done.", "%(action)s: %(count)d items done.", len(done))
        % {"action": BULK_LABELS[form.cleaned_data["action"]], "count": len(done)},
    )
    return redirect(request, back)


def _next_query(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    return back.split("?", 1)[1] if "?" in back else ""


@org_view
def worklist_bulk(request: HttpRequest, scope: Scope) -> HttpResponse:
    list_url = reverse("web:postkorb", args=[scope.organisation.slug])
    form = WorklistFilterForm(QueryDict(_next_query(request)))
    return _bulk(
        request,
        scope,
        selectable=worklist_for_user(scope),
        filtered=_filtered(request, lambda **f: worklist_for_user(scope, **f), form),
        members=None,
        list_url=list_url,
        post_url=reverse("web:postkorb_bulk", args=[scope.organisation.slug]),
    )


@org_view
def team_bulk(request: HttpRequest, scope: Scope, team_id: int) -> HttpResponse:
    team = get_team_for(scope, team_id)
    members = list(members_of(team))
    form = TeamFilterForm(QueryDict(_next_query(request)), members=members)
    return _bulk(
        request,
        scope,
        selectable=worklist_for_team(scope, team),
        filtered=_filtered(request, lambda **f: worklist_for_team(scope, team, **f), form),
        members=members,
        list_url=reverse("web:team", args=[scope.organisation.slug, team.id]),
        post_url=reverse("web:team_bulk", args=[scope.organisation.slug, team.id]),
        team=team,
    )
