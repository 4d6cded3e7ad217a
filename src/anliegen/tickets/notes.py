"""Internal notes and attachments on tickets (issue 9: "as reactions already have").

Both are for the staff who handle the ticket: whoever may act on it adds them (assignee,
deputy, leads, management); whoever sees the ticket in full reads them. The service centre that
sent a ticket sees neither. Attachments are checked by :mod:`anliegen.core.uploads`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock, uploads
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.core.text import ensure_plain
from anliegen.core.uploads import Upload
from anliegen.org.models import User
from anliegen.org.scope import Scope
from anliegen.tickets.models import Ticket, TicketAttachment, TicketNote
from anliegen.work.access import ensure_may_act
from anliegen.work.locking import lock_with_item

MAX_NOTE = 10000
MAX_ATTACHMENTS = 10
FIELD = "attachments"


def _lock(scope: Scope, ticket: Ticket) -> Ticket:
    """Check the actor may act, then lock the ticket's work item and the ticket row (the lock
    order of :mod:`anliegen.work.locking`) so that counts stay true."""
    ensure_may_act(scope, ticket.item)
    return lock_with_item(ticket)


@transaction.atomic
def add_note(*, actor: User, scope: Scope, ticket: Ticket, text: str) -> TicketNote:
    """An internal note on the ticket; it does not go into the customer's history."""
    ticket = _lock(scope, ticket)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Please write the note."), errors={"text": _("Required.")})
    ensure_plain(text=text)
    if len(text) > MAX_NOTE:
        raise InvalidInput(
            _("The text is too long (at most 10,000 characters)."), errors={"text": _("Too long.")}
        )
    note = TicketNote.objects.create(ticket=ticket, text=text, author=actor, created_at=clock.now())
    record(
        actor=actor,
        organisation=scope.organisation,
        action="ticket.note_added",
        obj=ticket,
        new={"note": note.id},
    )
    return note


@transaction.atomic
def add_attachments(
    *, actor: User, scope: Scope, ticket: Ticket, files: Sequence[Upload]
) -> list[TicketAttachment]:
    """Add checked files to the ticket; all or nothing."""
    locked = _lock(scope, ticket)
    if not files:
        raise InvalidInput(_("Please choose a file."), errors={FIELD: _("Required.")})
    checked = uploads.check_files(
        files,
        already=locked.attachments.count(),
        max_count=MAX_ATTACHMENTS,
        too_many=_("A ticket takes at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS},
        field=FIELD,
    )
    now = clock.now()
    created = [
        TicketAttachment.objects.create(
            ticket=locked,
            filename=f.filename,
            content_type=f.content_type,
            size=len(f.data),
            data=f.data,
            uploaded_by=actor,
            uploaded_at=now,
        )
        for f in checked
    ]
    record(
        actor=actor,
        organisation=scope.organisation,
        action="ticket.attachments_added",
        obj=locked,
        new={"attachments": [a.id for a in created]},
    )
    return created


def notes_of(ticket: Ticket) -> QuerySet[TicketNote]:
    return ticket.notes.select_related("author")


def attachments_of(ticket: Ticket) -> QuerySet[TicketAttachment]:
    """Without the file contents."""
    return ticket.attachments.defer("data").select_related("uploaded_by")


def get_attachment(ticket: Ticket, attachment_id: int) -> TicketAttachment:
    """An attachment of a ticket the caller has fetched through a scoped getter."""
    attachment = ticket.attachments.filter(id=attachment_id).first()
    if attachment is None:
        raise NotFound(_("Attachment not found."))
    return attachment
