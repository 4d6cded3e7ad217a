"""Routing decisions for the telephony system (SOC-03).

:func:`decide` is deterministic: given the rules, the plans, the qualifications, the absences and
the calls recorded so far today, the same call gets the same answer. :func:`route` records it
once per call id (a unique constraint; a concurrent request with the same id returns the first
decision) and a repeated request returns the recorded decision without recording anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.models import Dialled, Queue, Reason, RoutingDecision
from anliegen.servicecenter.rules import ServiceCentreRules, rules_in_force

MAX_CALL_ID = 100


@dataclass(frozen=True)
class Decision:
    queue: str
    agents: list[str]
    reason: str
    explanation: dict[str, Any]


def _ranked(ids: list[int], calls_today: dict[int, int], names: dict[int, str]) -> list[str]:
    """Best first: fewest calls recorded today, then by username (stable, replayable)."""
    return [names[i] for i in sorted(ids, key=lambda i: (calls_today.get(i, 0), names[i]))]


def decide(
    organisation: Organisation, *, topic: str, at: dt.datetime, rules: ServiceCentreRules
) -> Decision:
    """Where a call goes (SOC-03): benefit questions to qualified agents in the SOC-L call
    group; if none is there, to qualified agents in the general queue; then to the general
    queue. Other topics, and every call before the region's roll-out wave, to the general
    queue. Absent agents are left out."""
    day = clock.local_date(at)
    state = queries.routing_state(organisation, at)
    agents = state.agents
    absent = state.absent
    qualified = state.qualified
    calls_today = state.calls_today
    queue_of = state.queue_of
    in_soc_l: list[int] = []
    in_general: list[int] = []
    for i in agents:
        if i in absent:
            continue
        if queue_of(i) == Queue.GENERAL:
            in_general.append(i)
        elif i in qualified:
            in_soc_l.append(i)
    qualified_general = [i for i in in_general if i in qualified]
    wave = rules.wave()
    explanation: dict[str, Any] = {
        "day": day.isoformat(),
        "wave": {"number": wave.number, "start": wave.start.isoformat()} if wave else None,
        "absent": sorted(agents[i] for i in absent if i in agents),
        "soc_l": sorted(agents[i] for i in in_soc_l),
        "qualified_general": sorted(agents[i] for i in qualified_general),
        "general": sorted(agents[i] for i in in_general),
        "calls_today": {agents[i]: n for i, n in sorted(calls_today.items()) if i in agents},
    }
    if topic == rules.alg_topic and rules.soc_l_active(day):
        if in_soc_l:
            queue, chosen, reason = Queue.SOC_L, in_soc_l, Reason.SOC_L
        elif qualified_general:
            queue, chosen, reason = Queue.GENERAL, qualified_general, Reason.OVERFLOW_QUALIFIED
        else:
            queue, chosen, reason = Queue.GENERAL, in_general, Reason.OVERFLOW_GENERAL
    elif topic == rules.alg_topic:
        queue, chosen, reason = Queue.GENERAL, in_general, Reason.BEFORE_WAVE
    else:
        queue, chosen, reason = Queue.GENERAL, in_general, Reason.OTHER_TOPIC
    return Decision(queue, _ranked(chosen, calls_today, agents), reason, explanation)


def _validate(
    organisation: Organisation,
    rules: ServiceCentreRules,
    *,
    call_id: str,
    dialled: str,
    topic: str,
    customer_number: str | None,
) -> Customer | None:
    errors: dict[str, str] = {}
    if not call_id.strip():
        errors["call_id"] = _("The call id is missing.")
    elif len(call_id) > MAX_CALL_ID:
        errors["call_id"] = _("The call id is too long (at most 100 characters).")
    if dialled not in Dialled.values:
        errors["dialled"] = _("Unknown dialled number: use “agency” or “national”.")
    if topic not in rules.topics:
        errors["topic"] = _("Unknown topic: %(codes)s are known.") % {
            "codes": ", ".join(sorted(rules.topics))
        }
    customer = None
    if customer_number:
        customer = Customer.objects.filter(
            organisation=organisation, customer_number=customer_number.strip()
        ).first()
        if customer is None:
            errors["customer_number"] = _("No customer with this number.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    return customer


def route(
    *,
    actor: User,
    scope: Scope,
    call_id: str,
    dialled: str,
    topic: str,
    customer_number: str | None = None,
    at: dt.datetime | None = None,
) -> tuple[RoutingDecision, bool]:
    """Decide and record (SOC-03); returns the decision and whether it was new."""
    if not queries.is_sc_staff(scope):
        raise Forbidden(_("Only the service centre may route calls."))
    organisation = scope.organisation
    at = at or clock.now()
    rules, version = rules_in_force(organisation, on=clock.local_date(at))
    customer = _validate(
        organisation,
        rules,
        call_id=call_id,
        dialled=dialled,
        topic=topic,
        customer_number=customer_number,
    )
    call_id = call_id.strip()
    existing = RoutingDecision.objects.filter(organisation=organisation, call_id=call_id).first()
    if existing is not None:
        return existing, False
    decision = decide(organisation, topic=topic, at=at, rules=rules)
    explanation = {**decision.explanation, "rule_version": version.version if version else None}
    try:
        with transaction.atomic():
            stored = RoutingDecision.objects.create(
                organisation=organisation,
                call_id=call_id,
                dialled=dialled,
                topic=topic,
                customer=customer,
                at=at,
                queue=decision.queue,
                agents=decision.agents,
                reason=decision.reason,
                explanation=explanation,
            )
            record(
                actor=actor,
                organisation=organisation,
                action="servicecenter.call_routed",
                obj=stored,
                new={"call_id": call_id, "queue": decision.queue, "reason": decision.reason},
            )
    except IntegrityError:
        # A concurrent request with the same call id recorded it first: answer with that one.
        return RoutingDecision.objects.get(organisation=organisation, call_id=call_id), False
    return stored, True


def reason_text(decision: RoutingDecision) -> str:
    return str(Reason(decision.reason).label)
