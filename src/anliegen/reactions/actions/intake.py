"""Recording reactions (KRM-01, KRM-03): by staff and providers, and from the public form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.core.text import ensure_plain, markup_errors
from anliegen.customers.actions import add_history_entry
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, staff_of
from anliegen.reactions import attachments
from anliegen.reactions.actions.clocks import _site, clock_specs
from anliegen.reactions.actions.common import (
    CLOCK_SKEW,
    PRIORITY,
    _fail,
    _require_text,
    store_report_facts,
)
from anliegen.reactions.models import (
    Channel,
    Concern,
    Reaction,
    ReactionKind,
    Topic,
)
from anliegen.reactions.routing import (
    Route,
    management_of,
    management_office_of,
    route_reaction,
)
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ReactionRules
from anliegen.work import actions as work_actions
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS
from anliegen.work.models import Kind, Notification
from anliegen.work.notify import notify

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
    ensure_plain(sender_name=sender_name, sender_address=sender_address)
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


# --- Public form (KRM-01) ---------------------------------------------------------------------

PUBLIC_KINDS = (
    ReactionKind.COMPLAINT,
    ReactionKind.CRITICISM,
    ReactionKind.PRAISE,
    ReactionKind.SUGGESTION,
)
MAX_PUBLIC_TEXT = 5000


def _plain(value: str, field: str, errors: dict[str, str]) -> str:
    value = (value or "").strip()
    errors.update(markup_errors(**{field: value}))
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
