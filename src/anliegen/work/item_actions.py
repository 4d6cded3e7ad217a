"""Finishing generic work items (FND-07, FND-08): complete with a note, postpone a follow-up,
change the priority — one item or many. Reassigning is :func:`~anliegen.work.actions.
reassign_items`. Which kind offers which action is registered in :mod:`anliegen.work.kinds`.

Bulk actions run in one transaction per item set: every item is checked first, and if any item
cannot take the action nothing changes; the per-item reasons are reported in
:class:`BulkRejected` (issue 9: "partial failures reported per item, nothing half-done").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import DomainError, InvalidInput
from anliegen.core.text import ensure_plain
from anliegen.org.models import User
from anliegen.org.scope import Scope
from anliegen.work import kinds
from anliegen.work.access import ensure_may_act
from anliegen.work.actions import _amber, _snapshot, complete_item, reassign_items
from anliegen.work.dates import check_follow_up_date
from anliegen.work.locking import lock_open_item
from anliegen.work.models import Status, WorkItem
from anliegen.work.work_kinds import item_page

MAX_NOTE = 2000


def handled_here(item: WorkItem) -> bool:
    """Whether the item is handled on the generic item page: a core kind, or an item whose kind
    has no page of its own for it (e.g. a reaction item without a recorded reaction)."""
    slug = item.organisation.slug
    return kinds.url_for(item, slug) in ("", item_page(item, slug))


def _ensure_supports(item: WorkItem, action: str) -> None:
    if action == kinds.COMPLETE and handled_here(item):
        return
    if not kinds.supports(item.kind, action):
        raise InvalidInput(
            _("This kind of item (%(kind)s) cannot be handled this way; open it to finish it.")
            % {"kind": kinds.label_for(item.kind)}
        )


def _history(actor: User, item: WorkItem, text: str) -> None:
    if item.customer_id is not None and item.customer is not None:
        from anliegen.customers.actions import add_history_entry

        add_history_entry(
            actor=actor, customer=item.customer, kind="follow_up", text=text, ref=item
        )


@transaction.atomic
def finish_item(*, actor: User, scope: Scope, item: WorkItem, note: str) -> WorkItem:
    """Complete a generic item (a follow-up, a processing order, a callback) with a note on
    what was done; it leaves the worklist. Completing it again is a conflict (409)."""
    note = (note or "").strip()
    _ensure_supports(item, kinds.COMPLETE)
    if not note:
        raise InvalidInput(
            _("Please note what was done."), errors={"note": _("Please note what was done.")}
        )
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            _("The note is too long."), errors={"note": _("At most 2000 characters.")}
        )
    ensure_plain(note=note)
    done = complete_item(actor=actor, scope=scope, item=item, note=note)
    _history(
        actor,
        done,
        _("%(kind)s completed: %(note)s") % {"kind": kinds.label_for(done.kind), "note": note},
    )
    return done


@transaction.atomic
def postpone_follow_up(
    *,
    actor: User,
    scope: Scope,
    item: WorkItem,
    on: dt.date,
    note: str = "",
    allow_non_working_day: bool = False,
) -> WorkItem:
    """Move a follow-up to a later day: it leaves the worklist until then and is green again."""
    _ensure_supports(item, kinds.POSTPONE)
    ensure_may_act(scope, item)
    note = (note or "").strip()[:MAX_NOTE]
    ensure_plain(note=note)
    locked = lock_open_item(item.id)
    check_follow_up_date(
        locked.organisation, locked.team, on, allow_non_working_day=allow_non_working_day
    )
    old = _snapshot(locked)
    today = clock.today()
    amber = _amber(locked.organisation, today, on)
    clocks = locked.deadlines.filter(met_at__isnull=True)
    if clocks.exists():
        clocks.update(due_date=on, amber_from=amber)
    else:
        locked.deadlines.create(code="follow_up", due_date=on, amber_from=amber)
    locked.due_date, locked.amber_from, locked.visible_from = on, amber, on
    locked.light_notified = ""
    locked.save(
        update_fields=["due_date", "amber_from", "visible_from", "light_notified", "updated_at"]
    )
    record(
        actor=actor,
        organisation=locked.organisation,
        action="work.postponed",
        obj=locked,
        old=old,
        new={**_snapshot(locked), "note": note},
    )
    text = _("Follow-up postponed to %(date)s") % {"date": on.strftime("%d.%m.%Y")}
    _history(actor, locked, f"{text}: {note}" if note else text)
    return locked


PRIORITIES = range(1, 10)


@transaction.atomic
def set_priority(*, actor: User, scope: Scope, item: WorkItem, priority: int) -> WorkItem:
    """Change an open item's priority (1 = most urgent … 9)."""
    _ensure_supports(item, kinds.PRIORITY)
    if priority not in PRIORITIES:
        raise InvalidInput(
            _("The priority must lie between 1 and 9."),
            errors={"priority": _("Between 1 and 9.")},
        )
    ensure_may_act(scope, item)
    locked = lock_open_item(item.id)
    old = _snapshot(locked)
    locked.priority = priority
    locked.save(update_fields=["priority", "updated_at"])
    record(
        actor=actor,
        organisation=locked.organisation,
        action="work.priority_changed",
        obj=locked,
        old=old,
        new=_snapshot(locked),
    )
    return locked


# --- Bulk ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    item: WorkItem
    reason: str


class BulkRejected(InvalidInput):
    """Some of the selected items cannot take the action; nothing was changed."""

    def __init__(self, refusals: Sequence[Refusal]) -> None:
        super().__init__(
            _("Nothing was changed: %(count)d of the selected items cannot take this action.")
            % {"count": len(refusals)},
            errors={str(r.item.id): r.reason for r in refusals},
        )
        self.refusals = list(refusals)


def run_bulk(items: Sequence[WorkItem], step: Callable[[WorkItem], WorkItem]) -> list[WorkItem]:
    """Apply ``step`` to every item in one transaction, or to none of them: each item runs in a
    savepoint, every refusal is collected, and any refusal rolls everything back."""
    if not items:
        raise InvalidInput(_("Please select at least one item."))
    done: list[WorkItem] = []
    refusals: list[Refusal] = []
    with transaction.atomic():
        for item in items:
            try:
                with transaction.atomic():
                    done.append(step(item))
            except DomainError as exc:
                refusals.append(Refusal(item, str(exc.message)))
        if refusals:
            transaction.set_rollback(True)
    if refusals:
        raise BulkRejected(refusals)
    return done


def bulk_complete(
    *, actor: User, scope: Scope, items: Sequence[WorkItem], note: str
) -> list[WorkItem]:
    return run_bulk(items, lambda item: finish_item(actor=actor, scope=scope, item=item, note=note))


def bulk_postpone(
    *,
    actor: User,
    scope: Scope,
    items: Sequence[WorkItem],
    on: dt.date,
    note: str = "",
    allow_non_working_day: bool = False,
) -> list[WorkItem]:
    return run_bulk(
        items,
        lambda item: postpone_follow_up(
            actor=actor,
            scope=scope,
            item=item,
            on=on,
            note=note,
            allow_non_working_day=allow_non_working_day,
        ),
    )


def bulk_priority(
    *, actor: User, scope: Scope, items: Sequence[WorkItem], priority: int
) -> list[WorkItem]:
    if priority not in PRIORITIES:
        raise InvalidInput(
            _("The priority must lie between 1 and 9."),
            errors={"priority": _("Between 1 and 9.")},
        )
    return run_bulk(
        items, lambda item: set_priority(actor=actor, scope=scope, item=item, priority=priority)
    )


def bulk_reassign(
    *, actor: User, scope: Scope, items: Sequence[WorkItem], assignee: User
) -> list[WorkItem]:
    """Reassign many items: every item is checked first (per-item reasons), then all move in
    one transaction with one notification to the new assignee."""
    if not items:
        raise InvalidInput(_("Please select at least one item."))
    refusals = []
    for item in items:
        if item.status != Status.OPEN:
            refusals.append(Refusal(item, _("This item is no longer open.")))
        elif not kinds.supports(item.kind, kinds.REASSIGN) and not handled_here(item):
            refusals.append(Refusal(item, _("This kind of item cannot be reassigned here.")))
        elif item.team_id is None or not scope.may_lead_team(item.team_id):
            refusals.append(Refusal(item, _("Only the team lead may reassign items.")))
    if refusals:
        raise BulkRejected(refusals)
    return reassign_items(actor=actor, scope=scope, items=items, assignee=assignee)
