"""The OS team's special inbox (*Sonderpostkorb*, SOC-06): open processing orders with traffic
lights; the order page offers assignment and completion with a resolution text."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.models import Membership, Team, User
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.models import ProcessingOrder
from anliegen.servicecenter.orders import actions as orders
from anliegen.servicecenter.orders.forms import AssignForm, CompleteForm
from anliegen.web.views.base import apply_errors, org_view, redirect
from anliegen.work.models import Status, WorkItem
from anliegen.work.queries import with_light


@org_view
def inbox(request: HttpRequest, scope: Scope) -> HttpResponse:
    team_ids = queries.os_team_ids(scope)
    if not team_ids:
        raise Forbidden(_("Only the operative services have a special inbox."))
    teams = list(Team.objects.filter(id__in=team_ids).order_by("name"))
    chosen = request.GET.get("team", "")
    selected = [t for t in teams if str(t.id) == chosen] or teams
    items = with_light(
        WorkItem.objects.filter(
            organisation=scope.organisation,
            team__in=selected,
            status=Status.OPEN,
            processing_order__isnull=False,
        ).select_related("team", "assignee", "customer", "processing_order")
    ).order_by("due_date", "id")
    return render(
        request,
        "servicecenter/inbox.html",
        {
            "section": "soc_inbox",
            "teams": teams,
            "chosen": chosen,
            "items": list(items[:500]),
        },
    )


def _members(order: ProcessingOrder) -> list[tuple[str, str]]:
    people = User.objects.filter(
        id__in=Membership.objects.filter(team=order.team).values("user_id"), is_active=True
    ).order_by("last_name", "first_name")
    return [(u.username, u.get_full_name() or u.username) for u in people]


def _page(
    request: HttpRequest,
    scope: Scope,
    order: ProcessingOrder,
    *,
    assign_form: AssignForm | None = None,
    complete_form: CompleteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    item = with_light(WorkItem.objects.filter(id=order.item_id)).select_related("assignee").get()
    is_member = Membership.objects.filter(team=order.team, user=scope.user).exists()
    return render(
        request,
        "servicecenter/order.html",
        {
            "section": "soc_inbox",
            "order": order,
            "item": item,
            "may_lead": scope.may_lead_team(order.team_id),
            "may_take": is_member and item.assignee_id is None and item.status == Status.OPEN,
            "assign_form": assign_form or AssignForm(members=_members(order)),
            "complete_form": complete_form or CompleteForm(),
        },
        status=status,
    )


@org_view
def order_detail(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    return _page(request, scope, orders.get_order_for(scope, item_id))


@org_view
@require_POST
def order_assign(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    order = orders.get_order_for(scope, item_id)
    form = AssignForm(request.POST, members=_members(order))
    if not form.is_valid():
        return _page(request, scope, order, assign_form=form, status=422)
    person = User.objects.get(username=form.cleaned_data["assignee"])
    try:
        orders.assign_order(actor=request.user, scope=scope, order=order, assignee=person)  # type: ignore[arg-type]
    except InvalidInput as exc:
        apply_errors(form, exc)
        return _page(request, scope, order, assign_form=form, status=422)
    messages.success(request, _("The order has been assigned."))
    return redirect(
        request, reverse("servicecenter:order", args=[scope.organisation.slug, item_id])
    )


@org_view
@require_POST
def order_complete(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    order = orders.get_order_for(scope, item_id)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            orders.complete_order(
                actor=request.user,  # type: ignore[arg-type]
                scope=scope,
                order=order,
                resolution=form.cleaned_data["resolution"],
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The order has been completed."))
            return redirect(request, reverse("servicecenter:inbox", args=[scope.organisation.slug]))
    return _page(request, scope, order, complete_form=form, status=422)
