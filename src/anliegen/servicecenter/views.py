"""The service-centre pages for agents and team leads: the call screen (*Gesprächserfassung*,
SOC-04, with the OS hotline of SOC-07 and a simulated incoming call for SOC-03) and the team
lead's queue board (SOC-02)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.customers.models import Customer
from anliegen.customers.queries import get_customer_for, history_of, search_customers
from anliegen.org.scope import Scope
from anliegen.servicecenter import agents, calls, queries, routing
from anliegen.servicecenter.callbacks import booking_views
from anliegen.servicecenter.forms import CallForm, MoveForm, SimulateForm
from anliegen.servicecenter.models import OperativeService, Queue, Reason
from anliegen.servicecenter.rules import rules_in_force
from anliegen.web.views.base import apply_errors, org_view, redirect
from anliegen.work.models import Status, WorkItem
from anliegen.work.queries import with_light

RECENT_HISTORY = 8


def _call_url(scope: Scope, **params: str) -> str:
    url = reverse("servicecenter:call", args=[scope.organisation.slug])
    return f"{url}?{urlencode(params)}" if params else url


def _customer(scope: Scope, number: str) -> Customer | None:
    if not number:
        return None
    try:
        return get_customer_for(scope, number, via="web", purpose="call_screen")
    except NotFound:
        return None


def _record(request: HttpRequest, scope: Scope, form: CallForm) -> bool:
    """Record the call of the valid form (with the processing order it sends); a refusal goes
    onto the form. Whether it was recorded."""
    data = form.cleaned_data
    ended = clock.now()
    started = data["started"] or ended
    escalation = data["escalation"]
    try:
        call = calls.record_call(
            actor=request.user,  # type: ignore[arg-type]
            scope=scope,
            data=calls.CallData(
                call_id=data["call_id"],
                agent=request.user.get_username(),
                topic=data["topic"],
                started_at=min(started, ended),
                ended_at=ended,
                resolved=data["resolved"] == "yes",
                escalation=escalation,
                reason=data["reason"],
                customer_number=data["customer_number"] or None,
                order_team=data["order_team"] if escalation == "processing_order" else None,
                order_concern=data["order_concern"],
            ),
        )
    except InvalidInput as exc:
        apply_errors(form, exc, field_map={"order_customer_number": "customer_number"})
        return False
    except Conflict as exc:
        form.add_error("call_id", exc.message)
        return False
    messages.success(request, _("The call %(call)s has been recorded.") % {"call": call.call_id})
    return True


@org_view
def call_screen(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Find the customer, see their open items and recent history, record the call."""
    if not queries.is_sc_staff(scope):
        raise Forbidden(_("Only the service centre records calls."))
    rules, _version = rules_in_force(scope.organisation)
    teams = [(t.id, t.name) for t in queries.os_teams(scope.organisation)]
    source = request.POST if request.method == "POST" else request.GET
    customer = _customer(scope, source.get("customer", source.get("customer_number", "")).strip())
    service = queries.service_of_customer(customer) if customer else None
    if request.method == "POST":
        form = CallForm(request.POST, topics=rules.topics, teams=teams)
        if form.is_valid() and _record(request, scope, form):
            return redirect(request, _call_url(scope))
    else:
        initial = {
            "call_id": request.GET.get("call", ""),
            "customer_number": customer.customer_number if customer else "",
            "started": clock.now(),
            "topic": request.GET.get("topic", rules.alg_topic),
            "escalation": "callback" if request.GET.get("rueckruf") else "none",
            "order_team": str(service.inbox_team_id) if service else "",
        }
        form = CallForm(initial=initial, topics=rules.topics, teams=teams)
    query = request.GET.get("q", "").strip()
    results = list(search_customers(scope, query)[:20]) if query and not customer else []
    open_items = (
        list(
            with_light(
                WorkItem.objects.filter(customer=customer, status=Status.OPEN).select_related(
                    "team", "assignee"
                )
            ).order_by("due_date", "id")[:20]
        )
        if customer
        else []
    )
    now = clock.now()
    my_queue = None
    me = scope.user.id
    if queries.agents_of(scope.organisation).filter(id=me).exists():
        my_queue = queries.queues_at(scope.organisation, now, [me])[me]
    return render(
        request,
        "servicecenter/call.html",
        {
            "section": "soc_call",
            "form": form,
            "simulate_form": SimulateForm(topics=rules.topics, initial={"topic": rules.alg_topic}),
            "customer": customer,
            "query": query,
            "results": results,
            "open_items": open_items,
            "history": list(history_of(customer)[:RECENT_HISTORY]) if customer else [],
            "hotline": queries.hotline_now(service, at=now) if service else None,
            "my_queue_label": Queue(my_queue.queue).label if my_queue else "",
            "booking": _booking(request, scope, customer, service),
        },
    )


def _booking(
    request: HttpRequest, scope: Scope, customer: Customer | None, service: OperativeService | None
) -> booking_views.Booking | None:
    """The block "Rückruf vereinbaren" (SOC-05) for the customer's OS team."""
    if customer is None or request.method == "POST":
        return None
    base = {
        key: request.GET.get(key, "")
        for key in ("customer", "call", "topic")
        if request.GET.get(key)
    }
    base["customer"] = customer.customer_number
    return booking_views.booking_block(
        request,
        scope,
        customer=customer,
        team=service.inbox_team if service else None,
        origin="call",
        base=base,
        call_ref=request.GET.get("call", ""),
    )


@org_view
@require_POST
def simulate_call(request: HttpRequest, scope: Scope) -> HttpResponse:
    """An incoming call as the CTI would announce it (demo and training): routed, then opened
    on the call screen with its call id."""
    rules, _version = rules_in_force(scope.organisation)
    form = SimulateForm(request.POST, topics=rules.topics)
    if not form.is_valid():
        messages.error(request, _("Choose the number dialled and the topic."))
        return redirect(request, _call_url(scope))
    data = form.cleaned_data
    decision, _new = routing.route(
        actor=request.user,  # type: ignore[arg-type]
        scope=scope,
        call_id=f"SIM-{uuid.uuid4().hex[:12]}",
        dialled=data["dialled"],
        topic=data["topic"],
        customer_number=data["customer_number"] or None,
    )
    messages.info(
        request,
        _("Call %(call)s: %(queue)s, offered to %(agents)s. %(reason)s")
        % {
            "call": decision.call_id,
            "queue": Queue(decision.queue).label,
            "agents": ", ".join(decision.agents) or _("nobody"),
            "reason": Reason(decision.reason).label,
        },
    )
    params = {"call": decision.call_id, "topic": decision.topic}
    if decision.customer is not None:
        params["customer"] = decision.customer.customer_number
    return redirect(request, _call_url(scope, **params))


@org_view
def queues(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The team lead's board per centre (SOC-02) and the warm transfers (SOC-04)."""
    if not queries.is_sc_lead(scope):
        raise Forbidden(_("Only the service centre's team leads see the queues."))
    rules, _version = rules_in_force(scope.organisation)
    now = clock.now()
    boards = [
        queries.board(scope.organisation, centre, at=now, target=rules.qualified_share_target)
        for centre in queries.centres(scope.organisation)
    ]
    local = now.astimezone(clock.BERLIN)
    afternoon = max(local.time().replace(second=0, microsecond=0), dt.time(12, 0))
    return render(
        request,
        "servicecenter/queues.html",
        {
            "section": "soc_queues",
            "boards": boards,
            "now": local,
            "start": afternoon.strftime("%H:%M"),
            "end": "18:00" if afternoon < dt.time(18, 0) else "23:59",
            "queue_choices": Queue.choices,
            "target_percent": round(rules.qualified_share_target * 100),
            "warm_transfers": list(calls.warm_transfers(scope)[:20]),
        },
    )


@org_view
@require_POST
def move_agent(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Move an agent into another queue for part of today, e.g. the afternoon."""
    back = reverse("servicecenter:queues", args=[scope.organisation.slug])
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the queue and the times from and until."))
        return redirect(request, back)
    data = form.cleaned_data
    agent = queries.get_agent(scope.organisation, data["agent"])
    today = clock.today()
    start = dt.datetime.combine(today, data["start"], tzinfo=clock.BERLIN)
    end = dt.datetime.combine(today, data["end"], tzinfo=clock.BERLIN)
    agents.plan_queue(
        actor=request.user,  # type: ignore[arg-type]
        scope=scope,
        agent=agent,
        queue=data["queue"],
        start=start,
        end=end,
        replace=True,
    )
    messages.success(
        request,
        _("%(name)s is in the %(queue)s from %(start)s until %(end)s.")
        % {
            "name": agent.get_full_name() or agent.username,
            "queue": Queue(data["queue"]).label,
            "start": data["start"].strftime("%H:%M"),
            "end": data["end"].strftime("%H:%M"),
        },
    )
    return redirect(request, back)
