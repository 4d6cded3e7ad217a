"""API of the callback appointments (SOC-05): free times, booking, cancel, reschedule, attempts,
the iCalendar file and the letter. Handlers parse, call ``callbacks.actions`` and serialise; the
service places' endpoints are in ``callbacks.places_api``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, codes, local, org_scope, username
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.customers.queries import get_customer_for
from anliegen.letters.render import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from anliegen.org.models import Team
from anliegen.org.scope import Scope
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks import access, checks
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks import messages as callback_messages
from anliegen.servicecenter.callbacks.models import (
    AttemptResult,
    Callback,
    CallbackStatus,
    Channel,
    Outcome,
    Purpose,
    Source,
)
from anliegen.servicecenter.callbacks.slots import MAX_DAYS, derive

if TYPE_CHECKING:
    PurposeCode = str
    StatusCode = str
    OutcomeCode = str
    ResultCode = str
    SourceCode = str
    ChannelCode = str
else:
    PurposeCode = codes(Purpose)
    StatusCode = codes(CallbackStatus)
    OutcomeCode = codes(("", *Outcome.values))
    ResultCode = codes(AttemptResult)
    SourceCode = codes(Source)
    ChannelCode = codes(Channel)

#: Operation ids are pinned to those before the move into sub-packages (issue 18; CONTRACT).
router = Router(tags=["service centre: callbacks"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
DEFAULT_DAYS = 14


# --- Free times -----------------------------------------------------------------------------


class CallbackSlotOut(Schema):
    start: dt.datetime
    end: dt.datetime
    places: int = Field(description="Extension: how many places are free at this start")


def _range(first: dt.date | None, last: dt.date | None) -> tuple[dt.date, dt.date]:
    first = first or clock.today()
    last = last or first + dt.timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        message = _("The end of the range lies before its start.")
        raise InvalidInput(message, errors={"to": message})
    if (last - first).days >= MAX_DAYS:
        message = _("At most %(days)d days at once.") % {"days": MAX_DAYS}
        raise InvalidInput(message, errors={"to": message})
    return first, last


def _team_to_book(scope: Scope, team_id: int) -> Team:
    team = access.os_team_or_error(scope.organisation, team_id)
    if not access.may_book(scope, team):
        raise Forbidden(_("You may not book callbacks for this team."))
    return team


@router.get(
    "/orgs/{org}/callback-slots",
    operation_id="anliegen_servicecenter_callback_api_callback_slots",
    response={200: list[CallbackSlotOut], **error_responses(401, 403, 404, 422)},
    summary="Free callback times of an OS team (SOC-05)",
    description=(
        "`[{start, end, places}]`, starts on the 10-minute grid (rules), 30 minutes for "
        "`benefits_consultation`, 20 for `other`, never before the next working day of the OS "
        "site's calendar. `from`/`to` are days (default: today and 14 days), at most 62 days. "
        "The service centre's staff ask for every OS team of the region, OS staff for their own "
        "teams (else 403); a team that is no OS team of the region → 422."
    ),
)
def callback_slots(
    request: HttpRequest,
    org: str,
    team: int,
    purpose: str = Query(..., description="benefits_consultation or other"),
    first: Annotated[dt.date | None, Query(alias="from")] = None,
    last: Annotated[dt.date | None, Query(alias="to")] = None,
) -> list[CallbackSlotOut]:
    scope = org_scope(request, org)
    os_team = _team_to_book(scope, team)
    first_day, last_day = _range(first, last)
    free = derive(os_team, purpose, first_day, last_day).free
    return [
        CallbackSlotOut(start=local(f.start), end=local(f.end), places=len(f.places)) for f in free
    ]


# --- Callbacks ------------------------------------------------------------------------------


class AttemptOut(Schema):
    number: int
    at: dt.datetime
    result: ResultCode
    note: str
    by: str | None


class MessageOut(Schema):
    event: str
    channel: ChannelCode
    recipient: str
    sent_at: dt.datetime | None


class CallbackOut(Schema):
    id: int
    start: dt.datetime
    end: dt.datetime
    place: int = Field(description="The service place's id")
    place_name: str
    team: int
    team_name: str
    purpose: PurposeCode
    status: StatusCode
    outcome: OutcomeCode
    customer_number: str
    customer_name: str
    phone: str
    email: str
    note: str
    call_id: str
    source: SourceCode
    item: int = Field(description="The work item's id")
    retry_at: dt.datetime | None = Field(description="When the second attempt is due")
    created_at: dt.datetime
    created_by: str | None
    attempts: list[AttemptOut]
    messages: list[MessageOut]


def callback_out(callback: Callback) -> CallbackOut:
    return CallbackOut(
        id=callback.id,
        start=local(callback.starts_at),
        end=local(callback.ends_at),
        place=callback.place_id,
        place_name=callback.place.name,
        team=callback.team_id,
        team_name=callback.team.name,
        purpose=callback.purpose,
        status=callback.status,
        outcome=callback.outcome,
        customer_number=callback.customer.customer_number,
        customer_name=callback.customer.display_name,
        phone=callback.phone,
        email=callback.email,
        note=callback.note,
        call_id=callback.call_ref,
        source=callback.source,
        item=callback.item_id,
        retry_at=local(callback.retry_at),
        created_at=local(callback.created_at),
        created_by=username(callback.created_by),
        attempts=[
            AttemptOut(
                number=a.number, at=local(a.at), result=a.result, note=a.note, by=username(a.by)
            )
            for a in callback.attempts.select_related("by").order_by("number")
        ],
        messages=[
            MessageOut(
                event=m.event, channel=m.channel, recipient=m.recipient, sent_at=local(m.sent_at)
            )
            for m in callback.messages.order_by("id")
        ],
    )


class CallbackBookIn(Schema):
    model_config = ConfigDict(extra="forbid")

    team: int = Field(description="OS team id")
    purpose: str = Field(description="benefits_consultation or other")
    start: dt.datetime
    customer_number: str = Field(max_length=20)
    phone: str = Field(max_length=40)
    call_id: str | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=254, description="Extension; default: the record's")
    note: str | None = Field(None, max_length=500, description="Extension")


@router.post(
    "/orgs/{org}/callbacks",
    operation_id="anliegen_servicecenter_callback_api_post_callback",
    response={200: CallbackOut, 201: CallbackOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Book a callback (SOC-05)",
    description=(
        "Books the start at a free service place of the OS team (the least busy first) and "
        "creates the team's work item, due that day. Not free any more → 409 „Dieser Termin ist "
        "nicht mehr frei.“ In the past, today, off the grid, outside every window, an unknown "
        "purpose, or a customer who already holds an open callback for the purpose → 422, "
        "nothing changed. With `Idempotency-Key` a retry returns the first callback (200); the "
        "same key with a different body → 422. The customer gets e-mail (with `.ics`), letter "
        "and SMS text."
    ),
)
def post_callback(
    request: HttpRequest,
    org: str,
    payload: CallbackBookIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=200),
) -> Status[CallbackOut]:
    scope = org_scope(request, org)
    os_team = _team_to_book(scope, payload.team)
    try:
        customer = get_customer_for(scope, payload.customer_number.strip(), via="api")
    except NotFound:
        message = _("No customer with this number.")
        raise InvalidInput(message, errors={"customer_number": message}) from None
    call_id = (payload.call_id or "").strip()
    start = checks.aware(payload.start)
    callback = callbacks.book_callback(
        organisation=scope.organisation,
        team=os_team,
        purpose=payload.purpose,
        start=start,
        customer=customer,
        phone=payload.phone,
        email=payload.email or "",
        note=payload.note or "",
        call_ref=call_id,
        source=Source.AGENT if queries.is_sc_staff(scope) else Source.OS,
        actor=actor(request),
        idempotency_key=idempotency_key or "",
        request_hash=checks.request_hash(
            team=payload.team,
            purpose=payload.purpose,
            start=start,
            customer_number=payload.customer_number,
            phone=payload.phone,
            call_ref=call_id,
            email=payload.email or "",
            note=payload.note or "",
        ),
        scope=scope,
    )
    fresh = access.get_callback_for(scope, callback.id)
    return Status(200 if callback.replayed else 201, callback_out(fresh))


@router.get(
    "/orgs/{org}/callbacks",
    operation_id="anliegen_servicecenter_callback_api_list_callbacks",
    response={200: list[CallbackOut], **error_responses(401, 404, 422)},
    summary="Extension: callbacks, by start (SOC-05)",
    description=(
        "Filters: `team`, `day` (or `from`/`to`), `status`, `customer_number`. A JSON array "
        "sorted by start; `X-Total-Count` gives the number before `limit`/`offset`. OS staff see "
        "their teams' callbacks, the service centre's staff those of the region."
    ),
)
def list_callbacks(
    request: HttpRequest,
    response: HttpResponse,
    org: str,
    team: int | None = None,
    day: dt.date | None = None,
    first: Annotated[dt.date | None, Query(alias="from")] = None,
    last: Annotated[dt.date | None, Query(alias="to")] = None,
    status: StatusCode | None = None,
    customer_number: str | None = Query(None, max_length=20),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> list[CallbackOut]:
    scope = org_scope(request, org)
    found = access.callbacks_visible_to(scope)
    if team is not None:
        found = found.filter(team_id=team)
    if day is not None:
        first = last = day
    if first is not None:
        found = found.filter(starts_at__gte=clock.start_of_day(first))
    if last is not None:
        found = found.filter(starts_at__lt=clock.start_of_day(last + dt.timedelta(days=1)))
    if status is not None:
        found = found.filter(status=status)
    if customer_number:
        found = found.filter(customer__customer_number=customer_number.strip())
    found = found.order_by("starts_at", "id")
    response["X-Total-Count"] = str(found.count())
    return [callback_out(c) for c in found[offset : offset + limit]]


@router.get(
    "/orgs/{org}/callbacks/{callback_id}.ics",
    operation_id="anliegen_servicecenter_callback_api_callback_ics",
    response={200: None, **error_responses(401, 404)},
    summary="A callback as an iCalendar file (SOC-05)",
)
def callback_ics(request: HttpRequest, org: str, callback_id: int) -> HttpResponse:
    scope = org_scope(request, org)
    callback = access.get_callback_for(scope, callback_id, via="api")
    response = HttpResponse(
        callback_messages.ics_file(callback), content_type=callback_messages.ICS_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="rueckruf-{callback.pk}.ics"'
    return response


def _letter(
    request: HttpRequest, org: str, callback_id: int, event: str | None, fmt: str
) -> HttpResponse:
    scope = org_scope(request, org)
    callback = access.get_callback_for(scope, callback_id, via="api")
    letters = callback.messages.filter(channel=Channel.LETTER)
    if event is not None:
        letters = letters.filter(event=event)
    message = letters.order_by("-id").first()
    if message is None:
        raise NotFound(_("This callback has no letter of this kind."))
    stem = f"rueckruf-{callback.pk}-{message.event}"
    if fmt == "pdf":
        response = HttpResponse(
            callback_messages.letter_pdf(callback, message.event), content_type=PDF_CONTENT_TYPE
        )
    else:
        response = HttpResponse(
            callback_messages.letter_docx(callback, message.event),
            content_type=DOCX_CONTENT_TYPE,
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@router.get(
    "/orgs/{org}/callbacks/{callback_id}/letter.docx",
    operation_id="anliegen_servicecenter_callback_api_callback_letter_docx",
    response={200: None, **error_responses(401, 404)},
    summary="Extension: the callback's letter to the customer as .docx (latest, or of `event`)",
)
def callback_letter_docx(
    request: HttpRequest, org: str, callback_id: int, event: str | None = Query(None)
) -> HttpResponse:
    return _letter(request, org, callback_id, event, "docx")


@router.get(
    "/orgs/{org}/callbacks/{callback_id}/letter.pdf",
    operation_id="anliegen_servicecenter_callback_api_callback_letter_pdf",
    response={200: None, **error_responses(401, 404)},
    summary="Extension: the callback's letter to the customer as PDF (latest, or of `event`)",
)
def callback_letter_pdf(
    request: HttpRequest, org: str, callback_id: int, event: str | None = Query(None)
) -> HttpResponse:
    return _letter(request, org, callback_id, event, "pdf")


@router.get(
    "/orgs/{org}/callbacks/{callback_id}",
    operation_id="anliegen_servicecenter_callback_api_get_callback",
    response={200: CallbackOut, **error_responses(401, 404)},
    summary="Extension: a callback with its attempts and messages",
)
def get_callback(request: HttpRequest, org: str, callback_id: int) -> CallbackOut:
    scope = org_scope(request, org)
    return callback_out(access.get_callback_for(scope, callback_id, via="api"))


class CancelIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: str | None = Field(None, max_length=500)


@router.post(
    "/orgs/{org}/callbacks/{callback_id}/cancel",
    operation_id="anliegen_servicecenter_callback_api_cancel_callback",
    response={200: CallbackOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Cancel a callback; the time is free again (SOC-05)",
    description="Again → 409. The customer is told (e-mail, letter, SMS). Body optional.",
)
def cancel_callback(
    request: HttpRequest, org: str, callback_id: int, payload: CancelIn | None = None
) -> CallbackOut:
    scope = org_scope(request, org)
    callback = access.get_callback_for(scope, callback_id)
    callbacks.cancel_callback(
        callback,
        actor=actor(request),
        reason=(payload.reason if payload else None) or "",
        scope=scope,
    )
    return callback_out(access.get_callback_for(scope, callback_id))


class RescheduleIn(Schema):
    model_config = ConfigDict(extra="forbid")
    start: dt.datetime


@router.post(
    "/orgs/{org}/callbacks/{callback_id}/reschedule",
    operation_id="anliegen_servicecenter_callback_api_reschedule_callback",
    response={200: CallbackOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Extension: move a callback to another start (SOC-05)",
    description=(
        "The same place if it is free then, else another free place of the team; the old time "
        "stays held until the move commits. The booking's checks apply (422); taken → 409."
    ),
)
def reschedule_callback(
    request: HttpRequest, org: str, callback_id: int, payload: RescheduleIn
) -> CallbackOut:
    scope = org_scope(request, org)
    callback = access.get_callback_for(scope, callback_id)
    callbacks.reschedule_callback(
        callback, start=checks.aware(payload.start), actor=actor(request), scope=scope
    )
    return callback_out(access.get_callback_for(scope, callback_id))


class AttemptIn(Schema):
    model_config = ConfigDict(extra="forbid")
    result: str = Field(description="reached or not_reached")
    note: str | None = Field(None, max_length=500)


@router.post(
    "/orgs/{org}/callbacks/{callback_id}/attempts",
    operation_id="anliegen_servicecenter_callback_api_post_attempt",
    response={200: CallbackOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Extension: record an attempt to call back (SOC-05)",
    description=(
        "OS staff of the team. `reached` → outcome `reached_first` or `reached_later`, done. "
        "`not_reached` the first time → a second attempt the same day (`retry_at`); the second "
        "time → outcome `not_reached`, done, and the customer gets a letter. A closed callback "
        "→ 409; before the callback's day → 422."
    ),
)
def post_attempt(
    request: HttpRequest, org: str, callback_id: int, payload: AttemptIn
) -> CallbackOut:
    scope = org_scope(request, org)
    callback = access.get_callback_for(scope, callback_id)
    callbacks.record_attempt(
        callback, result=payload.result, note=payload.note or "", actor=actor(request), scope=scope
    )
    return callback_out(access.get_callback_for(scope, callback_id))
