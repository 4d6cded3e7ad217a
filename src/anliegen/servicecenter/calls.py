"""Call records (SOC-04): what the agent recorded about a call, one per call id, written to the
customer's history; a processing order can be sent with it in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.customers.actions import add_history_entry
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.kpis import actions as kpi_actions
from anliegen.servicecenter.models import AgentDay, CallRecord, Escalation, RoutingDecision
from anliegen.servicecenter.orders import actions as orders
from anliegen.servicecenter.routing import MAX_CALL_ID
from anliegen.servicecenter.rules import ServiceCentreRules, rules_in_force

MAX_REASON = 2000
#: A call may be recorded with a time a little ahead of the server's clock (telephony clocks).
CLOCK_SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class CallData:
    call_id: str
    agent: str  # username
    topic: str
    started_at: dt.datetime
    ended_at: dt.datetime
    resolved: bool
    escalation: str
    reason: str = ""
    customer_number: str | None = None
    #: With ``escalation == "processing_order"`` from the call screen: the order to send.
    order_team: object = None
    order_concern: str = ""


@dataclass(frozen=True)
class CheckedCall:
    """A call that passed :func:`_validate`, with the rules read once for it (in force on the
    call's day) and the processing order sent with it, checked."""

    agent: User
    customer: Customer | None
    rules: ServiceCentreRules
    order: orders.CheckedOrder | None


def _call_errors(data: CallData, rules: ServiceCentreRules, agent: User | None) -> dict[str, str]:
    """The checks of the call's own fields, in the order the first message is chosen."""
    errors: dict[str, str] = {}
    call_id = data.call_id.strip()
    if not call_id:
        errors["call_id"] = _("The call id is missing.")
    elif len(call_id) > MAX_CALL_ID:
        errors["call_id"] = _("The call id is too long (at most 100 characters).")
    if agent is None:
        errors["agent"] = _("Unknown agent: no phone agent or FiT of this region.")
    if data.topic not in rules.topics:
        errors["topic"] = _("Unknown topic: %(codes)s are known.") % {
            "codes": ", ".join(sorted(rules.topics))
        }
    if data.escalation not in Escalation.values:
        errors["escalation"] = _("Unknown path of the call.")
    reason = data.reason.strip()
    if data.escalation == Escalation.WARM_TRANSFER and not reason:
        errors["reason"] = _("A warm transfer to the OS needs a reason (e.g. urgency).")
    elif len(reason) > MAX_REASON:
        errors["reason"] = _("The reason is too long (at most 2,000 characters).")
    if data.ended_at < data.started_at:
        errors["ended_at"] = _("The call ends before it starts.")
    elif data.started_at > clock.now() + CLOCK_SKEW:
        errors["started_at"] = _("The call lies in the future.")
    return errors


def _validate(scope: Scope, data: CallData) -> CheckedCall:
    """Every check of a call and of the order sent with it, once; all bad fields at once (422)."""
    organisation = scope.organisation
    rules, _version = rules_in_force(organisation, on=clock.local_date(data.started_at))
    agent = queries.call_staff(organisation).filter(username=data.agent).first()
    errors = _call_errors(data, rules, agent)
    customer = None
    if data.customer_number:
        customer = Customer.objects.filter(
            organisation=organisation, customer_number=data.customer_number.strip()
        ).first()
        if customer is None:
            errors["customer_number"] = _("No customer with this number.")
    order = None
    if data.escalation == Escalation.PROCESSING_ORDER and data.order_team is not None:
        if customer is None and "customer_number" not in errors:
            errors["customer_number"] = _("A processing order needs the customer.")
        try:
            order = orders.validate_order(
                scope, team_id=data.order_team, concern=data.order_concern
            )
        except InvalidInput as exc:
            errors.update({f"order_{k}": v for k, v in exc.errors.items()})
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    assert agent is not None
    return CheckedCall(agent, customer, rules, order)


def _history_text(call: CallRecord, topics: dict[str, str]) -> str:
    parts = [
        _("Call to the service centre: %(topic)s.") % {"topic": topics.get(call.topic, call.topic)},
        _("Resolved in the first contact.")
        if call.resolved
        else _("Not resolved in the first contact."),
        _("Path: %(path)s.") % {"path": Escalation(call.escalation).label},
    ]
    if call.reason:
        parts.append(_("Reason: %(reason)s") % {"reason": call.reason})
    return " ".join(str(p) for p in parts)


def count_call(organisation: Organisation, agent: User, day: dt.date) -> None:
    """One more call of ``agent`` on ``day`` (the routing's ranking). Concurrent first calls of
    a day meet at the unique constraint; the loser increments the winner's row."""
    counters = AgentDay.objects.filter(organisation=organisation, agent=agent, day=day)
    if counters.update(calls=F("calls") + 1):
        return
    try:
        with transaction.atomic():
            AgentDay.objects.create(organisation=organisation, agent=agent, day=day, calls=1)
    except IntegrityError:
        counters.update(calls=F("calls") + 1)


def record_call(*, actor: User, scope: Scope, data: CallData) -> CallRecord:
    """Record a call (SOC-04). A second record for the same call id is a conflict (409), also
    when two arrive at once (unique constraint). A processing order sent with the call (the call
    screen) is checked with the call, once, and written in the same transaction; the service
    centre's staff may send it as they may record the call."""
    if not queries.is_sc_staff(scope):
        raise Forbidden(_("Only the service centre records calls."))
    checked = _validate(scope, data)
    if checked.agent.id != actor.id and not queries.is_sc_lead(scope):
        raise Forbidden(_("You may record only your own calls."))
    organisation = scope.organisation
    call_id = data.call_id.strip()
    duplicate = Conflict(_("This call has already been recorded."))
    if CallRecord.objects.filter(organisation=organisation, call_id=call_id).exists():
        raise duplicate
    try:
        with transaction.atomic():
            call = _write_call(actor, scope, data, checked)
            if checked.order is not None and checked.customer is not None:
                orders.send_order(
                    actor=actor,
                    scope=scope,
                    order=checked.order,
                    customer=checked.customer,
                    rules=checked.rules,
                    call=call,
                )
    except IntegrityError:
        raise duplicate from None
    return call


def _write_call(actor: User, scope: Scope, data: CallData, checked: CheckedCall) -> CallRecord:
    """The call record, the agent's count, the KPI week's mark, history and audit."""
    organisation = scope.organisation
    call_id = data.call_id.strip()
    agent, customer = checked.agent, checked.customer
    call = CallRecord.objects.create(
        organisation=organisation,
        call_id=call_id,
        agent=agent,
        topic=data.topic,
        started_at=data.started_at,
        ended_at=data.ended_at,
        customer=customer,
        resolved=data.resolved,
        escalation=data.escalation,
        reason=data.reason.strip(),
        decision=RoutingDecision.objects.filter(organisation=organisation, call_id=call_id).first(),
        created_by=actor,
    )
    count_call(organisation, agent, clock.local_date(data.started_at))
    kpi_actions.touch_week(organisation, data.started_at)
    if customer is not None:
        add_history_entry(
            actor=agent,
            customer=customer,
            kind=HistoryEntry.Kind.NOTE,
            text=_history_text(call, checked.rules.topics),
            ref=call,
            contact_date=clock.local_date(data.started_at),
            at=data.ended_at,
        )
    record(
        actor=actor,
        organisation=organisation,
        action="servicecenter.call_recorded",
        obj=call,
        new={
            "call_id": call_id,
            "agent": agent.username,
            "topic": data.topic,
            "resolved": data.resolved,
            "escalation": data.escalation,
        },
    )
    return call


def warm_transfers(scope: Scope) -> QuerySet[CallRecord]:
    """Every warm transfer with its reason, for the team lead (SOC-04)."""
    if not queries.is_sc_lead(scope):
        raise Forbidden()
    return (
        CallRecord.objects.filter(
            organisation=scope.organisation, escalation=Escalation.WARM_TRANSFER
        )
        .select_related("agent", "customer")
        .order_by("-started_at", "-id")
    )
