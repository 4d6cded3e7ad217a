"""API of internal notes and attachments on tickets (issue 9); mounted on the tickets router.
Handlers parse, call :mod:`anliegen.tickets.notes`, and serialise."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from anliegen.api.context import actor, local, org_scope, username
from anliegen.api.inputs import documented, required_text
from anliegen.api.problems import error_responses
from anliegen.core.uploads import download_response
from anliegen.tickets import notes, queries
from anliegen.tickets.models import TicketAttachment, TicketNote

router = Router(tags=["tickets"])
#: At least one file (the action refuses an empty upload; at most as many as the item may hold).
FilesParam = Annotated[list[UploadedFile], documented(File(description="The files"), minItems=1)]


class TicketNoteIn(Schema):
    text: str = required_text(max_length=10000)


class TicketNoteOut(Schema):
    id: int
    text: str
    author: str | None
    created_at: dt.datetime


class TicketAttachmentOut(Schema):
    id: int
    filename: str = Field(description="The uploaded name with the extension of the detected type")
    content_type: str
    size: int
    uploaded_by: str | None
    uploaded_at: dt.datetime


def note_out(note: TicketNote) -> TicketNoteOut:
    return TicketNoteOut(
        id=note.id,
        text=note.text,
        author=username(note.author),
        created_at=local(note.created_at),
    )


def attachment_out(attachment: TicketAttachment) -> TicketAttachmentOut:
    return TicketAttachmentOut(
        id=attachment.id,
        filename=attachment.filename,
        content_type=attachment.content_type,
        size=attachment.size,
        uploaded_by=username(attachment.uploaded_by),
        uploaded_at=local(attachment.uploaded_at),
    )


@router.get(
    "/orgs/{org}/tickets/{ticket_id}/notes",
    response={200: list[TicketNoteOut], **error_responses(401, 404)},
    summary="Internal notes of a ticket, oldest first",
)
def list_notes(request: HttpRequest, org: str, ticket_id: int) -> list[TicketNoteOut]:
    ticket = queries.get_ticket_for(org_scope(request, org), ticket_id)
    return [note_out(n) for n in notes.notes_of(ticket)]


@router.post(
    "/orgs/{org}/tickets/{ticket_id}/notes",
    response={201: TicketNoteOut, **error_responses(401, 403, 404, 422)},
    summary="Add an internal note (not in the customer's history)",
)
def add_note(
    request: HttpRequest, org: str, ticket_id: int, payload: TicketNoteIn
) -> Status[TicketNoteOut]:
    scope = org_scope(request, org)
    ticket = queries.get_ticket_for(scope, ticket_id)
    note = notes.add_note(actor=actor(request), scope=scope, ticket=ticket, text=payload.text)
    return Status(201, note_out(note))


@router.get(
    "/orgs/{org}/tickets/{ticket_id}/attachments",
    response={200: list[TicketAttachmentOut], **error_responses(401, 404)},
    summary="Attachments of a ticket (without their contents)",
)
def list_attachments(request: HttpRequest, org: str, ticket_id: int) -> list[TicketAttachmentOut]:
    ticket = queries.get_ticket_for(org_scope(request, org), ticket_id)
    return [attachment_out(a) for a in notes.attachments_of(ticket)]


@router.post(
    "/orgs/{org}/tickets/{ticket_id}/attachments",
    response={201: list[TicketAttachmentOut], **error_responses(401, 403, 404, 422)},
    summary="Add attachments (multipart, field 'files'; PDF, PNG, JPEG, TIFF)",
    description=(
        "Checked by content; at most 10 per ticket and ANLIEGEN_MAX_ATTACHMENT_BYTES each. "
        "The stored name takes the extension of the detected type."
    ),
)
def add_attachments(
    request: HttpRequest, org: str, ticket_id: int, files: FilesParam
) -> Status[list[TicketAttachmentOut]]:
    scope = org_scope(request, org)
    ticket = queries.get_ticket_for(scope, ticket_id)
    created = notes.add_attachments(actor=actor(request), scope=scope, ticket=ticket, files=files)
    return Status(201, [attachment_out(a) for a in created])


@router.get(
    "/orgs/{org}/tickets/{ticket_id}/attachments/{attachment_id}",
    response={200: None, **error_responses(401, 404)},
    summary="Download an attachment",
)
def get_attachment(
    request: HttpRequest, org: str, ticket_id: int, attachment_id: int
) -> HttpResponse:
    ticket = queries.get_ticket_for(org_scope(request, org), ticket_id)
    a = notes.get_attachment(ticket, attachment_id)
    return download_response(
        data=a.data, content_type=a.content_type, filename=a.filename, size=a.size
    )
