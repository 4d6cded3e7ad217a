"""The page of a work item the core handles itself (FND-07, FND-08, issue 9): follow-ups,
processing orders and callbacks, and any item whose kind has no page of its own. It shows the
item and offers what can be done: complete with a note, postpone (follow-ups), change the
priority, reassign (team leads)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.scope import Scope
from anliegen.web.views.base import apply_errors, org_view, redirect
from anliegen.web.views.team import members_of
from anliegen.web.work_forms import AssigneeForm, CompleteForm, PostponeForm, PriorityForm
from anliegen.work import item_actions, kinds
from anliegen.work.access import get_item_for
from anliegen.work.actions import reassign_items
from anliegen.work.models import Status, WorkItem
from anliegen.work.queries import with_light
from anliegen.work.work_kinds import item_page


def _item(scope: Scope, item_id: int) -> WorkItem:
    item = get_item_for(scope, item_id)
    return with_light(WorkItem.objects.filter(id=item.id)).select_related(
        "customer", "team", "assignee", "completed_by", "organisation"
    )[0]


def _may_lead(scope: Scope, item: WorkItem) -> bool:
    return item.team_id is not None and scope.may_lead_team(item.team_id)


def _page(request: HttpRequest, scope: Scope, item: WorkItem, **bound: forms.Form) -> HttpResponse:
    slug = scope.organisation.slug
    own_page = kinds.url_for(item, slug)
    here = item_actions.handled_here(item)
    is_open = item.status == Status.OPEN
    context: dict[str, Any] = {
        "section": "postkorb",
        "item": item,
        "kind_label": kinds.label_for(item.kind),
        "own_page": "" if here else own_page,
        "is_open": is_open,
        "today": clock.today(),
        "complete_form": None,
        "postpone_form": None,
        "priority_form": None,
        "assignee_form": None,
    }
    if is_open and here:
        context["complete_form"] = bound.get("complete") or CompleteForm()
    if is_open and kinds.supports(item.kind, kinds.POSTPONE):
        context["postpone_form"] = bound.get("postpone") or PostponeForm()
    if is_open and kinds.supports(item.kind, kinds.PRIORITY):
        context["priority_form"] = bound.get("priority") or PriorityForm(
            initial={"priority": str(item.priority)}
        )
    if is_open and _may_lead(scope, item):
        context["assignee_form"] = bound.get("reassign") or AssigneeForm(
            members=members_of(item.team) if item.team else []
        )
    status = 422 if any(form.errors for form in bound.values()) else 200
    return render(request, "web/worklist/item.html", context, status=status)


@org_view
def work_item(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    return _page(request, scope, _item(scope, item_id))


def _done(request: HttpRequest, scope: Scope, message: str, item: WorkItem) -> HttpResponse:
    messages.success(request, message)
    back = request.POST.get("next", "")
    if back.startswith(f"/o/{scope.organisation.slug}/") and "//" not in back:
        return redirect(request, back)  # e.g. the customer page the form was on
    return redirect(request, item_page(item, scope.organisation.slug))


@org_view
def work_item_action(request: HttpRequest, scope: Scope, item_id: int, name: str) -> HttpResponse:
    """``vorgaenge/<id>/<name>/``: complete, postpone, priority or reassign the item."""
    item = _item(scope, item_id)
    if request.method != "POST":
        return redirect(request, item_page(item, scope.organisation.slug))
    if name == "erledigen":
        form: forms.Form = CompleteForm(request.POST)
        if form.is_valid():
            try:
                item_actions.finish_item(
                    actor=scope.user, scope=scope, item=item, note=form.cleaned_data["note"]
                )
            except InvalidInput as exc:
                apply_errors(form, exc)
            else:
                return _done(request, scope, _("The item was completed."), item)
        return _page(request, scope, item, complete=form)
    if name == "verschieben":
        form = PostponeForm(request.POST)
        if form.is_valid():
            try:
                moved = item_actions.postpone_follow_up(
                    actor=scope.user,
                    scope=scope,
                    item=item,
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data["note"],
                    allow_non_working_day=form.cleaned_data["allow_non_working_day"],
                )
            except InvalidInput as exc:
                apply_errors(form, exc)
            else:
                text = _("The follow-up was postponed to %(date)s.") % {
                    "date": moved.due_date.strftime("%d.%m.%Y") if moved.due_date else ""
                }
                return _done(request, scope, text, item)
        return _page(request, scope, item, postpone=form)
    if name == "prioritaet":
        form = PriorityForm(request.POST)
        if form.is_valid():
            try:
                item_actions.set_priority(
                    actor=scope.user, scope=scope, item=item, priority=form.cleaned_data["priority"]
                )
            except InvalidInput as exc:
                apply_errors(form, exc)
            else:
                return _done(request, scope, _("The priority was changed."), item)
        return _page(request, scope, item, priority=form)
    if name == "zuweisen":
        members = list(members_of(item.team)) if item.team else []
        form = AssigneeForm(request.POST, members=members)
        if form.is_valid():
            assignee = next(m for m in members if str(m.pk) == form.cleaned_data["assignee"])
            reassign_items(actor=scope.user, scope=scope, items=[item], assignee=assignee)
            return _done(
                request, scope, _("The item was assigned to %(name)s.") % {"name": assignee}, item
            )
        return _page(request, scope, item, reassign=form)
    raise Http404(_("Not found."))
