"""API of the service centre (SOC-02/03/04/06/07): the CTI's routing and call records, queue
plans, processing orders and the OS hotlines. Handlers parse, call actions, and serialise."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, codes, local, org_scope, username
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.customers.queries import get_customer_for
from anliegen.org.scope import get_staff_for
from anliegen.servicecenter import agents, calls, queries, routing
from anliegen.servicecenter.models import (
    CallRecord,
    Dialled,
    Escalation,
    OperativeService,
    ProcessingOrder,
    Queue,
    QueuePlan,
    Reason,
    RoutingDecision,
)
from anliegen.servicecenter.orders import actions as orders
from anliegen.servicecenter.plugins import order_url
from anliegen.servicecenter.rules import rules_in_force
from anliegen.work.models import WorkItem
from anliegen.work.queries import with_light

if TYPE_CHECKING:
    QueueCode = str
    DialledCode = str
    EscalationCode = str
    ReasonCode = str
else:
    QueueCode = codes(Queue)
    DialledCode = codes(Dialled)
    EscalationCode = codes(Escalation)
    ReasonCode = codes(Reason)

router = Router(tags=["service centre"])


# --- Queue plans (SOC-02) --------------------------------------------------------------------


class QueuePlanIn(Schema):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    queue: str = Field(description="soc_l or general")
    start: dt.datetime = Field(alias="from")
    until: dt.datetime
    replace: bool = Field(
        False,
        description="Extension: let overlapping parts of the agent's older plans give way "
        "instead of refusing the plan (422)",
    )


class QueuePlanOut(Schema):
    id: int
    agent: str
    queue: QueueCode
    start: dt.datetime = Field(serialization_alias="from")
    until: dt.datetime


def plan_out(plan: QueuePlan) -> QueuePlanOut:
    return QueuePlanOut(
        id=plan.id,
        agent=plan.agent.username,
        queue=plan.queue,
        start=local(plan.start),
        until=local(plan.end),
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.BERLIN)


@router.put(
    "/orgs/{org}/agents/{agent}/queue",
    response={200: QueuePlanOut, **error_responses(401, 403, 404, 422)},
    by_alias=True,
    summary="Put an agent into a queue from … until (SOC-02)",
    description=(
        "Returns `{id, agent, queue, from, until}`. An agent without the SOC-L qualification "
        "(training and extra access on the day the plan starts) in `soc_l` → 422. A plan that "
        "ends before it starts or overlaps another plan of the agent → 422 (unless `replace`). "
        "The same plan again → 200, nothing changes. Team leads of the agent, SC area "
        "management and the region's management."
    ),
)
def put_queue(request: HttpRequest, org: str, agent: str, payload: QueuePlanIn) -> QueuePlanOut:
    scope = org_scope(request, org)
    person = queries.get_agent(scope.organisation, agent)
    plan = agents.plan_queue(
        actor=actor(request),
        scope=scope,
        agent=person,
        queue=payload.queue,
        start=_aware(payload.start),
        end=_aware(payload.until),
        replace=payload.replace,
    )
    return plan_out(plan)


class AgentQueueOut(Schema):
    agent: str
    centre: str
    qualified: bool
    absent: bool
    queue: QueueCode
    planned: bool = Field(description="false: the agent's default queue")


@router.get(
    "/orgs/{org}/queues",
    response={200: list[AgentQueueOut], **error_responses(401, 403, 404)},
    summary="Extension: who is in which queue now, per centre (SOC-02)",
)
def list_queues(request: HttpRequest, org: str) -> list[AgentQueueOut]:
    scope = org_scope(request, org)
    if not queries.is_sc_lead(scope):
        raise Forbidden(_("Only the service centre's team leads see the queues."))
    rules = rules_in_force(scope.organisation)[0]
    now = clock.now()
    result: list[AgentQueueOut] = []
    for centre in queries.centres(scope.organisation):
        centre_board = queries.board(
            scope.organisation, centre, at=now, target=rules.qualified_share_target
        )
        result.extend(
            AgentQueueOut(
                agent=row.agent.username,
                centre=centre.name,
                qualified=row.qualified,
                absent=row.absent,
                queue=row.queue,
                planned=row.planned,
            )
            for row in centre_board.rows
        )
    return result


# --- Routing (SOC-03) -------------------------------------------------------------------------


class RouteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    call_id: str = Field(max_length=100)
    dialled: str = Field(description="agency or national")
    topic: str = Field(description="alg or another topic code of the organisation")
    customer_number: str | None = None
    at: dt.datetime | None = None


class RouteOut(Schema):
    decision_id: int
    call_id: str
    queue: QueueCode
    agents: list[str] = Field(description="usernames, best first; absent agents left out")
    reason: str = Field(description="German text")
    reason_code: ReasonCode
    at: dt.datetime
    replayed: bool = Field(description="true: this call id was routed before; nothing recorded")
    explanation: dict[str, Any] = Field(description="The inputs of the decision")


def route_out(decision: RoutingDecision, *, new: bool) -> RouteOut:
    return RouteOut(
        decision_id=decision.id,
        call_id=decision.call_id,
        queue=decision.queue,
        agents=list(decision.agents),
        reason=routing.reason_text(decision),
        reason_code=decision.reason,
        at=local(decision.at),
        replayed=not new,
        explanation=decision.explanation,
    )


@router.post(
    "/orgs/{org}/calls/route",
    response={200: RouteOut, **error_responses(401, 403, 404, 422)},
    summary="Where an incoming call goes (SOC-03), for the CTI",
    description=(
        "Benefit questions (`alg`) go to qualified agents in the SOC-L call group, whichever "
        "number was dialled; if none is there, to qualified agents in the general queue, then "
        "to the general queue. Other topics, and every call before the region's roll-out wave, "
        "go to the general queue. The decision is recorded; the same `call_id` again returns "
        "the recorded decision."
    ),
)
def route_call(request: HttpRequest, org: str, payload: RouteIn) -> RouteOut:
    scope = org_scope(request, org)
    decision, new = routing.route(
        actor=actor(request),
        scope=scope,
        call_id=payload.call_id,
        dialled=payload.dialled,
        topic=payload.topic,
        customer_number=payload.customer_number,
        at=_aware(payload.at) if payload.at else None,
    )
    return route_out(decision, new=new)


# --- Call records (SOC-04) --------------------------------------------------------------------


class CallIn(Schema):
    model_config = ConfigDict(extra="forbid")

    call_id: str = Field(max_length=100)
    agent: str = Field(description="username")
    topic: str
    started_at: dt.datetime
    ended_at: dt.datetime
    customer_number: str | None = None
    resolved: bool
    escalation: str = Field(description=" or ".join(Escalation.values))
    reason: str | None = Field(None, max_length=2000)


class CallOut(Schema):
    id: int
    call_id: str
    agent: str
    topic: str
    started_at: dt.datetime
    ended_at: dt.datetime
    customer_number: str | None
    resolved: bool
    escalation: EscalationCode
    reason: str
    decision_id: int | None


def call_out(call: CallRecord) -> CallOut:
    return CallOut(
        id=call.id,
        call_id=call.call_id,
        agent=call.agent.username,
        topic=call.topic,
        started_at=local(call.started_at),
        ended_at=local(call.ended_at),
        customer_number=call.customer.customer_number if call.customer else None,
        resolved=call.resolved,
        escalation=call.escalation,
        reason=call.reason,
        decision_id=call.decision_id,
    )


@router.post(
    "/orgs/{org}/calls",
    response={201: CallOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Record a call (SOC-04)",
    description=(
        "`warm_transfer` without `reason` → 422; a second record for the same `call_id` → 409. "
        "The call is written to the customer's history. Agents record their own calls; team "
        "leads and the CTI's account (management or administrator of the region) any agent's."
    ),
)
def post_call(request: HttpRequest, org: str, payload: CallIn) -> Status[CallOut]:
    scope = org_scope(request, org)
    call = calls.record_call(
        actor=actor(request),
        scope=scope,
        data=calls.CallData(
            call_id=payload.call_id,
            agent=payload.agent,
            topic=payload.topic,
            started_at=_aware(payload.started_at),
            ended_at=_aware(payload.ended_at),
            resolved=payload.resolved,
            escalation=payload.escalation,
            reason=payload.reason or "",
            customer_number=payload.customer_number,
        ),
    )
    return Status(201, call_out(call))


@router.get(
    "/orgs/{org}/warm-transfers",
    response={200: list[CallOut], **error_responses(401, 403, 404)},
    summary="Extension: every warm transfer with its reason, newest first (SOC-04)",
    description="For the service centre's team leads and management; at most 500.",
)
def list_warm_transfers(request: HttpRequest, org: str) -> list[CallOut]:
    scope = org_scope(request, org)
    return [call_out(call) for call in calls.warm_transfers(scope)[:500]]


# --- Processing orders (SOC-06) ---------------------------------------------------------------


class OrderIn(Schema):
    model_config = ConfigDict(extra="forbid")

    team: int = Field(description="OS team id")
    customer_number: str
    concern: str = Field(max_length=5000)
    call_id: str | None = Field(None, max_length=100)


class OrderOut(Schema):
    id: int = Field(description="The work item's id")
    team: int
    team_name: str
    customer_number: str
    concern: str
    call_id: str
    due_date: dt.date | None
    traffic_light: str
    status: str
    assignee: str | None
    resolution: str
    url: str


def order_out(order: ProcessingOrder) -> OrderOut:
    item = with_light(WorkItem.objects.filter(id=order.item_id)).get()
    return OrderOut(
        id=item.id,
        team=order.team_id,
        team_name=order.team.name,
        customer_number=order.customer.customer_number,
        concern=order.concern,
        call_id=order.call_ref,
        due_date=item.due_date,
        traffic_light=getattr(item, "light", "") or "",
        status=item.status,
        assignee=username(item.assignee),
        resolution=order.resolution,
        url=order_url(item, order.organisation.slug),
    )


@router.post(
    "/orgs/{org}/processing-orders",
    response={201: OrderOut, **error_responses(401, 403, 404, 422)},
    summary="Send a processing order into an OS team's special inbox (SOC-06)",
    description="Due in 5 working days (rules) on the OS site's calendar. A team that is no "
    "OS team of the region → 422.",
)
def post_order(request: HttpRequest, org: str, payload: OrderIn) -> Status[OrderOut]:
    scope = org_scope(request, org)
    orders.ensure_may_send(scope)
    try:
        customer = get_customer_for(scope, payload.customer_number, via="api")
    except NotFound:
        message = _("No customer with this number.")
        raise InvalidInput(message, errors={"customer_number": message}) from None
    call = CallRecord.objects.filter(
        organisation=scope.organisation, call_id=(payload.call_id or "").strip()
    ).first()
    order = orders.create_order(
        actor=actor(request),
        scope=scope,
        team_id=payload.team,
        customer=customer,
        concern=payload.concern,
        call=call,
        call_id=payload.call_id or "",
    )
    return Status(201, order_out(order))


@router.get(
    "/orgs/{org}/processing-orders/{order_id}",
    response={200: OrderOut, **error_responses(401, 404)},
    summary="A processing order",
)
def get_order(request: HttpRequest, org: str, order_id: int) -> OrderOut:
    return order_out(orders.get_order_for(org_scope(request, org), order_id))


class AssignIn(Schema):
    model_config = ConfigDict(extra="forbid")
    assignee: str = Field(description="username")


@router.post(
    "/orgs/{org}/processing-orders/{order_id}/assign",
    response={200: OrderOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Assign a processing order (team lead) or take it (member of the OS team)",
)
def assign_order(request: HttpRequest, org: str, order_id: int, payload: AssignIn) -> OrderOut:
    scope = org_scope(request, org)
    order = orders.get_order_for(scope, order_id)
    try:
        person = get_staff_for(scope, payload.assignee)
    except NotFound as exc:
        raise InvalidInput(exc.message, errors={"assignee": exc.message}) from None
    orders.assign_order(actor=actor(request), scope=scope, order=order, assignee=person)
    return order_out(orders.get_order_for(scope, order_id))


class CompleteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    resolution: str = Field(max_length=5000)


@router.post(
    "/orgs/{org}/processing-orders/{order_id}/complete",
    response={200: OrderOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Complete a processing order with a resolution text; again → 409",
)
def complete_order(request: HttpRequest, org: str, order_id: int, payload: CompleteIn) -> OrderOut:
    scope = org_scope(request, org)
    order = orders.get_order_for(scope, order_id)
    orders.complete_order(
        actor=actor(request), scope=scope, order=order, resolution=payload.resolution
    )
    return order_out(orders.get_order_for(scope, order_id))


# --- OS hotlines (SOC-07) ---------------------------------------------------------------------


class HoursOut(Schema):
    weekday: int
    opens: dt.time
    closes: dt.time


class HotlineOut(Schema):
    service: str
    team: int
    number: str
    note: str
    hours: list[HoursOut]
    open_now: bool
    on_duty_today: list[str]


@router.get(
    "/orgs/{org}/os-hotlines",
    response={200: list[HotlineOut], **error_responses(401, 404)},
    summary="The OS hotlines for queries from the service centre, with who is on duty (SOC-07)",
)
def hotlines(request: HttpRequest, org: str) -> list[HotlineOut]:
    scope = org_scope(request, org)
    services = OperativeService.objects.filter(organisation=scope.organisation).select_related(
        "area"
    )
    result: list[HotlineOut] = []
    for service in services.prefetch_related("hours"):
        now = queries.hotline_now(service)
        result.append(
            HotlineOut(
                service=service.area.name,
                team=service.inbox_team_id,
                number=service.hotline_number,
                note=service.hotline_note,
                hours=[HoursOut(weekday=w, opens=o, closes=c) for w, o, c in now.hours],
                open_now=now.open_now,
                on_duty_today=[p.username for p in now.on_duty],
            )
        )
    return result
