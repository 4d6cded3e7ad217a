"""One lock order for every action on a work item (issue 14, fault 1; NFR-03).

Two actions on the same work item that lock its rows in different orders deadlock on
PostgreSQL: a commitment locked the ticket, then the work item, while the completion updated
the work item, then inserted a row referencing the ticket (which waits for the ticket's lock).
The rule, for every write path that changes a work item or the domain row behind it (ticket,
reaction, processing order, …):

1. lock the **work item** row first — :func:`lock_item`, or :func:`lock_open_item` when only an
   open item may change;
2. then, if the action changes it, the **domain row** — :func:`lock_with_item` does both steps;
3. decide on the locked rows only: a completed item is a :class:`~anliegen.core.errors.Conflict`
   (409) with a German message, never a second completion.

Locks are row locks inside the caller's transaction: ``SELECT … FOR NO KEY UPDATE OF`` the named
table only, never the joined rows of a ``select_related``. *No key*: the lock serialises the
writers of the row, but does not block a transaction that inserts a row referencing it (a
completion, a note, a notification, a history entry take a ``KEY SHARE`` lock on the row they
point to) — with a plain ``FOR UPDATE`` such an insert waits, which is how the completion and
the commitment of one ticket deadlocked. On SQLite, which serialises writers,
they are no-ops. Should a database still report a deadlock or a serialisation failure, the API
and the pages answer 409 (:func:`anliegen.core.errors.lock_conflict`), never 500.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from anliegen.core.errors import Conflict, NotFound
from anliegen.work.models import Status, WorkItem

M = TypeVar("M", bound=models.Model)


def _in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("work.locking needs a transaction (transaction.atomic).")


def lock_item(item_id: int) -> WorkItem:
    """Lock the work item row (first, before any domain row) and return it freshly read."""
    _in_transaction()
    item = WorkItem.objects.select_for_update(of=("self",), no_key=True).filter(id=item_id).first()
    if item is None:
        raise NotFound(_("Work item not found."))
    return item


def ensure_open(item: WorkItem, message: str | None = None) -> WorkItem:
    """Conflict (409) with ``message`` unless the (locked) item is still open."""
    if item.status != Status.OPEN:
        raise Conflict(message or _("This item is no longer open."))
    return item


def lock_open_item(item_id: int, message: str | None = None) -> WorkItem:
    """Lock the work item and make sure it is still open (409 with ``message`` if not)."""
    return ensure_open(lock_item(item_id), message)


def lock_with_item(row: M, *, related: tuple[str, ...] = ()) -> M:
    """Lock the work item of ``row`` (a model with an ``item`` foreign key), then ``row``
    itself; return ``row`` freshly read, with the locked item attached as ``row.item``.
    ``related`` names further relations to read along (not locked)."""
    item_id = row.item_id  # type: ignore[attr-defined]
    item = lock_item(item_id)
    manager = type(row)._default_manager
    locked = (
        manager.select_for_update(of=("self",), no_key=True).select_related(*related).get(pk=row.pk)
    )
    locked.item = item  # type: ignore[attr-defined]
    return locked
