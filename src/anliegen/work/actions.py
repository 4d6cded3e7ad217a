"""Every change to work items (FND-07, FND-08). API and HTML views call these functions only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.audit.models import AuditEntry
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.core.text import ensure_plain
from anliegen.customers.models import Customer
from anliegen.org.models import Absence, Organisation, Team, User
from anliegen.org.scope import Scope, deputy_of, scope_for, staff_of, team_lead_of
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import WorkRules
from anliegen.work.access import ensure_may_act
from anliegen.work.dates import check_follow_up_date
from anliegen.work.locking import lock_item, lock_open_item
from anliegen.work.models import Deadline, Kind, Notification, Status, WorkItem
from anliegen.work.notify import _enqueue_email, notify


@dataclass(frozen=True)
class DeadlineSpec:
    """A clock to put on a new item: its code and its due date (computed by the procedure)."""

    code: str
    due_date: dt.date


def _amber(organisation: Organisation, start: dt.date, due: dt.date) -> dt.date:
    rules, _version = rules_in_force(organisation, WorkRules, on=start)
    return fristen.amber_date(start, due, rules.amber_share)


def _snapshot(item: WorkItem) -> dict[str, object]:
    return {
        "status": item.status,
        "assignee": item.assignee_id,
        "team": item.team_id,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "priority": item.priority,
    }


def _sync_due(item: WorkItem) -> None:
    """The item's own due date mirrors its earliest clock that is not met yet."""
    first = item.deadlines.filter(met_at__isnull=True).order_by("due_date").first()
    item.due_date = first.due_date if first else None
    item.amber_from = first.amber_from if first else None


@transaction.atomic
def create_item(
    *,
    actor: User | None,
    organisation: Organisation,
    kind: str,
    title: str,
    received_at: dt.datetime | None = None,
    customer: Customer | None = None,
    team: Team | None = None,
    assignee: User | None = None,
    priority: int = 5,
    deadlines: Sequence[DeadlineSpec] = (),
    rule_set: RuleSet | None = None,
    note: str = "",
    visible_from: dt.date | None = None,
    parent: WorkItem | None = None,
) -> WorkItem:
    """Create a work item with its clocks (inside the caller's transaction, if any)."""
    item, clocks = _prepare_item(
        actor=actor,
        organisation=organisation,
        kind=kind,
        title=title,
        received_at=received_at,
        customer=customer,
        team=team,
        assignee=assignee,
        priority=priority,
        deadlines=deadlines,
        rule_set=rule_set,
        note=note,
        visible_from=visible_from,
        parent=parent,
    )
    item.save(force_insert=True)
    Deadline.objects.bulk_create(
        Deadline(item=item, code=spec.code, due_date=spec.due_date, amber_from=amber)
        for spec, amber in clocks
    )
    record(
        actor=actor, organisation=organisation, action="work.created", obj=item, new=_snapshot(item)
    )
    recipient = _announce_to(item, actor)
    if recipient is not None:
        notify(
            user=recipient,
            organisation=organisation,
            kind=Notification.Kind.ITEM_ASSIGNED,
            item=item,
            params={"title": item.title},
        )
    return item


def _prepare_item(
    *,
    actor: User | None,
    organisation: Organisation,
    kind: str,
    title: str,
    received_at: dt.datetime | None,
    customer: Customer | None,
    team: Team | None,
    assignee: User | None,
    priority: int,
    deadlines: Sequence[DeadlineSpec],
    rule_set: RuleSet | None,
    note: str,
    visible_from: dt.date | None,
    parent: WorkItem | None,
    amber_shares: dict[dt.date, float] | None = None,
) -> tuple[WorkItem, list[tuple[DeadlineSpec, dt.date]]]:
    """Validate a new item and build it (unsaved) with its clocks — shared by
    :func:`create_item` and :func:`create_items`. ``amber_shares`` caches the rules' amber share
    per day of receipt over many items."""
    if not title.strip():
        raise InvalidInput(_("A title is required."))
    received_at = received_at or clock.now()
    start = clock.local_date(received_at)
    if any(spec.due_date < start for spec in deadlines):
        raise InvalidInput(_("A deadline cannot lie before the day of receipt."))
    # The clocks and the item's own due date (the earliest clock, as _sync_due would set it) are
    # computed before writing: one INSERT for the item, one for its clocks.
    clocks: list[tuple[DeadlineSpec, dt.date]] = []
    if deadlines:
        share = amber_shares.get(start) if amber_shares is not None else None
        if share is None:
            work_rules, _version = rules_in_force(organisation, WorkRules, on=start)
            share = work_rules.amber_share
            if amber_shares is not None:
                amber_shares[start] = share
        clocks = [(spec, fristen.amber_date(start, spec.due_date, share)) for spec in deadlines]
    first = min(clocks, key=lambda clock_: clock_[0].due_date) if clocks else None
    item = WorkItem(
        organisation=organisation,
        kind=kind,
        title=title.strip()[:200],
        customer=customer,
        team=team,
        assignee=assignee,
        priority=priority,
        received_at=received_at,
        start_date=start,
        due_date=first[0].due_date if first else None,
        amber_from=first[1] if first else None,
        visible_from=visible_from,
        rule_set=rule_set,
        note=note,
        parent=parent,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    return item, clocks


def _announce_to(item: WorkItem, actor: User | None) -> User | None:
    """Whom a new item is announced to now: its assignee (or the team's lead), unless that is
    the actor. An item that enters the worklist later (a follow-up) is announced on its day by
    the periodic job (follow_up_due), not now."""
    recipient = item.assignee or (team_lead_of(item.team) if item.team else None)
    shows_now = item.visible_from is None or item.visible_from <= clock.today()
    if recipient is not None and shows_now and (actor is None or recipient.id != actor.id):
        return recipient
    return None


@dataclass(frozen=True)
class NewItem:
    """One item for :func:`create_items` (the keyword arguments of :func:`create_item`)."""

    kind: str
    title: str
    customer: Customer | None = None
    team: Team | None = None
    assignee: User | None = None
    priority: int = 5
    deadlines: Sequence[DeadlineSpec] = ()
    rule_set: RuleSet | None = None
    note: str = ""
    visible_from: dt.date | None = None
    parent: WorkItem | None = None
    received_at: dt.datetime | None = None


@transaction.atomic
def create_items(
    *, actor: User | None, organisation: Organisation, items: Sequence[NewItem]
) -> list[WorkItem]:
    """Create many items at once (periodic jobs, e.g. the KON-03 review follow-ups): the same
    rows as :func:`create_item` per item — the item, its clocks, the ``work.created`` audit
    entry and the assignment notification (with the deputy of an absent recipient and the
    e-mail after commit) — written with one ``bulk_create`` per table. Any invalid item rejects
    all of them."""
    amber_shares: dict[dt.date, float] = {}
    prepared = [
        _prepare_item(
            actor=actor,
            organisation=organisation,
            kind=spec.kind,
            title=spec.title,
            received_at=spec.received_at,
            customer=spec.customer,
            team=spec.team,
            assignee=spec.assignee,
            priority=spec.priority,
            deadlines=spec.deadlines,
            rule_set=spec.rule_set,
            note=spec.note,
            visible_from=spec.visible_from,
            parent=spec.parent,
            amber_shares=amber_shares,
        )
        for spec in items
    ]
    created = WorkItem.objects.bulk_create([item for item, _clocks in prepared])
    Deadline.objects.bulk_create(
        Deadline(item=item, code=spec.code, due_date=spec.due_date, amber_from=amber)
        for item, clocks in prepared
        for spec, amber in clocks
    )
    audit_actor = actor if actor is not None and actor.is_authenticated else None
    at = clock.now()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            organisation=organisation,
            actor=audit_actor,
            at=at,
            action="work.created",
            object_type=item._meta.label_lower,
            object_id=str(item.pk),
            old={},
            new=_snapshot(item),
        )
        for item in created
    )
    _notify_assigned(organisation, [(item, _announce_to(item, actor)) for item in created])
    return created


def _notify_assigned(
    organisation: Organisation, announced: Sequence[tuple[WorkItem, User | None]]
) -> None:
    """What :func:`~anliegen.work.notify.notify` writes for each (item, recipient) pair —
    the recipient and, while they are absent, their deputy — in one ``bulk_create``; each
    person's deputy is looked up once."""
    people = {user.id for _item, user in announced if user is not None}
    # deputy_of is None for anyone present: ask it only for the absent
    today = clock.today()
    absent = set(
        Absence.objects.filter(
            organisation=organisation, user_id__in=people, start__lte=today, end__gte=today
        ).values_list("user_id", flat=True)
    )
    deputies: dict[int, User | None] = {}
    notifications: list[Notification] = []
    for item, user in announced:
        if user is None:
            continue
        if user.id not in deputies:
            deputies[user.id] = deputy_of(user, organisation) if user.id in absent else None
        deputy = deputies[user.id]
        recipients = [user] if deputy is None or deputy.id == user.id else [user, deputy]
        notifications.extend(
            Notification(
                organisation=organisation,
                user=recipient,
                kind=Notification.Kind.ITEM_ASSIGNED,
                item=item,
                params={"title": item.title},
            )
            for recipient in recipients
        )
    for notification in Notification.objects.bulk_create(notifications):
        if notification.user.email:
            transaction.on_commit(partial(_enqueue_email, notification.id))


@transaction.atomic
def complete_item(*, actor: User, scope: Scope, item: WorkItem, note: str = "") -> WorkItem:
    """Complete an open item. Of two people completing it at once, exactly one succeeds: the
    item row is locked first (:mod:`anliegen.work.locking`), the other gets a Conflict."""
    ensure_may_act(scope, item)
    locked = lock_open_item(item.id, _("This item has already been completed."))
    old = _snapshot(locked)
    now = clock.now()
    WorkItem.objects.filter(id=item.id).update(
        status=Status.DONE, completed_at=now, completed_by=actor
    )
    item.refresh_from_db()
    item.deadlines.filter(met_at__isnull=True).update(met_at=now)
    record(
        actor=actor,
        organisation=item.organisation,
        action="work.completed",
        obj=item,
        old=old,
        new={**_snapshot(item), "note": note},
    )
    return item


@transaction.atomic
def move_deadline(
    *, actor: User, scope: Scope, item: WorkItem, code: str, due_date: dt.date
) -> WorkItem:
    """Set a clock of an open item to a new date (e.g. a commitment to the customer)."""
    ensure_may_act(scope, item)
    locked = lock_open_item(item.id)
    deadline = locked.deadlines.filter(code=code).first()
    if deadline is None:
        raise InvalidInput(_("The item has no such deadline."))
    old = _snapshot(locked)
    deadline.due_date = due_date
    deadline.amber_from = _amber(locked.organisation, clock.today(), due_date)
    deadline.save(update_fields=["due_date", "amber_from"])
    _sync_due(locked)
    locked.light_notified = ""
    locked.save(update_fields=["due_date", "amber_from", "light_notified", "updated_at"])
    record(
        actor=actor,
        organisation=locked.organisation,
        action="work.deadline_moved",
        obj=locked,
        old=old,
        new={**_snapshot(locked), "deadline": code},
    )
    return locked


@transaction.atomic
def meet_deadline(
    *, actor: User, scope: Scope, item: WorkItem, code: str, at: dt.datetime | None = None
) -> WorkItem:
    """Mark one clock of an open item as met (e.g. the acknowledgement of a reaction was sent);
    the item's due date then mirrors the remaining clocks. Meeting it again changes nothing."""
    ensure_may_act(scope, item)
    locked = lock_open_item(item.id)
    deadline = locked.deadlines.filter(code=code).first()
    if deadline is None:
        raise InvalidInput(_("The item has no such deadline."))
    if deadline.met_at is not None:
        return locked
    old = _snapshot(locked)
    deadline.met_at = at or clock.now()
    deadline.save(update_fields=["met_at"])
    _sync_due(locked)
    locked.light_notified = ""
    locked.save(update_fields=["due_date", "amber_from", "light_notified", "updated_at"])
    record(
        actor=actor,
        organisation=locked.organisation,
        action="work.deadline_met",
        obj=locked,
        old=old,
        new={**_snapshot(locked), "deadline": code},
    )
    return locked


@transaction.atomic
def reassign_items(
    *, actor: User, scope: Scope, items: Iterable[WorkItem], assignee: User
) -> list[WorkItem]:
    """A team lead moves one or many items to another member of staff (TKT-05)."""
    if not staff_of(scope.organisation).filter(id=assignee.id).exists():
        raise InvalidInput(_("The new assignee is not a member of this organisation."))
    changed = []
    # in the order of their ids, so two bulk reassignments never wait for each other crosswise
    for item in sorted(items, key=lambda item: item.id):
        if item.team_id is None or not scope.may_lead_team(item.team_id):
            raise Forbidden(_("Only the team lead may reassign items."))
        locked = lock_open_item(item.id)
        old = _snapshot(locked)
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        record(
            actor=actor,
            organisation=locked.organisation,
            action="work.reassigned",
            obj=locked,
            old=old,
            new=_snapshot(locked),
        )
        changed.append(locked)
    if changed and assignee.id != actor.id:
        notify(
            user=assignee,
            organisation=scope.organisation,
            kind=Notification.Kind.ITEM_ASSIGNED,
            item=changed[0],
            params={"title": changed[0].title, "count": len(changed)},
        )
    return changed


@transaction.atomic
def add_follow_up(
    *,
    actor: User,
    scope: Scope,
    on: dt.date,
    note: str,
    customer: Customer | None = None,
    item: WorkItem | None = None,
    assignee: User | None = None,
    allow_non_working_day: bool = False,
) -> WorkItem:
    """A follow-up (Wiedervorlage) on a customer or an item; it appears in the owner's worklist
    on its date (FND-08). A Saturday, Sunday or holiday is refused with the next working day
    suggested, unless ``allow_non_working_day`` confirms it (defect 7)."""
    note = note.strip()
    if not note:
        raise InvalidInput(
            _("Please enter a note for the follow-up."), errors={"note": _("Required.")}
        )
    ensure_plain(note=note)
    if customer is None and item is None:
        raise InvalidInput(_("A follow-up needs a customer or a work item."))
    if item is not None:
        ensure_may_act(scope, item)
        lock_item(item.id)  # the lock order of work.locking: the item before its new follow-up
        customer = customer or item.customer
    owner = assignee or actor
    if owner.id != actor.id:
        scope_for(owner, scope.organisation)  # raises NotFound for someone outside the organisation
    title = _("Follow-up: %(note)s") % {"note": note[:150]}
    team = item.team if item is not None else None
    check_follow_up_date(scope.organisation, team, on, allow_non_working_day=allow_non_working_day)
    follow_up = create_item(
        actor=actor,
        organisation=scope.organisation,
        kind=Kind.FOLLOW_UP,
        title=title,
        customer=customer,
        team=team,
        assignee=owner,
        priority=5,
        deadlines=[DeadlineSpec("follow_up", on)],
        note=note,
        visible_from=on,
        parent=item,
    )
    if customer is not None:
        from anliegen.customers.actions import add_history_entry

        add_history_entry(
            actor=actor,
            customer=customer,
            kind="follow_up",
            text=_("Follow-up on %(date)s: %(note)s")
            % {"date": on.strftime("%d.%m.%Y"), "note": note},
            ref=follow_up,
        )
    return follow_up


def mark_notification_read(*, actor: User, scope: Scope, notification_id: int) -> Notification:
    """Mark one of the actor's own notifications as read; marking it again changes nothing."""
    notification = Notification.objects.filter(
        id=notification_id, user=actor, organisation=scope.organisation
    ).first()
    if notification is None:
        raise NotFound()
    mark_read(actor=actor, notifications=[notification])
    notification.refresh_from_db(fields=["read_at"])
    return notification


# --- Notifications (FND-11) -------------------------------------------------------------------


def mark_read(*, actor: User, notifications: Iterable[Notification]) -> int:
    """Mark the actor's own unread notifications as read; anyone else's are ignored.

    ``notifications`` may be a queryset (e.g. "all of this organisation"), which is updated in
    one statement. Returns how many were marked.
    """
    from django.db.models import QuerySet

    if isinstance(notifications, QuerySet):
        selected = notifications
    else:
        selected = Notification.objects.filter(id__in=[n.id for n in notifications])
    return selected.filter(user_id=actor.id, read_at__isnull=True).update(read_at=clock.now())
