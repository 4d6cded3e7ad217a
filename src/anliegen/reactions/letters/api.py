"""API of the letters about a customer reaction: the acknowledgement (KRM-05, CONTRACT "Customer
reactions") and reply drafts with their approval (KRM-08), on the letters service. Handlers
parse, call actions or queries, and serialise."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from anliegen.api.context import actor, codes, local, org_scope, username
from anliegen.api.problems import error_responses
from anliegen.core.errors import InvalidInput
from anliegen.letters import actions, queries
from anliegen.letters.models import DraftState, DraftVersion, ReplyDraft, SendChannel
from anliegen.letters.render import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from anliegen.letters.validation import MAX_DOCX_BYTES
from anliegen.reactions.letters.content import (
    REPLY_KIND,
    acknowledgement_docx,
    acknowledgement_filename,
    acknowledgement_pdf,
)
from anliegen.reactions.letters.views import get_draft_for
from anliegen.reactions.models import Reaction
from anliegen.reactions.queries import get_reaction_for

if TYPE_CHECKING:
    StateCode = str
    ChannelCode = str
else:
    StateCode = codes(DraftState)
    ChannelCode = codes(SendChannel)

router = Router(tags=["letters"])

REACTION = "/orgs/{org}/reactions/{reaction_id}"
DRAFT = REACTION + "/drafts/{draft_id}"


def _binary(content_type: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _upload_body() -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"generate": {"type": "boolean", "enum": [True]}},
                        "required": ["generate"],
                    }
                },
            },
        }
    }


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class VersionOut(Schema):
    number: int
    filename: str
    uploaded_by: str | None
    created_at: dt.datetime
    approved: bool | None = Field(description="true approved, false returned, null undecided")
    comment: str = Field(description="The reviewer's comment")
    decided_by: str | None
    decided_at: dt.datetime | None


class DraftOut(Schema):
    id: int
    reaction: int
    state: StateCode
    created_by: str | None
    created_at: dt.datetime
    sent_at: dt.date | None
    sent_channel: ChannelCode | None
    versions: list[VersionOut]


class DraftDecisionIn(Schema):
    comment: str = Field("", max_length=actions.MAX_COMMENT)


class ReturnIn(Schema):
    comment: str = Field(max_length=actions.MAX_COMMENT)


class SentIn(Schema):
    channel: ChannelCode
    date: dt.date


def version_out(version: DraftVersion) -> VersionOut:
    return VersionOut(
        number=version.number,
        filename=version.filename,
        uploaded_by=username(version.uploaded_by),
        created_at=local(version.created_at),
        approved=version.approved,
        comment=version.comment,
        decided_by=username(version.decided_by),
        decided_at=local(version.decided_at),
    )


def draft_out(draft: ReplyDraft, reaction_id: int) -> DraftOut:
    return DraftOut(
        id=draft.id,
        reaction=reaction_id,
        state=draft.state,
        created_by=username(draft.created_by),
        created_at=local(draft.created_at),
        sent_at=draft.sent_at,
        sent_channel=draft.sent_channel or None,
        versions=[version_out(v) for v in draft.versions.all()],
    )


def _fresh(scope: Any, reaction_id: int, draft_id: int) -> DraftOut:
    reaction = get_reaction_for(scope, reaction_id)
    draft = _drafts(reaction).get(id=draft_id)
    return draft_out(draft, reaction.id)


def _drafts(reaction: Reaction) -> QuerySet[ReplyDraft]:
    return queries.drafts_of(reaction.item, kind=REPLY_KIND)


def _version_input(request: HttpRequest) -> tuple[bytes | None, str, bool]:
    """A multipart upload (field ``file``) or a JSON body ``{"generate": true}``."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            message = _("Please choose a file.")
            raise InvalidInput(message, errors={"file": message})
        if upload.size is not None and upload.size > MAX_DOCX_BYTES:
            message = _("The file is larger than %(size)d MB.") % {"size": MAX_DOCX_BYTES // 2**20}
            raise InvalidInput(message, errors={"file": message})
        return upload.read(), upload.name or "", False
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict) or body.get("generate") is not True:
        message = _('Send a Word document (multipart, field "file") or {"generate": true}.')
        raise InvalidInput(message, errors={"generate": message})
    return None, "", True


@router.get(
    REACTION + "/acknowledgement.docx",
    response=error_responses(401, 404),
    summary="The acknowledgement letter, a Word document (KRM-05)",
    openapi_extra=_binary(DOCX_CONTENT_TYPE, "The letter from the organisation's template"),
)
def acknowledgement_word(request: HttpRequest, org: str, reaction_id: int) -> HttpResponse:
    reaction = get_reaction_for(org_scope(request, org), reaction_id)
    return _download(
        acknowledgement_docx(reaction),
        DOCX_CONTENT_TYPE,
        acknowledgement_filename(reaction, "docx"),
    )


@router.get(
    REACTION + "/acknowledgement.pdf",
    response=error_responses(401, 404),
    summary="The acknowledgement letter as PDF (KRM-05)",
    openapi_extra=_binary(PDF_CONTENT_TYPE, "The letter as PDF"),
)
def acknowledgement_as_pdf(request: HttpRequest, org: str, reaction_id: int) -> HttpResponse:
    reaction = get_reaction_for(org_scope(request, org), reaction_id)
    return _download(
        acknowledgement_pdf(reaction), PDF_CONTENT_TYPE, acknowledgement_filename(reaction, "pdf")
    )


@router.get(
    REACTION + "/drafts",
    response={200: list[DraftOut], **error_responses(401, 404)},
    summary="Reply drafts of a reaction with all their versions (KRM-08)",
)
def list_drafts(request: HttpRequest, org: str, reaction_id: int) -> list[DraftOut]:
    reaction = get_reaction_for(org_scope(request, org), reaction_id)
    return [draft_out(d, reaction.id) for d in _drafts(reaction)]


@router.post(
    REACTION + "/drafts",
    response={201: DraftOut, **error_responses(401, 403, 404, 422)},
    summary="Start a reply draft (KRM-08)",
    description=(
        'Upload a Word document (multipart, field `file`) or send `{"generate": true}` to fill '
        "in the organisation's reply template with the reaction's data. The draft starts with "
        "version 1 in state `draft`."
    ),
    openapi_extra=_upload_body(),
)
def create_draft(request: HttpRequest, org: str, reaction_id: int) -> Status[DraftOut]:
    scope = org_scope(request, org)
    reaction = get_reaction_for(scope, reaction_id)
    content, filename, generate = _version_input(request)
    draft = actions.create_draft(
        actor=actor(request),
        scope=scope,
        item=reaction.item,
        kind=REPLY_KIND,
        content=content,
        filename=filename,
        generate=generate,
    )
    return Status(201, _fresh(scope, reaction_id, draft.id))


@router.post(
    DRAFT + "/versions",
    response={201: DraftOut, **error_responses(401, 403, 404, 409, 422)},
    summary="A new version of a draft or of a returned draft (KRM-08)",
    openapi_extra=_upload_body(),
)
def add_version(
    request: HttpRequest, org: str, reaction_id: int, draft_id: int
) -> Status[DraftOut]:
    scope = org_scope(request, org)
    draft = get_draft_for(scope, reaction_id, draft_id)
    content, filename, generate = _version_input(request)
    actions.add_version(
        actor=actor(request),
        scope=scope,
        draft=draft,
        content=content,
        filename=filename,
        generate=generate,
    )
    return Status(201, _fresh(scope, reaction_id, draft_id))


@router.get(
    DRAFT + "/versions/{number}.docx",
    response=error_responses(401, 404),
    summary="One version of a reply draft (KRM-08)",
    openapi_extra=_binary(DOCX_CONTENT_TYPE, "The version as uploaded or generated"),
)
def version_docx(
    request: HttpRequest, org: str, reaction_id: int, draft_id: int, number: int
) -> HttpResponse:
    draft = get_draft_for(org_scope(request, org), reaction_id, draft_id)
    version = queries.get_version(draft, number)
    return _download(bytes(version.docx), DOCX_CONTENT_TYPE, version.filename)


@router.post(
    DRAFT + "/submit",
    response={200: DraftOut, **error_responses(401, 403, 404, 409)},
    summary="Submit the newest version to GF/BL for approval (KRM-08)",
)
def submit(request: HttpRequest, org: str, reaction_id: int, draft_id: int) -> DraftOut:
    scope = org_scope(request, org)
    draft = get_draft_for(scope, reaction_id, draft_id)
    actions.submit(actor=actor(request), scope=scope, draft=draft)
    return _fresh(scope, reaction_id, draft_id)


@router.post(
    DRAFT + "/approve",
    response={200: DraftOut, **error_responses(401, 403, 404, 409, 422)},
    summary="GF or BL approves the submitted version (KRM-08)",
    description="Not the author of the version. Of two reviewers at once exactly one decides.",
)
def approve(
    request: HttpRequest,
    org: str,
    reaction_id: int,
    draft_id: int,
    payload: DraftDecisionIn | None = None,
) -> DraftOut:
    scope = org_scope(request, org)
    draft = get_draft_for(scope, reaction_id, draft_id)
    comment = payload.comment if payload is not None else ""
    actions.approve(actor=actor(request), scope=scope, draft=draft, comment=comment)
    return _fresh(scope, reaction_id, draft_id)


@router.post(
    DRAFT + "/return",
    response={200: DraftOut, **error_responses(401, 403, 404, 409, 422)},
    summary="GF or BL returns the submitted version with a comment (KRM-08)",
)
def return_draft(
    request: HttpRequest, org: str, reaction_id: int, draft_id: int, payload: ReturnIn
) -> DraftOut:
    scope = org_scope(request, org)
    draft = get_draft_for(scope, reaction_id, draft_id)
    actions.return_draft(actor=actor(request), scope=scope, draft=draft, comment=payload.comment)
    return _fresh(scope, reaction_id, draft_id)


@router.post(
    DRAFT + "/sent",
    response={200: DraftOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The approved reply was sent (KRM-08)",
    description="Only an approved draft can be marked as sent (409 otherwise, nothing changes).",
)
def sent(
    request: HttpRequest, org: str, reaction_id: int, draft_id: int, payload: SentIn
) -> DraftOut:
    scope = org_scope(request, org)
    draft = get_draft_for(scope, reaction_id, draft_id)
    actions.mark_sent(
        actor=actor(request),
        scope=scope,
        draft=draft,
        channel=payload.channel,
        sent_on=payload.date,
    )
    return _fresh(scope, reaction_id, draft_id)
