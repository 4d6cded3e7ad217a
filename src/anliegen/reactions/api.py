"""API of customer reactions (seed 000; CONTRACT "Customer reactions (KRM)"). Handlers parse,
call actions or queries, and serialise."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from anliegen import fristen
from anliegen.api.context import actor, codes, local, org_scope, username
from anliegen.api.inputs import documented, required_text
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.reactions import actions, attachments, queries
from anliegen.reactions.models import (
    ACKNOWLEDGEMENT,
    RESOLUTION,
    AcknowledgementChannel,
    Channel,
    ManagementRequest,
    Outcome,
    Reaction,
    ReactionKind,
)
from anliegen.work.models import Light

if TYPE_CHECKING:
    ChannelCode = str
    AckChannelCode = str
    KindCode = str
    OutcomeCode = str
    LightCode = str
else:
    ChannelCode = codes(Channel)
    AckChannelCode = codes(AcknowledgementChannel)
    KindCode = codes(ReactionKind)
    OutcomeCode = codes(Outcome)
    LightCode = codes(Light)

router = Router(tags=["reactions"])
#: At least one file (the action refuses an empty upload; at most as many as the item may hold).
FilesParam = Annotated[list[UploadedFile], documented(File(description="The files"), minItems=1)]


class ReactionIn(Schema):
    channel: ChannelCode
    kind: KindCode
    received_at: dt.datetime
    teams: list[int] = Field(
        default_factory=list, max_length=20, description="Team ids; the first is the lead team"
    )
    customer_number: str | None = Field(None, max_length=20)
    text: str = required_text(max_length=20000)
    sender_name: str = Field("", max_length=200, description="Anonymous or third-party sender")
    sender_address: str = Field("", max_length=1000)
    concerns: list[int] = Field(default_factory=list, max_length=10, description="Topic ids")
    employees: list[str] = Field(
        default_factory=list, max_length=50, description="Usernames of the employees concerned"
    )


class ClassifyIn(Schema):
    kind: KindCode


class AcknowledgementIn(Schema):
    channel: AckChannelCode
    sent_on: dt.date


class ReactionOutcomeIn(Schema):
    outcome: OutcomeCode
    summary: str = required_text(max_length=20000)
    concerns: dict[int, OutcomeCode] = Field(
        default_factory=dict, description="Outcome per concern id; default: the overall outcome"
    )
    confirm_unsent_reply: bool = Field(
        False,
        description=(
            "Close although an approved reply has not been sent (KRM-08); without it such a "
            "reaction is not closed (422, field `confirm_unsent_reply`)."
        ),
    )


class PetitionCloseIn(Schema):
    summary: str = required_text(
        max_length=20000, description="How the petition was dealt with (required, not blank)"
    )


class ConcernOut(Schema):
    id: int
    topic: int
    topic_name: str
    outcome: OutcomeCode | None


class ReactionOut(Schema):
    id: int
    item_id: int
    channel: ChannelCode
    kind: KindCode
    received_at: dt.datetime
    customer_number: str | None
    sender_name: str
    sender_address: str
    text: str
    teams: list[int]
    lead_team: int | None = Field(description="The lead team (federführend)")
    responsible: str | None = Field(description="Username of the person responsible")
    status: str = Field(description="open or completed")
    acknowledgement_due: dt.date | None
    acknowledgement_sent_at: dt.date | None
    acknowledgement_channel: AckChannelCode | None
    resolution_due: dt.date | None
    due_date: dt.date | None = Field(description="The earliest clock not yet met")
    traffic_light: LightCode | None
    received_by_management: bool
    classification_decided_by: str | None
    classification_decided_at: dt.datetime | None
    employees_concerned: list[str]
    concerns: list[ConcernOut]
    outcome: OutcomeCode | None
    outcome_summary: str
    completed_at: dt.datetime | None
    register_entry_at: dt.datetime | None


def reaction_out(reaction: Reaction) -> ReactionOut:
    item = reaction.item
    clocks = {d.code: d for d in item.deadlines.all()}
    light = (
        fristen.traffic_light(clock.today(), item.due_date, item.amber_from)
        if item.status == "open" and item.due_date and item.amber_from
        else None
    )
    ack, resolution = clocks.get(ACKNOWLEDGEMENT), clocks.get(RESOLUTION)
    return ReactionOut(
        id=reaction.id,
        item_id=item.id,
        channel=reaction.channel,
        kind=reaction.kind,
        received_at=local(reaction.received_at),
        customer_number=reaction.customer.customer_number if reaction.customer else None,
        sender_name=reaction.sender_name,
        sender_address=reaction.sender_address,
        text=reaction.text,
        teams=sorted(t.id for t in reaction.teams.all()),
        lead_team=reaction.lead_team_id,
        responsible=username(item.assignee),
        status="completed" if item.status == "done" else item.status,
        acknowledgement_due=ack.due_date if ack else None,
        acknowledgement_sent_at=reaction.acknowledgement_sent_at,
        acknowledgement_channel=reaction.acknowledgement_channel or None,
        resolution_due=resolution.due_date if resolution else None,
        due_date=item.due_date,
        traffic_light=light,
        received_by_management=reaction.received_by_management,
        classification_decided_by=username(reaction.classification_decided_by),
        classification_decided_at=local(reaction.classification_decided_at),
        employees_concerned=sorted(u.username for u in reaction.employees_concerned.all()),
        concerns=[
            ConcernOut(
                id=c.id, topic=c.topic_id, topic_name=c.topic.name, outcome=c.outcome or None
            )
            for c in reaction.concerns.select_related("topic")
        ],
        outcome=reaction.outcome or None,
        outcome_summary=reaction.outcome_summary,
        completed_at=local(item.completed_at),
        register_entry_at=local(reaction.register_entry_at),
    )


@router.post(
    "/orgs/{org}/reactions",
    response={201: ReactionOut, **error_responses(401, 403, 404, 422)},
    summary="Record a customer reaction (KRM-01, KRM-03, KRM-04)",
    description=(
        "Whoever received it records it. The first team is the lead team; complaints about "
        "conduct and petitions go to management. Petitions have no KRM deadlines."
    ),
)
def create_reaction(request: HttpRequest, org: str, payload: ReactionIn) -> Status[ReactionOut]:
    reaction = actions.record_reaction(
        actor=actor(request),
        scope=org_scope(request, org),
        channel=payload.channel,
        kind=payload.kind,
        received_at=payload.received_at,
        team_ids=payload.teams,
        text=payload.text,
        customer_number=payload.customer_number,
        sender_name=payload.sender_name,
        sender_address=payload.sender_address,
        concerns=payload.concerns,
        employee_usernames=payload.employees,
    )
    return Status(201, reaction_out(reaction))


@router.get(
    "/orgs/{org}/reactions/{reaction_id}",
    response={200: ReactionOut, **error_responses(401, 404)},
    summary="A customer reaction",
)
def get_reaction(request: HttpRequest, org: str, reaction_id: int) -> ReactionOut:
    return reaction_out(queries.get_reaction_for(org_scope(request, org), reaction_id))


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/classify",
    response={200: ReactionOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Management decides the kind (KRM-02)",
)
def classify(request: HttpRequest, org: str, reaction_id: int, payload: ClassifyIn) -> ReactionOut:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    actions.classify(actor=actor(request), scope=scope, reaction=reaction, kind=payload.kind)
    return reaction_out(queries.get_reaction_for(scope, reaction_id))


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/acknowledgement-sent",
    response={200: ReactionOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The acknowledgement of receipt was sent (KRM-04, KRM-05)",
)
def acknowledgement_sent(
    request: HttpRequest, org: str, reaction_id: int, payload: AcknowledgementIn
) -> ReactionOut:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    actions.record_acknowledgement_sent(
        actor=actor(request),
        scope=scope,
        reaction=reaction,
        channel=payload.channel,
        sent_on=payload.sent_on,
    )
    return reaction_out(queries.get_reaction_for(scope, reaction_id))


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/outcome",
    response={200: ReactionOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Record the outcome and complete the reaction (KRM-09)",
)
def outcome(
    request: HttpRequest, org: str, reaction_id: int, payload: ReactionOutcomeIn
) -> ReactionOut:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    actions.record_outcome(
        actor=actor(request),
        scope=scope,
        reaction=reaction,
        outcome=payload.outcome,
        summary=payload.summary,
        concern_outcomes=payload.concerns,
        confirm_unsent_reply=payload.confirm_unsent_reply,
    )
    return reaction_out(queries.get_reaction_for(scope, reaction_id))


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/petition/close",
    response={200: ReactionOut, **error_responses(401, 404, 409, 422)},
    summary="Management or its office closes a petition (KRM-02)",
    description=(
        "Petitions follow their own procedure, led by management outside the KRM deadlines. "
        "Management (GF) or its office closes one with a summary; this completes its work item. "
        "Anyone else gets 404 (petitions are visible only to them); a reaction that is no "
        "petition or a blank summary gets 422; a petition already closed gets 409."
    ),
)
def close_petition(
    request: HttpRequest, org: str, reaction_id: int, payload: PetitionCloseIn
) -> ReactionOut:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    actions.close_petition(
        actor=actor(request), scope=scope, reaction=reaction, summary=payload.summary
    )
    return reaction_out(queries.get_reaction_for(scope, reaction_id))


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/register-entry",
    response={200: ReactionOut, **error_responses(401, 403, 404, 409)},
    summary="The management office's final register entry (KRM-09)",
)
def register_entry(request: HttpRequest, org: str, reaction_id: int) -> ReactionOut:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    actions.make_register_entry(actor=actor(request), scope=scope, reaction=reaction)
    return reaction_out(queries.get_reaction_for(scope, reaction_id))


# --- Attachments (KRM-01) ------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/attachments",
    response={201: list[AttachmentOut], **error_responses(401, 403, 404, 409, 422)},
    summary="Add attachments (multipart, field 'files'; PDF, PNG, JPEG, TIFF)",
    description="Checked by content; at most 5 per reaction and ANLIEGEN_MAX_ATTACHMENT_BYTES each.",
)
def add_attachments(
    request: HttpRequest, org: str, reaction_id: int, files: FilesParam
) -> Status[list[AttachmentOut]]:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    created = attachments.add_attachments(
        actor=actor(request), scope=scope, reaction=reaction, files=files
    )
    return Status(
        201,
        [
            AttachmentOut(
                id=a.id,
                filename=a.filename,
                content_type=a.content_type,
                size=a.size,
                uploaded_at=local(a.uploaded_at),
            )
            for a in created
        ],
    )


@router.get(
    "/orgs/{org}/reactions/{reaction_id}/attachments/{attachment_id}",
    response={200: None, **error_responses(401, 404)},
    summary="Download an attachment",
)
def get_attachment(
    request: HttpRequest, org: str, reaction_id: int, attachment_id: int
) -> HttpResponse:
    from anliegen.reactions.views import attachment_response

    reaction = queries.get_reaction_for(org_scope(request, org), reaction_id)
    return attachment_response(attachments.get_attachment(reaction, attachment_id))


# --- Requests to see management (KRM-06) and instructions (KRM-07) -------------------------------


class ManagementRequestIn(Schema):
    reason: str = Field(description="escalation, threat or serious_situation")
    text: str = required_text(max_length=20000)


class ManagementDecisionIn(Schema):
    answer_form: str = Field(description="phone, letter or meeting")
    note: str = Field("", max_length=20000)


class ManagementRequestOut(Schema):
    reaction: int
    reason: str
    text: str
    requested_by: str | None
    requested_at: dt.datetime
    answer_form: str | None
    decision_note: str
    decided_by: str | None
    decided_at: dt.datetime | None


def _request_out(r: ManagementRequest) -> ManagementRequestOut:
    return ManagementRequestOut(
        reaction=r.reaction_id,
        reason=r.reason,
        text=r.text,
        requested_by=username(r.requested_by),
        requested_at=local(r.requested_at),
        answer_form=r.answer_form or None,
        decision_note=r.decision_note,
        decided_by=username(r.decided_by),
        decided_at=local(r.decided_at),
    )


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/management-request",
    response={201: ManagementRequestOut, **error_responses(401, 403, 404, 409, 422)},
    summary="A customer visiting in person asks to see management (KRM-06)",
)
def management_request(
    request: HttpRequest, org: str, reaction_id: int, payload: ManagementRequestIn
) -> Status[ManagementRequestOut]:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    created = actions.request_management(
        actor=actor(request),
        scope=scope,
        reaction=reaction,
        reason=payload.reason,
        text=payload.text,
    )
    return Status(201, _request_out(created))


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/management-request/decision",
    response={200: ManagementRequestOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Management decides the form of its answer (KRM-06)",
)
def management_decision(
    request: HttpRequest, org: str, reaction_id: int, payload: ManagementDecisionIn
) -> ManagementRequestOut:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    decided = actions.decide_management_request(
        actor=actor(request),
        scope=scope,
        reaction=reaction,
        answer_form=payload.answer_form,
        note=payload.note,
    )
    return _request_out(decided)


class ForwardIn(Schema):
    manager: str = Field(description="Username of a TL, deputy TL or BL")
    instruction: str = Field(max_length=20000, description="The instruction (Verfügung)")
    due_date: dt.date


class InstructionOut(Schema):
    id: int
    reaction: int
    manager: str
    instruction: str
    due_date: dt.date
    given_by: str | None
    given_at: dt.datetime


@router.post(
    "/orgs/{org}/reactions/{reaction_id}/forward",
    response={201: InstructionOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Management forwards a reaction with an instruction and deadline (KRM-07)",
)
def forward(
    request: HttpRequest, org: str, reaction_id: int, payload: ForwardIn
) -> Status[InstructionOut]:
    scope = org_scope(request, org)
    reaction = queries.get_reaction_for(scope, reaction_id)
    instruction = actions.forward_to_manager(
        actor=actor(request),
        scope=scope,
        reaction=reaction,
        manager_username=payload.manager,
        text=payload.instruction,
        due_date=payload.due_date,
    )
    return Status(
        201,
        InstructionOut(
            id=instruction.id,
            reaction=reaction.id,
            manager=instruction.manager.username,
            instruction=instruction.text,
            due_date=instruction.due_date,
            given_by=username(instruction.given_by),
            given_at=local(instruction.given_at),
        ),
    )
