"""Every change to agents' queues and qualifications (SOC-02): one transaction each, under a
lock on the agent's row, with an audit entry."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.models import Organisation, Skill, User
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.models import (
    SOC_L_SKILL,
    DefaultQueue,
    Qualification,
    Queue,
    QueuePlan,
)


def _ensure_may_plan(scope: Scope, agent: User) -> None:
    if not (queries.is_sc_lead(scope) and scope.leads_person(agent)):
        raise Forbidden(_("Only the agent's team lead may change their queue."))


def _plan_dict(plan: QueuePlan) -> dict[str, str]:
    return {"queue": plan.queue, "start": plan.start.isoformat(), "end": plan.end.isoformat()}


def _refuse_unqualified(scope: Scope, agent: User, day: dt.date) -> None:
    if not queries.is_qualified(scope.organisation, agent, day):
        message = _(
            "%(name)s has no SOC-L qualification (training and extra access) on %(day)s and "
            "cannot be put into the SOC-L call group."
        ) % {"name": agent.get_full_name() or agent.username, "day": day.strftime("%d.%m.%Y")}
        raise InvalidInput(message, errors={"queue": message})


def _check_plan(queue: str, start: dt.datetime, end: dt.datetime) -> None:
    errors: dict[str, str] = {}
    if queue not in Queue.values:
        errors["queue"] = _("Unknown queue: use “soc_l” or “general”.")
    if end <= start:
        errors["until"] = _("The plan ends before it starts.")
    elif end - start > dt.timedelta(days=366):
        errors["until"] = _("A plan may last at most a year.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)


def _overlap(other: QueuePlan) -> InvalidInput:
    message = _("The plan overlaps the agent's plan from %(start)s until %(end)s (%(queue)s).") % {
        "start": other.start.astimezone(clock.BERLIN).strftime("%d.%m.%Y %H:%M"),
        "end": other.end.astimezone(clock.BERLIN).strftime("%d.%m.%Y %H:%M"),
        "queue": Queue(other.queue).label,
    }
    return InvalidInput(message, errors={"from": message})


def _give_way(
    actor: User, organisation: Organisation, old: QueuePlan, start: dt.datetime, end: dt.datetime
) -> None:
    """An older plan overlapping ``start``–``end`` gives way: split around it, shortened, or
    removed when it lies within."""
    before = _plan_dict(old)
    if old.start < start and old.end > end:
        QueuePlan.objects.create(
            organisation=organisation,
            agent_id=old.agent_id,
            queue=old.queue,
            start=end,
            end=old.end,
            created_by=actor,
        )
        old.end = start
        old.save(update_fields=["end"])
    elif old.start < start:
        old.end = start
        old.save(update_fields=["end"])
    elif old.end > end:
        old.start = end
        old.save(update_fields=["start"])
    else:
        record(
            actor=actor,
            organisation=organisation,
            action="servicecenter.plan_removed",
            obj=old,
            old=before,
        )
        old.delete()
        return
    record(
        actor=actor,
        organisation=organisation,
        action="servicecenter.plan_shortened",
        obj=old,
        old=before,
        new=_plan_dict(old),
    )


@transaction.atomic
def plan_queue(
    *,
    actor: User,
    scope: Scope,
    agent: User,
    queue: str,
    start: dt.datetime,
    end: dt.datetime,
    replace: bool = False,
) -> QueuePlan:
    """Put ``agent`` into ``queue`` from ``start`` until ``end`` (SOC-02).

    A plan that overlaps another plan of the agent is refused, unless ``replace`` is asked for
    (the team lead's page): then the overlapping parts of the older plans give way. The same
    plan again changes nothing.
    """
    _ensure_may_plan(scope, agent)
    _check_plan(queue, start, end)
    if queue == Queue.SOC_L:
        _refuse_unqualified(scope, agent, clock.local_date(start))
    organisation = scope.organisation
    User.objects.select_for_update().filter(id=agent.id).first()  # serialise the agent's plans
    plans = QueuePlan.objects.filter(organisation=organisation, agent=agent)
    same = plans.filter(queue=queue, start=start, end=end).first()
    if same is not None:
        return same
    overlapping = list(plans.filter(start__lt=end, end__gt=start).order_by("start"))
    if overlapping and not replace:
        raise _overlap(overlapping[0])
    for old in overlapping:
        _give_way(actor, organisation, old, start, end)
    plan = QueuePlan.objects.create(
        organisation=organisation, agent=agent, queue=queue, start=start, end=end, created_by=actor
    )
    record(
        actor=actor,
        organisation=organisation,
        action="servicecenter.plan_created",
        obj=plan,
        new={**_plan_dict(plan), "agent": agent.username},
    )
    return plan


@transaction.atomic
def set_default_queue(*, actor: User, scope: Scope, agent: User, queue: str) -> DefaultQueue:
    """The agent's queue whenever no plan says otherwise."""
    _ensure_may_plan(scope, agent)
    if queue not in Queue.values:
        message = _("Unknown queue: use “soc_l” or “general”.")
        raise InvalidInput(message, errors={"queue": message})
    if queue == Queue.SOC_L:
        _refuse_unqualified(scope, agent, clock.today())
    User.objects.select_for_update().filter(id=agent.id).first()
    default, _created = DefaultQueue.objects.update_or_create(
        organisation=scope.organisation, agent=agent, defaults={"queue": queue}
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="servicecenter.default_queue_set",
        obj=default,
        new={"agent": agent.username, "queue": queue},
    )
    return default


@transaction.atomic
def grant_qualification(
    *,
    actor: User | None,
    scope: Scope | None,
    agent: User,
    trained_on: dt.date,
    access_from: dt.date,
) -> Qualification:
    """Record the SOC-L training and extra access of an agent; adds the skill (SOC-02)."""
    if scope is not None:
        _ensure_may_plan(scope, agent)
        organisation = scope.organisation
    else:  # the demo loader
        membership = agent.memberships.first()
        if membership is None:
            raise InvalidInput(_("The agent belongs to no organisation."))
        organisation = membership.organisation
    if access_from < trained_on:
        message = _("The extra access cannot start before the training.")
        raise InvalidInput(message, errors={"access_from": message})
    skill, _created = Skill.objects.get_or_create(
        code=SOC_L_SKILL, defaults={"name": "SOC-L (Leistungs-Know-how im Service Center)"}
    )
    agent.skills.add(skill)
    qualification, _created = Qualification.objects.update_or_create(
        organisation=organisation,
        agent=agent,
        defaults={"trained_on": trained_on, "access_from": access_from},
    )
    record(
        actor=actor,
        organisation=organisation,
        action="servicecenter.qualification_granted",
        obj=qualification,
        new={
            "agent": agent.username,
            "trained_on": trained_on.isoformat(),
            "access_from": access_from.isoformat(),
        },
    )
    return qualification
