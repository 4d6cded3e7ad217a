"""Requests to see management (KRM-06) and reactions forwarded by management with an instruction
(KRM-07)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.core.text import ensure_plain
from anliegen.org.models import Organisation, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope
from anliegen.reactions.actions.common import (
    MAX_TEXT,
    _fail,
    _locked,
    _require_text,
    ensure_may_act,
)
from anliegen.reactions.models import (
    INSTRUCTION,
    AnswerForm,
    Channel,
    Instruction,
    ManagementRequest,
    Reaction,
    RequestReason,
)
from anliegen.reactions.routing import (
    management_of,
)
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import WorkRules
from anliegen.work.calendars import calendar_for
from anliegen.work.locking import lock_item
from anliegen.work.models import Deadline, Notification, Status
from anliegen.work.notify import notify

# --- Requests to see management (KRM-06) --------------------------------------------------------


@transaction.atomic
def request_management(
    *, actor: User, scope: Scope, reaction: Reaction, reason: str, text: str
) -> ManagementRequest:
    """The TL records that a customer visiting in person asks to see management, with the
    reason that makes it an exception (escalation, threat, serious overall situation)."""
    ensure_may_act(scope, reaction)
    errors: dict[str, str] = {}
    if reaction.channel != Channel.IN_PERSON:
        errors["channel"] = _("Only a customer visiting in person can ask to see management.")
    if reason not in RequestReason.values:
        errors["reason"] = _(
            "Please choose the reason: escalation, threat or serious overall situation."
        )
    _fail(errors)
    text = _require_text(text, "text", _("Please explain why the talk with management is needed."))
    reaction = _locked(reaction)
    if ManagementRequest.objects.filter(reaction=reaction).exists():
        raise Conflict(_("A request to see management has already been recorded."))
    request = ManagementRequest.objects.create(
        reaction=reaction,
        reason=reason,
        text=text,
        requested_by=actor,
        requested_at=clock.now(),
    )
    gf = management_of(scope.organisation)
    if gf is not None and gf != actor:
        notify(
            user=gf,
            organisation=scope.organisation,
            kind=Notification.Kind.APPROVAL_REQUESTED,
            item=reaction.item,
            params={
                "title": _("Customer asks to see management (%(reason)s), reaction %(id)d")
                % {"reason": RequestReason(reason).label, "id": reaction.id}
            },
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.management_requested",
        obj=reaction,
        new={"reason": reason},
    )
    return request


@transaction.atomic
def decide_management_request(
    *, actor: User, scope: Scope, reaction: Reaction, answer_form: str, note: str = ""
) -> ManagementRequest:
    """Management decides the form of its answer: phone, letter or meeting (KRM-06)."""
    if reaction.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer reaction not found."))
    if not (scope.is_superuser or scope.has_role(Role.MANAGEMENT)):
        raise Forbidden(_("Only management decides how it answers."))
    if answer_form not in AnswerForm.values:
        raise InvalidInput(
            _("Please choose phone call, letter or meeting."),
            errors={"answer_form": _("Unknown.")},
        )
    note = (note or "").strip()[:MAX_TEXT]
    ensure_plain(note=note)
    lock_item(reaction.item_id)  # the lock order of work.locking: the item first
    request = ManagementRequest.objects.select_for_update().filter(reaction_id=reaction.id).first()
    if request is None:
        raise NotFound(_("No request to see management has been recorded."))
    if request.decided_at is not None:
        raise Conflict(_("Management has already decided on this request."))
    request.answer_form = answer_form
    request.decision_note = note
    request.decided_by = actor
    request.decided_at = clock.now()
    request.save(update_fields=["answer_form", "decision_note", "decided_by", "decided_at"])
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.management_request_decided",
        obj=reaction,
        new={"answer_form": answer_form},
    )
    return request


# --- Forwarded by management with an instruction (KRM-07) ---------------------------------------


def managers_of(organisation: Organisation) -> list[User]:
    """Who management can forward a reaction to: the TLs, deputy TLs and BLs."""
    return list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=[Role.TEAM_LEAD, Role.DEPUTY_LEAD, Role.AREA_MANAGEMENT],
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def forward_to_manager(
    *,
    actor: User,
    scope: Scope,
    reaction: Reaction,
    manager_username: str,
    text: str,
    due_date: dt.date | None,
) -> Instruction:
    """Management forwards a reaction to the responsible manager with an instruction
    (Verfügung) and a deadline on a future working day; the manager gets it in the worklist
    with that deadline and is notified (KRM-07)."""
    if reaction.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer reaction not found."))
    if not (scope.is_superuser or scope.has_role(Role.MANAGEMENT)):
        raise Forbidden(_("Only management forwards a customer reaction with an instruction."))
    errors: dict[str, str] = {}
    if reaction.confidential:
        errors["kind"] = _(
            "Complaints about conduct and petitions are led by management and not forwarded."
        )
    manager = next(
        (m for m in managers_of(scope.organisation) if m.username == (manager_username or "")),
        None,
    )
    if manager is None:
        errors["manager"] = _("Please choose a team lead or area manager of the organisation.")
    if not (text or "").strip():
        errors["text"] = _("Please write the instruction.")
    if due_date is None:
        errors["due_date"] = _("Please enter the deadline.")
    else:
        calendar, _rules = calendar_for(scope.organisation)
        if due_date <= clock.today():
            errors["due_date"] = _("The deadline must lie in the future.")
        elif not calendar.is_working_day(due_date):
            errors["due_date"] = _("The deadline must be a working day.")
    _fail(errors)
    assert manager is not None
    assert due_date is not None
    text = _require_text(text, "text", _("Please write the instruction."))
    reaction = _locked(reaction)
    item = reaction.item  # locked by _locked, before the reaction
    if item.status != Status.OPEN:
        raise Conflict(_("This customer reaction has already been completed."))
    old_assignee = item.assignee_id
    work_rules, _version = rules_in_force(reaction.organisation, WorkRules, on=clock.today())
    amber = fristen.amber_date(clock.today(), due_date, work_rules.amber_share)
    Deadline.objects.update_or_create(
        item=item,
        code=INSTRUCTION,
        defaults={"due_date": due_date, "amber_from": amber, "met_at": None},
    )
    first = item.deadlines.filter(met_at__isnull=True).order_by("due_date").first()
    item.due_date = first.due_date if first else None
    item.amber_from = first.amber_from if first else None
    item.assignee = manager
    led = Team.objects.filter(
        memberships__user=manager,
        memberships__role__in=[Role.TEAM_LEAD, Role.DEPUTY_LEAD],
        organisation=scope.organisation,
    ).first()
    if led is not None:
        item.team = led
    item.light_notified = ""
    item.save(
        update_fields=["assignee", "team", "due_date", "amber_from", "light_notified", "updated_at"]
    )
    instruction = Instruction.objects.create(
        reaction=reaction,
        manager=manager,
        text=text,
        due_date=due_date,
        given_by=actor,
        given_at=clock.now(),
    )
    notify(
        user=manager,
        organisation=scope.organisation,
        kind=Notification.Kind.ITEM_ASSIGNED,
        item=item,
        params={
            "title": _("Instruction from management, due %(date)s: %(title)s")
            % {"date": due_date.strftime("%d.%m.%Y"), "title": item.title}
        },
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.forwarded",
        obj=reaction,
        old={"assignee": old_assignee},
        new={"assignee": manager.id, "due_date": due_date.isoformat()},
    )
    reaction.item = item
    return instruction
