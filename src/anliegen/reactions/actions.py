"""Every change to customer reactions (seed 000; KRM-01 … KRM-09)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.customers.actions import add_history_entry
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, Site, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, staff_of
from anliegen.reactions import attachments
from anliegen.reactions.models import (
    ACKNOWLEDGEMENT,
    INSTRUCTION,
    RESOLUTION,
    AcknowledgementChannel,
    AnswerForm,
    Channel,
    Concern,
    Instruction,
    ManagementRequest,
    Outcome,
    Reaction,
    ReactionKind,
    RequestReason,
    Topic,
)
from anliegen.reactions.routing import (
    Route,
    management_of,
    management_office_of,
    route_reaction,
)
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ReactionRules, WorkRules
from anliegen.work import actions as work_actions
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS, responsible_ids, sees_confidential
from anliegen.work.calendars import calendar_for, main_site
from anliegen.work.models import Deadline, Kind, Notification, Status, WorkItem
from anliegen.work.notify import notify

MAX_TEXT = 20000
CLOCK_SKEW = dt.timedelta(minutes=10)
PRIORITY = 3


def _require_text(value: str, field: str, message: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, errors={field: _("Required.")})
    if len(value) > limit:
        raise InvalidInput(
            _("The text is too long (at most %(n)d characters).") % {"n": limit},
            errors={field: _("Too long.")},
        )
    return value


def _fail(errors: dict[str, str]) -> None:
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)


# --- Clocks (KRM-04) ------------------------------------------------------------------------


def clock_specs(
    organisation: Organisation, *, kind: str, channel: str, received_day: dt.date, site: Site
) -> tuple[list[work_actions.DeadlineSpec], RuleSet | None]:
    """The clocks under the reaction rules in force on the day of receipt: the acknowledgement
    (working days, written channels only) and the resolution (calendar days, §193 BGB). Petitions
    follow their own procedure and get neither (KRM-02)."""
    rules, rule_set = rules_in_force(organisation, ReactionRules, on=received_day)
    if kind == ReactionKind.PETITION:
        return [], rule_set
    calendar, calendar_rules = calendar_for(organisation, site=site, on=received_day)
    specs = []
    if channel in rules.acknowledgement_channels:
        specs.append(
            work_actions.DeadlineSpec(
                ACKNOWLEDGEMENT,
                fristen.due_in_working_days(
                    received_day, rules.acknowledgement_working_days, calendar
                ),
            )
        )
    specs.append(
        work_actions.DeadlineSpec(
            RESOLUTION,
            fristen.due_in_calendar_days(
                received_day,
                rules.resolution_calendar_days,
                calendar,
                roll_forward=calendar_rules.roll_forward,
            ),
        )
    )
    return specs, rule_set


def _site(organisation: Organisation, team: Team | None) -> Site:
    return team.area.site if team is not None else main_site(organisation)


# --- Intake (KRM-01, KRM-03) ----------------------------------------------------------------


def _teams(scope: Scope, team_ids: Iterable[int]) -> list[Team]:
    ids = list(dict.fromkeys(team_ids))
    found = {
        t.id: t
        for t in Team.objects.filter(organisation=scope.organisation, id__in=ids).select_related(
            "area__site"
        )
    }
    if len(found) != len(ids):
        raise InvalidInput(
            _("Unknown team, or a team of another organisation."),
            errors={"teams": _("Unknown team.")},
        )
    return [found[i] for i in ids]


def _topics(scope: Scope, topic_ids: Sequence[int], max_concerns: int) -> list[Topic]:
    if len(topic_ids) > max_concerns:
        raise InvalidInput(
            _("A reaction takes at most %(n)d concerns.") % {"n": max_concerns},
            errors={"concerns": _("Too many.")},
        )
    found = {
        t.id: t
        for t in Topic.objects.filter(
            organisation=scope.organisation, active=True, id__in=topic_ids
        )
    }
    if any(i not in found for i in topic_ids):
        raise InvalidInput(
            _("Unknown topic of a concern."), errors={"concerns": _("Unknown topic.")}
        )
    return [found[i] for i in topic_ids]


def _employees(scope: Scope, usernames: Iterable[str]) -> list[User]:
    names = list(dict.fromkeys(u.strip() for u in usernames if u.strip()))
    found = list(staff_of(scope.organisation).filter(username__in=names))
    if len(found) != len(names):
        raise InvalidInput(
            _("Unknown member of staff among the employees concerned."),
            errors={"employees": _("Unknown member of staff.")},
        )
    return found


def _title(kind: str, customer: Customer | None, sender_name: str, received_at: dt.datetime) -> str:
    if kind in CONFIDENTIAL_REACTION_KINDS:
        # Notifications (also to a deputy of management) carry the title: it names nothing.
        return _("Customer reaction for management, received on %(date)s") % {
            "date": clock.local_date(received_at).strftime("%d.%m.%Y")
        }
    who = customer.display_name if customer else (sender_name or _("anonymous"))
    return _("Customer reaction (%(kind)s): %(who)s") % {
        "kind": ReactionKind(kind).label,
        "who": who,
    }


def _history_text(reaction: Reaction) -> str:
    if reaction.confidential:
        # The timeline is open to every case worker; what it is about stays with management.
        return _("Customer reaction received; handled by management.")
    return _("Customer reaction (%(kind)s) received by %(channel)s.") % {
        "kind": ReactionKind(reaction.kind).label,
        "channel": Channel(reaction.channel).label,
    }


def _inform_employees(
    *,
    actor: User | None,
    organisation: Organisation,
    reaction: Reaction,
    employees: Iterable[User],
) -> None:
    """The employees concerned are told that a reaction about their work came in (KRM-03); the
    notification names neither the kind nor the text, and links to nothing they could not see."""
    responsible = reaction.item.assignee
    title = _("received on %(date)s, responsible: %(who)s") % {
        "date": clock.local_date(reaction.received_at).strftime("%d.%m.%Y"),
        "who": str(responsible) if responsible else _("management"),
    }
    for employee in employees:
        if actor is not None and employee.id == actor.id:
            continue
        notify(
            user=employee,
            organisation=organisation,
            kind=Notification.Kind.REACTION_RECEIVED,
            params={"title": title},
            include_deputy=False,
        )


@transaction.atomic
def record_reaction(
    *,
    actor: User,
    scope: Scope,
    channel: str,
    kind: str,
    received_at: dt.datetime | None,
    team_ids: Sequence[int],
    text: str,
    customer_number: str | None = None,
    sender_name: str = "",
    sender_address: str = "",
    concerns: Sequence[int] = (),
    employee_usernames: Sequence[str] = (),
    files: Sequence[attachments.Upload] = (),
) -> Reaction:
    """Record a customer reaction, by whoever received it (KRM-01): route it (KRM-03), set its
    clocks (KRM-04), inform the employees concerned and note it in the customer's history.
    ``files`` (scans) are checked first; any bad input saves nothing."""
    received_at = received_at or clock.now()
    errors: dict[str, str] = {}
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    if kind not in ReactionKind.values:
        errors["kind"] = _("Unknown kind of reaction.")
    if received_at > clock.now() + CLOCK_SKEW:
        errors["received_at"] = _("The time of receipt lies in the future.")
    _fail(errors)
    text = _require_text(text, "text", _("Please enter the text of the reaction."))
    sender_name = (sender_name or "").strip()[:200]
    sender_address = (sender_address or "").strip()[:1000]
    teams = _teams(scope, team_ids)
    confidential = kind in CONFIDENTIAL_REACTION_KINDS
    if not teams and not confidential:
        raise InvalidInput(
            _("Please name at least one team concerned."), errors={"teams": _("Required.")}
        )
    received_day = clock.local_date(received_at)
    rules, _version = rules_in_force(scope.organisation, ReactionRules, on=received_day)
    topics = _topics(scope, list(concerns), rules.max_concerns)
    employees = _employees(scope, employee_usernames)
    customer = None
    if customer_number:
        # Internal lookup, not a view: whoever recorded it (even a provider) sees nothing of it.
        customer = Customer.objects.filter(
            organisation=scope.organisation, customer_number=customer_number.strip()
        ).first()
        if customer is None and not scope.may_see_customers:
            # Someone who may not see customer records (a provider) must not learn from the
            # answer whether a number exists: the number is kept in the text for the office.
            text += "\n\n" + _("Customer number given (not found): %(number)s") % {
                "number": customer_number.strip()[:20]
            }
        elif customer is None:
            raise InvalidInput(
                _("Unknown customer number."), errors={"customer_number": _("Unknown.")}
            )

    checked = attachments.check_files(files)
    route: Route = route_reaction(scope.organisation, kind, teams, on=received_day)
    management = scope.has_role(Role.MANAGEMENT, Role.MANAGEMENT_OFFICE)
    decided = scope.has_role(Role.MANAGEMENT) and kind != ReactionKind.UNCLASSIFIED
    return _create(
        actor=actor,
        organisation=scope.organisation,
        route=route,
        channel=channel,
        kind=kind,
        received_at=received_at,
        teams=teams,
        text=text,
        customer=customer,
        sender_name=sender_name,
        sender_address=sender_address,
        topics=topics,
        employees=employees,
        files=checked,
        received_by_management=management,
        decided=decided,
    )


def _create(
    *,
    actor: User | None,
    organisation: Organisation,
    route: Route,
    channel: str,
    kind: str,
    received_at: dt.datetime,
    teams: Sequence[Team],
    text: str,
    customer: Customer | None,
    sender_name: str,
    sender_address: str,
    topics: Sequence[Topic],
    employees: Sequence[User],
    files: Sequence[attachments.CheckedFile],
    received_by_management: bool,
    decided: bool,
    sender_email: str = "",
) -> Reaction:
    """Write a validated reaction: item with clocks, details, concerns, files, history, audit."""
    lead_team = teams[0] if teams else None
    specs, rule_set = clock_specs(
        organisation,
        kind=kind,
        channel=channel,
        received_day=clock.local_date(received_at),
        site=_site(organisation, lead_team),
    )
    item = work_actions.create_item(
        actor=actor,
        organisation=organisation,
        kind=Kind.REACTION,
        title=_title(kind, customer, sender_name, received_at),
        received_at=received_at,
        customer=customer,
        team=route.team,
        assignee=route.assignee,
        priority=PRIORITY,
        deadlines=specs,
        rule_set=rule_set,
    )
    reaction = Reaction.objects.create(
        organisation=organisation,
        item=item,
        channel=channel,
        kind=kind,
        received_at=received_at,
        customer=customer,
        sender_name=sender_name,
        sender_address=sender_address,
        sender_email=sender_email,
        text=text,
        lead_team=lead_team,
        recorded_by=actor,
        received_by_management=received_by_management,
        classification_decided_by=actor if decided else None,
        classification_decided_at=clock.now() if decided else None,
    )
    store_report_facts(reaction)
    reaction.teams.set(teams)
    reaction.employees_concerned.set(employees)
    Concern.objects.bulk_create(Concern(reaction=reaction, topic=topic) for topic in topics)
    attachments.store(actor=actor, reaction=reaction, files=files)
    _inform_employees(
        actor=actor, organisation=organisation, reaction=reaction, employees=employees
    )
    if customer is not None:
        add_history_entry(
            actor=actor,
            customer=customer,
            kind="reaction",
            text=_history_text(reaction),
            ref=reaction,
            at=received_at,
        )
    record(
        actor=actor,
        organisation=organisation,
        action="reaction.created",
        obj=reaction,
        new={
            "channel": channel,
            "kind": kind,
            "customer": customer.id if customer else None,
            "teams": [t.id for t in teams],
            "assignee": route.assignee.id if route.assignee else None,
            "deadlines": {s.code: s.due_date.isoformat() for s in specs},
        },
    )
    return reaction


# --- Who may act ------------------------------------------------------------------------------


def ensure_may_act(scope: Scope, reaction: Reaction) -> None:
    """Management and its office; for other reactions also the person responsible, their
    deputy and the leads of the lead team (TL, stv. TL, BL of its area)."""
    if reaction.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer reaction not found."))
    if sees_confidential(scope):
        return
    if reaction.confidential:
        raise NotFound(_("Customer reaction not found."))
    if reaction.item.assignee_id in responsible_ids(scope):
        return
    team = reaction.lead_team
    if team is not None and (team.id in scope.led_team_ids or team.area_id in scope.area_ids):
        return
    raise Forbidden(_("You are not responsible for this customer reaction."))


def _locked(reaction: Reaction) -> Reaction:
    locked = Reaction.objects.select_for_update().select_related("item").get(id=reaction.id)
    return locked


def store_report_facts(reaction: Reaction) -> None:
    """Copy the acknowledgement and resolution clocks (due day, Berlin day met) and the day of
    completion onto the reaction for the KRM report (KRM-10). The one writer of these fields:
    every action that changes a reaction's clocks or completes it calls this afterwards."""
    completed_at = WorkItem.objects.values_list("completed_at", flat=True).get(id=reaction.item_id)
    clocks = {
        d.code: d
        for d in Deadline.objects.filter(
            item_id=reaction.item_id, code__in=(ACKNOWLEDGEMENT, RESOLUTION)
        )
    }
    ack, res = clocks.get(ACKNOWLEDGEMENT), clocks.get(RESOLUTION)
    facts = {
        "acknowledgement_due": ack.due_date if ack else None,
        "acknowledgement_met_on": clock.local_date(ack.met_at) if ack and ack.met_at else None,
        "resolution_due": res.due_date if res else None,
        "resolution_met_on": clock.local_date(res.met_at) if res and res.met_at else None,
        "completed_on": clock.local_date(completed_at) if completed_at else None,
    }
    Reaction.objects.filter(id=reaction.id).update(**facts)
    for name, value in facts.items():
        setattr(reaction, name, value)


# --- Classification (KRM-02) ----------------------------------------------------------------


def _reset_clocks(reaction: Reaction, item: WorkItem) -> None:
    """After a change of kind: the clocks the new kind has under the rules of the day of receipt
    (met clocks stay as they are), and the item's due date mirrors them."""
    specs, _rule_set = clock_specs(
        reaction.organisation,
        kind=reaction.kind,
        channel=reaction.channel,
        received_day=item.start_date,
        site=_site(reaction.organisation, reaction.lead_team),
    )
    wanted = {s.code: s for s in specs}
    existing = {d.code: d for d in item.deadlines.all()}
    for code, deadline in existing.items():
        if code not in wanted and deadline.met_at is None:
            deadline.delete()
    work_rules, _version = rules_in_force(reaction.organisation, WorkRules, on=item.start_date)
    Deadline.objects.bulk_create(
        Deadline(
            item=item,
            code=spec.code,
            due_date=spec.due_date,
            amber_from=fristen.amber_date(item.start_date, spec.due_date, work_rules.amber_share),
        )
        for code, spec in wanted.items()
        if code not in existing
    )
    first = item.deadlines.filter(met_at__isnull=True).order_by("due_date").first()
    item.due_date = first.due_date if first else None
    item.amber_from = first.amber_from if first else None
    store_report_facts(reaction)


@transaction.atomic
def classify(*, actor: User, scope: Scope, reaction: Reaction, kind: str) -> Reaction:
    """Management decides the kind, above all whether a complaint is about a member of staff's
    conduct (Dienstaufsichtsbeschwerde, KRM-02); that moves the reaction to management and out of
    every team's sight, and back to the lead team's TL the other way round."""
    if reaction.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer reaction not found."))
    if not (scope.is_superuser or scope.has_role(Role.MANAGEMENT)):
        raise Forbidden(_("Only management decides the kind of a customer reaction."))
    if kind not in ReactionKind.values or kind == ReactionKind.UNCLASSIFIED:
        raise InvalidInput(_("Unknown kind of reaction."), errors={"kind": _("Unknown.")})
    reaction = _locked(reaction)
    item = WorkItem.objects.select_for_update().get(id=reaction.item_id)
    if item.status != Status.OPEN:
        raise Conflict(_("This customer reaction has already been completed."))
    old_kind = reaction.kind
    reaction.kind = kind
    reaction.classification_decided_by = actor
    reaction.classification_decided_at = clock.now()
    reaction.save(update_fields=["kind", "classification_decided_by", "classification_decided_at"])
    old_assignee = item.assignee_id
    if (old_kind in CONFIDENTIAL_REACTION_KINDS) != reaction.confidential:
        teams = [reaction.lead_team] if reaction.lead_team else []
        if not teams and not reaction.confidential:
            raise InvalidInput(
                _("Please name at least one team concerned."), errors={"teams": _("Required.")}
            )
        route = route_reaction(reaction.organisation, kind, teams)
        item.team = route.team
        item.assignee = route.assignee
    _reset_clocks(reaction, item)
    item.title = _title(kind, reaction.customer, reaction.sender_name, reaction.received_at)[:200]
    item.light_notified = ""
    item.save(
        update_fields=[
            "team",
            "assignee",
            "title",
            "due_date",
            "amber_from",
            "light_notified",
            "updated_at",
        ]
    )
    if item.assignee is not None and item.assignee_id != old_assignee and item.assignee != actor:
        notify(
            user=item.assignee,
            organisation=scope.organisation,
            kind=Notification.Kind.ITEM_ASSIGNED,
            item=item,
            params={"title": item.title},
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.classified",
        obj=reaction,
        old={"kind": old_kind, "assignee": old_assignee},
        new={"kind": kind, "assignee": item.assignee_id, "team": item.team_id},
    )
    reaction.item = item
    return reaction


# --- Acknowledgement (KRM-04, KRM-05) ---------------------------------------------------------


@transaction.atomic
def record_acknowledgement_sent(
    *, actor: User, scope: Scope, reaction: Reaction, channel: str, sent_on: dt.date
) -> Reaction:
    """The acknowledgement of receipt went out; it meets the acknowledgement clock."""
    ensure_may_act(scope, reaction)
    errors: dict[str, str] = {}
    if channel not in AcknowledgementChannel.values:
        errors["channel"] = _("The acknowledgement goes out by letter, fax or e-mail.")
    if sent_on > clock.today():
        errors["sent_on"] = _("The date of sending lies in the future.")
    elif sent_on < clock.local_date(reaction.received_at):
        errors["sent_on"] = _("The date of sending lies before the day of receipt.")
    _fail(errors)
    reaction = _locked(reaction)
    if reaction.acknowledgement_sent_at is not None:
        raise Conflict(_("The acknowledgement has already been recorded."))
    if reaction.item.status != Status.OPEN:
        raise Conflict(_("This customer reaction has already been completed."))
    reaction.acknowledgement_sent_at = sent_on
    reaction.acknowledgement_channel = channel
    reaction.save(update_fields=["acknowledgement_sent_at", "acknowledgement_channel"])
    if reaction.item.deadlines.filter(code=ACKNOWLEDGEMENT).exists():
        reaction.item = work_actions.meet_deadline(
            actor=actor,
            scope=scope,
            item=reaction.item,
            code=ACKNOWLEDGEMENT,
            at=clock.start_of_day(sent_on),
        )
        store_report_facts(reaction)
    if reaction.customer is not None:
        add_history_entry(
            actor=actor,
            customer=reaction.customer,
            kind="letter",
            text=_("Acknowledgement of receipt of a customer reaction sent by %(channel)s.")
            % {"channel": AcknowledgementChannel(channel).label},
            ref=reaction,
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.acknowledged",
        obj=reaction,
        new={"channel": channel, "sent_on": sent_on.isoformat()},
    )
    return reaction


# --- Outcome and register (KRM-09) ------------------------------------------------------------


@transaction.atomic
def record_outcome(
    *,
    actor: User,
    scope: Scope,
    reaction: Reaction,
    outcome: str,
    summary: str,
    concern_outcomes: Mapping[int, str] | None = None,
) -> Reaction:
    """Justified, partly justified or unjustified, with a summary; completes the reaction.
    Concerns without an outcome of their own take the reaction's."""
    ensure_may_act(scope, reaction)
    if reaction.kind == ReactionKind.PETITION:
        raise InvalidInput(
            _("Petitions follow their own procedure."), errors={"kind": _("Petition.")}
        )
    if reaction.kind == ReactionKind.UNCLASSIFIED:
        raise InvalidInput(
            _("Management has not yet decided the kind of this reaction."),
            errors={"kind": _("Not yet classified.")},
        )
    if outcome not in Outcome.values:
        raise InvalidInput(
            _("The outcome must be justified, partly justified or unjustified."),
            errors={"outcome": _("Unknown.")},
        )
    summary = _require_text(summary, "summary", _("Please summarise the outcome."), limit=MAX_TEXT)
    concerns = {c.id: c for c in reaction.concerns.all()}
    given = {int(k): v for k, v in (concern_outcomes or {}).items()}
    if any(k not in concerns for k in given):
        raise InvalidInput(
            _("Unknown concern of this reaction."), errors={"concerns": _("Unknown concern.")}
        )
    if any(v not in Outcome.values for v in given.values()):
        raise InvalidInput(
            _("The outcome must be justified, partly justified or unjustified."),
            errors={"concerns": _("Unknown outcome.")},
        )
    reaction = _locked(reaction)
    work_actions.complete_item(actor=actor, scope=scope, item=reaction.item, note=summary)
    store_report_facts(reaction)
    reaction.outcome = outcome
    reaction.outcome_summary = summary
    reaction.save(update_fields=["outcome", "outcome_summary"])
    for concern_id, concern in concerns.items():
        concern.outcome = given.get(concern_id, outcome)
        concern.save(update_fields=["outcome"])
    if reaction.customer is not None:
        text = (
            _("Customer reaction completed.")
            if reaction.confidential
            else _("Customer reaction completed (%(outcome)s): %(summary)s")
            % {"outcome": Outcome(outcome).label, "summary": summary}
        )
        add_history_entry(
            actor=actor, customer=reaction.customer, kind="reaction", text=text, ref=reaction
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.outcome_recorded",
        obj=reaction,
        new={"outcome": outcome, "concerns": {c: o.outcome for c, o in concerns.items()}},
    )
    reaction.item.refresh_from_db()
    return reaction


@transaction.atomic
def make_register_entry(*, actor: User, scope: Scope, reaction: Reaction) -> Reaction:
    """The management office makes the final entry in the KRM register (KRM-09)."""
    if reaction.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer reaction not found."))
    if not (scope.is_superuser or scope.has_role(Role.MANAGEMENT_OFFICE)):
        raise Forbidden(_("Only the management office makes the register entry."))
    reaction = _locked(reaction)
    if not reaction.outcome:
        raise Conflict(_("The outcome of this reaction has not been recorded yet."))
    if reaction.register_entry_at is not None:
        raise Conflict(_("This reaction has already been entered in the register."))
    reaction.register_entry_at = clock.now()
    reaction.register_entry_by = actor
    reaction.save(update_fields=["register_entry_at", "register_entry_by"])
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.register_entry",
        obj=reaction,
        new={"outcome": reaction.outcome},
    )
    return reaction


# --- Topics (KRM-02a) -------------------------------------------------------------------------


@transaction.atomic
def add_topic(*, actor: User, scope: Scope, name: str) -> Topic:
    """A new entry of the organisation's topic list (management, its office, admin)."""
    if not (
        scope.is_superuser or scope.has_role(Role.MANAGEMENT, Role.MANAGEMENT_OFFICE, Role.ADMIN)
    ):
        raise Forbidden(_("You may not change the topic list."))
    name = _require_text(name, "name", _("Please enter the name of the topic."), limit=100)
    if Topic.objects.filter(organisation=scope.organisation, name__iexact=name).exists():
        raise InvalidInput(_("This topic already exists."), errors={"name": _("Already exists.")})
    topic = Topic.objects.create(organisation=scope.organisation, name=name)
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.topic_added",
        obj=topic,
        new={"name": name},
    )
    return topic


# --- Teams and lead team (KRM-03) -----------------------------------------------------------


@transaction.atomic
def set_teams(
    *, actor: User, scope: Scope, reaction: Reaction, team_ids: Sequence[int], lead_team_id: int
) -> Reaction:
    """Set the teams concerned and the lead team (federführend); for a reaction that is not
    led by management the item moves to the lead team's TL (KRM-03). Also how the management
    office assigns an online reaction that came in without a team."""
    ensure_may_act(scope, reaction)
    teams = _teams(scope, [lead_team_id, *team_ids])
    lead = teams[0]
    reaction = _locked(reaction)
    item = WorkItem.objects.select_for_update().get(id=reaction.item_id)
    if item.status != Status.OPEN:
        raise Conflict(_("This customer reaction has already been completed."))
    old = {"teams": sorted(t.id for t in reaction.teams.all()), "lead_team": reaction.lead_team_id}
    reaction.teams.set(teams)
    reaction.lead_team = lead
    reaction.save(update_fields=["lead_team"])
    old_assignee = item.assignee_id
    if not reaction.confidential and not reaction.instructions.exists():
        route = route_reaction(reaction.organisation, reaction.kind, teams)
        item.team = route.team
        item.assignee = route.assignee
        item.save(update_fields=["team", "assignee", "updated_at"])
        assignee = item.assignee
        if assignee is not None and assignee.id != old_assignee and assignee != actor:
            notify(
                user=assignee,
                organisation=scope.organisation,
                kind=Notification.Kind.ITEM_ASSIGNED,
                item=item,
                params={"title": item.title},
            )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.teams_set",
        obj=reaction,
        old=old,
        new={"teams": [t.id for t in teams], "lead_team": lead.id, "assignee": item.assignee_id},
    )
    reaction.item = item
    return reaction


# --- Public form (KRM-01) ---------------------------------------------------------------------

PUBLIC_KINDS = (
    ReactionKind.COMPLAINT,
    ReactionKind.CRITICISM,
    ReactionKind.PRAISE,
    ReactionKind.SUGGESTION,
)
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")
MAX_PUBLIC_TEXT = 5000


def _plain(value: str, field: str, errors: dict[str, str]) -> str:
    value = (value or "").strip()
    if HTML_TAG.search(value):
        errors[field] = _("Please enter plain text without HTML tags.")
    return value


@transaction.atomic
def record_public_reaction(
    *,
    organisation: Organisation,
    kind: str,
    text: str,
    sender_name: str,
    sender_email: str = "",
    sender_address: str = "",
    customer_number: str = "",
    files: Sequence[attachments.Upload] = (),
) -> Reaction:
    """A reaction sent through the public portal (channel online, no login). It has no team
    yet: it goes to the management office, which classifies and assigns it. Whether a customer
    number exists is never told to the sender; an unknown one is noted in the text."""
    errors: dict[str, str] = {}
    if kind not in PUBLIC_KINDS:
        errors["kind"] = _("Please choose what your message is.")
    sender_name = _plain(sender_name, "sender_name", errors)
    if not sender_name:
        errors["sender_name"] = _("Please enter your name.")
    elif len(sender_name) > 200:
        errors["sender_name"] = _("Too long.")
    sender_address = _plain(sender_address, "sender_address", errors)[:1000]
    text = _plain(text, "text", errors)
    if not text:
        errors["text"] = _("Please enter your message.")
    elif len(text) > MAX_PUBLIC_TEXT:
        errors["text"] = _("The text is too long (at most %(n)d characters).") % {
            "n": MAX_PUBLIC_TEXT
        }
    sender_email = (sender_email or "").strip()
    if sender_email:
        try:
            validate_email(sender_email)
        except ValidationError:
            errors["sender_email"] = _("Please enter a valid e-mail address.")
    number = (customer_number or "").strip()[:20]
    if number and not re.fullmatch(r"[A-Za-z0-9./ -]+", number):
        errors["customer_number"] = _("Please enter the customer number as on our letters.")
    _fail(errors)
    if len(files) > 1:
        raise InvalidInput(
            _("Please attach at most one file."), errors={"attachment": _("Too many files.")}
        )
    checked = attachments.check_files(files, field="attachment")
    customer = None
    if number:
        customer = Customer.objects.filter(
            organisation=organisation, customer_number=number
        ).first()
        if customer is None:
            text += "\n\n" + _("Customer number given (not found): %(number)s") % {"number": number}
    received_at = clock.now()
    office = management_office_of(organisation) or management_of(organisation)
    reaction = _create(
        actor=None,
        organisation=organisation,
        route=Route(team=None, assignee=office),
        channel=Channel.ONLINE,
        kind=kind,
        received_at=received_at,
        teams=[],
        text=text,
        customer=customer,
        sender_name=sender_name,
        sender_address=sender_address,
        topics=[],
        employees=[],
        files=checked,
        received_by_management=False,
        decided=False,
        sender_email=sender_email,
    )
    if sender_email:
        transaction.on_commit(partial(_enqueue_confirmation, reaction.id))
    return reaction


def _enqueue_confirmation(reaction_id: int) -> None:
    from anliegen.reactions.tasks import send_public_confirmation

    send_public_confirmation.enqueue(reaction_id)


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
    item = WorkItem.objects.select_for_update().get(id=reaction.item_id)
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
