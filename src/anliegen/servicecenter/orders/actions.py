"""Processing orders (*Bearbeitungsaufträge*, SOC-06): into the special inbox
(*Sonderpostkorb*) of an OS team of the region, with a deadline of [decision] 5 working days
(rules) on the calendar of the OS team's site; taken or assigned, and completed with a
resolution text. Every change goes through here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.core.text import ensure_plain, markup_errors
from anliegen.customers.actions import add_history_entry
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Membership, Team, User
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.models import CallRecord, ProcessingOrder
from anliegen.servicecenter.rules import ServiceCentreRules, rules_in_force
from anliegen.work import actions as work_actions
from anliegen.work.calendars import calendar_for
from anliegen.work.locking import lock_item
from anliegen.work.models import Kind, Status, WorkItem

MAX_CONCERN = 5000


def orders_visible_to(scope: Scope) -> QuerySet[ProcessingOrder]:
    """Orders of the OS teams the actor sees, and those the actor sent (senders may follow
    them)."""
    orders = ProcessingOrder.objects.filter(organisation=scope.organisation).select_related(
        "item", "item__assignee", "team", "team__area", "customer", "call"
    )
    if scope.org_wide:
        return orders
    return orders.filter(Q(team_id__in=queries.os_team_ids(scope)) | Q(item__created_by=scope.user))


def get_order_for(scope: Scope, item_id: int) -> ProcessingOrder:
    try:
        return orders_visible_to(scope).get(item_id=item_id)
    except (ProcessingOrder.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Processing order not found.")) from None


def _os_team(scope: Scope, team_id: object) -> Team:
    team = None
    if isinstance(team_id, int) or (isinstance(team_id, str) and team_id.isdigit()):
        team = queries.os_teams(scope.organisation).filter(id=int(team_id)).first()
    if team is None:
        message = _("This team is no operative-service team of the region.")
        raise InvalidInput(message, errors={"team": message})
    return team


@dataclass(frozen=True)
class CheckedOrder:
    """An order that passed :func:`validate_order`: the OS team and the stripped concern."""

    team: Team
    concern: str


def validate_order(scope: Scope, *, team_id: object, concern: str) -> CheckedOrder:
    """The checks of an order's own fields, without writing; every bad field at once (422)."""
    errors: dict[str, str] = {}
    concern = concern.strip()
    if not concern:
        errors["concern"] = _("Describe the concern.")
    elif len(concern) > MAX_CONCERN:
        errors["concern"] = _("The concern is too long (at most 5,000 characters).")
    else:
        errors.update(markup_errors(concern=concern))
    try:
        team = _os_team(scope, team_id)
    except InvalidInput as exc:
        errors.update(exc.errors)
        team = None
    if errors or team is None:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    return CheckedOrder(team, concern)


def ensure_may_send(scope: Scope) -> None:
    """Only the service centre's staff send processing orders (403)."""
    if not queries.is_sc_staff(scope):
        raise Forbidden(_("Only the service centre sends processing orders."))


@transaction.atomic
def create_order(
    *,
    actor: User,
    scope: Scope,
    team_id: object,
    customer: Customer,
    concern: str,
    call: CallRecord | None = None,
    call_id: str = "",
) -> ProcessingOrder:
    """A processing order from the service centre into an OS team's special inbox."""
    ensure_may_send(scope)
    checked = validate_order(scope, team_id=team_id, concern=concern)
    if customer.organisation_id != scope.organisation.id:
        raise InvalidInput(_("No customer with this number."), errors={"customer_number": "?"})
    received = clock.now()
    rules, _version = rules_in_force(scope.organisation, on=clock.local_date(received))
    return send_order(
        actor=actor,
        scope=scope,
        order=checked,
        customer=customer,
        rules=rules,
        received=received,
        call=call,
        call_id=call_id,
    )


def send_order(
    *,
    actor: User,
    scope: Scope,
    order: CheckedOrder,
    customer: Customer,
    rules: ServiceCentreRules,
    received: dt.datetime | None = None,
    call: CallRecord | None = None,
    call_id: str = "",
) -> ProcessingOrder:
    """Write an order already checked by :func:`validate_order`, its sender checked by
    :func:`ensure_may_send` and its customer by the caller (of ``scope``'s organisation), with
    the ``rules`` the caller read: :func:`create_order`, and ``calls.record_call`` for the order
    sent with a call (checked once with the call; the rules in force on the call's day). Runs
    inside the caller's transaction."""
    received = received or clock.now()
    start = clock.local_date(received)
    team = order.team
    calendar, _cal = calendar_for(scope.organisation, site=team.area.site, on=start)
    due = fristen.due_in_working_days(start, rules.processing_order_working_days, calendar)
    item = work_actions.create_item(
        actor=actor,
        organisation=scope.organisation,
        kind=Kind.PROCESSING_ORDER,
        title=_("Processing order: %(customer)s") % {"customer": customer.display_name},
        received_at=received,
        customer=customer,
        team=team,
        deadlines=[work_actions.DeadlineSpec("main", due)],
        note=order.concern,
        priority=3,
    )
    if call is not None:
        call_id = call.call_id
    created = ProcessingOrder.objects.create(
        item=item,
        organisation=scope.organisation,
        team=team,
        customer=customer,
        concern=order.concern,
        call=call,
        call_ref=call_id.strip()[:100],
    )
    add_history_entry(
        actor=actor,
        customer=customer,
        kind=HistoryEntry.Kind.NOTE,
        text=_("Processing order to %(team)s (due %(due)s): %(concern)s")
        % {"team": team.name, "due": due.strftime("%d.%m.%Y"), "concern": order.concern},
        ref=created,
        at=received,
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="servicecenter.order_created",
        obj=created,
        new={"item": item.id, "team": team.id, "due_date": due.isoformat(), "call_id": call_id},
    )
    return created


@transaction.atomic
def assign_order(*, actor: User, scope: Scope, order: ProcessingOrder, assignee: User) -> WorkItem:
    """The OS team lead assigns an order to a member of the team; a member takes an unassigned
    order for themselves. Of two members taking it at once, exactly one gets it."""
    members = Membership.objects.filter(team=order.team, user=assignee, user__is_active=True)
    if not members.exists():
        message = _("The assignee is no member of the team %(team)s.") % {"team": order.team.name}
        raise InvalidInput(message, errors={"assignee": message})
    item = order.item
    if scope.may_lead_team(order.team_id):
        return work_actions.reassign_items(
            actor=actor, scope=scope, items=[item], assignee=assignee
        )[0]
    if (
        assignee.id != actor.id
        or not Membership.objects.filter(team=order.team, user=actor).exists()
    ):
        raise Forbidden(_("Only the team lead assigns orders; members take them for themselves."))
    locked = lock_item(item.id)  # the lock order of work.locking: the item first
    if locked.status != Status.OPEN or locked.assignee_id is not None:
        raise Conflict(_("Someone else has taken this order, or it is no longer open."))
    WorkItem.objects.filter(id=item.id).update(assignee=actor, updated_at=clock.now())
    item.refresh_from_db()
    record(
        actor=actor,
        organisation=scope.organisation,
        action="work.reassigned",
        obj=item,
        old={"assignee": None},
        new={"assignee": actor.id},
    )
    return item


@transaction.atomic
def complete_order(
    *, actor: User, scope: Scope, order: ProcessingOrder, resolution: str
) -> ProcessingOrder:
    """Complete an order with a resolution text; it leaves the special inbox."""
    resolution = resolution.strip()
    if not resolution:
        message = _("Describe how the order was resolved.")
        raise InvalidInput(message, errors={"resolution": message})
    if len(resolution) > MAX_CONCERN:
        message = _("The resolution is too long (at most 5,000 characters).")
        raise InvalidInput(message, errors={"resolution": message})
    ensure_plain(resolution=resolution)
    work_actions.complete_item(actor=actor, scope=scope, item=order.item, note=resolution)
    ProcessingOrder.objects.filter(id=order.id).update(resolution=resolution)
    order.refresh_from_db()
    add_history_entry(
        actor=actor,
        customer=order.customer,
        kind=HistoryEntry.Kind.NOTE,
        text=_("Processing order completed: %(text)s") % {"text": resolution},
        ref=order,
    )
    return order
