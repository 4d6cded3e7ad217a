"""API of the ticket procedure (seed 003; TKT-01 … TKT-12). Handlers parse, call actions or
queries, and serialise."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from anliegen import fristen
from anliegen.api.context import actor, codes, local, org_scope, username
from anliegen.api.inputs import required_text
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.org.queries import get_led_team_for
from anliegen.org.scope import Scope, get_intake_scope_for
from anliegen.tickets import actions, controlling, queries
from anliegen.tickets.models import OverrunFlag, SpotCheck, Ticket, TicketArea, TicketKind
from anliegen.tickets.notes_api import router as notes_router
from anliegen.work.models import Light

if TYPE_CHECKING:
    AreaCode = str
    TicketKindCode = str
    LightCode = str
    ResultCode = str
else:
    AreaCode = codes(TicketArea)
    TicketKindCode = codes(TicketKind)
    LightCode = codes(Light)
    ResultCode = codes(SpotCheck.Result)

router = Router(tags=["tickets"])
router.add_router("", notes_router)  # internal notes and attachments (tickets.notes_api)


class TicketIn(Schema):
    area: AreaCode
    customer_number: str = Field(max_length=20)
    concern: str = required_text(max_length=10000)
    kind: TicketKindCode = "concern"
    received_at: dt.datetime | None = Field(None, description="Default: now")


class CommitmentIn(Schema):
    promised_date: dt.date
    note: str = required_text(max_length=10000)
    confirm_non_working_day: bool = Field(
        True,
        description=(
            "A promised date that is a Saturday, Sunday, public holiday or closing day of the "
            "team's site is accepted by default and the response carries a German warning with "
            "the next working day in `warnings`; with `false` it is refused with 422 instead, "
            "as in the web form."
        ),
    )


class TicketCompleteIn(Schema):
    resolution: str = required_text(max_length=10000)


class CallbackIn(Schema):
    note: str = required_text(max_length=10000)


class AppointmentIn(Schema):
    appointment_at: dt.datetime
    place: str = Field(max_length=200, description="Room, address or phone number")


class CommitmentOut(Schema):
    promised_date: dt.date
    note: str
    recorded_at: dt.datetime
    recorded_by: str | None
    late: bool = Field(description="Recorded after the deadline had passed (counts a violation)")


class TicketOut(Schema):
    id: int
    item_id: int
    area: AreaCode
    kind: TicketKindCode
    customer_number: str
    concern: str
    received_at: dt.datetime
    due_date: dt.date | None
    rule_due_date: dt.date = Field(description="The deadline under the rules, before commitments")
    traffic_light: LightCode
    priority: int
    status: str = Field(description="open or completed")
    assignee: str | None
    team: int | None
    team_name: str | None
    completed_at: dt.datetime | None
    resolution: str | None
    commitments: list[CommitmentOut]
    callback_at: dt.datetime | None
    callback_note: str
    appointment_at: dt.datetime | None
    appointment_place: str
    customer_informed_at: dt.datetime | None
    customer_informed_due: dt.date | None
    violations: int | None
    warnings: list[str] = Field(
        default_factory=list,
        description="German warnings about the request just made (e.g. a non-working day)",
    )
    restricted: bool = Field(
        False,
        description=(
            "true: the caller sent this ticket from a service-centre region that serves the "
            "organisation, and sees only what was sent and its state (TKT-01). How it is handled "
            "(assignee, team, commitments, callback, appointment, resolution, violations) is "
            "withheld: null or empty."
        ),
    )


def intake_scope(request: HttpRequest, org: str) -> Scope:
    """The caller's scope for creating and following tickets: a member's, or a service-centre
    agent's whose region serves ``org`` (TKT-01); 404 for everyone else."""
    return get_intake_scope_for(actor(request), org)


def sent_ticket_out(ticket: Ticket) -> TicketOut:
    """What a service-centre agent sees of a ticket they sent into another organisation."""
    item = ticket.item
    light = (
        fristen.traffic_light(clock.today(), item.due_date, item.amber_from)
        if item.due_date and item.amber_from and item.status == "open"
        else Light.GREEN
    )
    return TicketOut(
        id=ticket.id,
        item_id=item.id,
        area=ticket.area,
        kind=ticket.kind,
        customer_number=ticket.customer.customer_number,
        concern=ticket.concern,
        received_at=local(ticket.received_at),
        due_date=item.due_date,
        rule_due_date=ticket.rule_due_date,
        traffic_light=light,
        priority=item.priority,
        status="completed" if item.status == "done" else item.status,
        assignee=None,
        team=None,
        team_name=None,
        completed_at=local(item.completed_at),
        resolution=None,
        commitments=[],
        callback_at=None,
        callback_note="",
        appointment_at=None,
        appointment_place="",
        customer_informed_at=None,
        customer_informed_due=ticket.customer_informed_due,
        violations=None,
        restricted=True,
    )


def scoped_ticket_out(scope: Scope, ticket: Ticket, *, fresh: bool = False) -> TicketOut:
    if scope.sending_for is not None:
        return sent_ticket_out(ticket)
    return ticket_out(ticket, fresh=fresh)


def ticket_out(ticket: Ticket, *, fresh: bool = False) -> TicketOut:
    """The ticket as the API shows it. ``fresh``: just created, so it has no commitments and
    no violations yet and nothing needs to be read back."""
    item = ticket.item
    light = (
        fristen.traffic_light(clock.today(), item.due_date, item.amber_from)
        if item.due_date and item.amber_from
        else Light.GREEN
    )
    completion = getattr(ticket, "completion", None) if item.status == "done" else None
    commitments = [] if fresh else list(queries.commitments_of(ticket))
    return TicketOut(
        id=ticket.id,
        item_id=item.id,
        area=ticket.area,
        kind=ticket.kind,
        customer_number=ticket.customer.customer_number,
        concern=ticket.concern,
        received_at=local(ticket.received_at),
        due_date=item.due_date,
        rule_due_date=ticket.rule_due_date,
        traffic_light=light,
        priority=item.priority,
        status="completed" if item.status == "done" else item.status,
        assignee=username(item.assignee),
        team=item.team_id,
        team_name=item.team.name if item.team else None,
        completed_at=local(item.completed_at),
        resolution=completion.resolution if completion else None,
        commitments=[
            CommitmentOut(
                promised_date=c.promised_date,
                note=c.note,
                recorded_at=local(c.recorded_at),
                recorded_by=username(c.recorded_by),
                late=c.late,
            )
            for c in commitments
        ],
        callback_at=local(ticket.callback_at),
        callback_note=ticket.callback_note,
        appointment_at=local(ticket.appointment_at),
        appointment_place=ticket.appointment_place,
        customer_informed_at=local(ticket.customer_informed_at),
        customer_informed_due=ticket.customer_informed_due,
        violations=0 if fresh else queries.violation_count(ticket),
        restricted=False,
    )


@router.post(
    "/orgs/{org}/tickets",
    response={201: TicketOut, **error_responses(401, 403, 404, 422)},
    summary="Create a ticket (TKT-01, TKT-02)",
    description=(
        "From the service centre's system or a walk-in. With an `Idempotency-Key` header a retry "
        "with the same body returns the ticket created the first time (header "
        "`Idempotent-Replayed: true`); the same key with a different body is refused with 422 "
        "(a hash of the request is stored with the key). The phone agents of a "
        "service-centre region create tickets in the organisations their region serves and "
        "get 404 elsewhere; they follow what they sent (`restricted`: true)."
    ),
)
def create_ticket(
    request: HttpRequest,
    response: HttpResponse,
    org: str,
    payload: TicketIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
) -> Status[TicketOut]:
    scope = intake_scope(request, org)
    ticket, created = actions.create_ticket(
        actor=actor(request),
        scope=scope,
        area=payload.area,
        customer_number=payload.customer_number,
        concern=payload.concern,
        kind=payload.kind,
        received_at=payload.received_at,
        idempotency_key=idempotency_key,
        source="api",
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, scoped_ticket_out(scope, ticket, fresh=created))


@router.get(
    "/orgs/{org}/tickets",
    response={200: list[TicketOut], **error_responses(401, 404, 422)},
    summary="Tickets visible to the caller, newest first",
)
def list_tickets(
    request: HttpRequest,
    response: HttpResponse,
    org: str,
    status: str = Query("open", pattern="^(open|completed|all)$"),
    area: AreaCode | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> list[TicketOut]:
    scope = intake_scope(request, org)
    tickets = queries.tickets_visible_to(scope)
    if status != "all":
        tickets = tickets.filter(item__status="done" if status == "completed" else "open")
    if area:
        tickets = tickets.filter(area=area)
    response["X-Total-Count"] = str(tickets.count())
    page = tickets.order_by("-received_at", "-id")[offset : offset + limit]
    return [scoped_ticket_out(scope, t) for t in page]


@router.get(
    "/orgs/{org}/tickets/{ticket_id}",
    response={200: TicketOut, **error_responses(401, 404)},
    summary="One ticket",
)
def get_ticket(request: HttpRequest, org: str, ticket_id: int) -> TicketOut:
    scope = intake_scope(request, org)
    return scoped_ticket_out(scope, queries.get_ticket_for(scope, ticket_id))


@router.post(
    "/orgs/{org}/tickets/{ticket_id}/commitment",
    response={200: TicketOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Record a dated commitment to the customer (TKT-04)",
)
def commitment(request: HttpRequest, org: str, ticket_id: int, payload: CommitmentIn) -> TicketOut:
    scope = org_scope(request, org)
    ticket = queries.get_ticket_for(scope, ticket_id)
    actions.record_commitment(
        actor=actor(request),
        scope=scope,
        ticket=ticket,
        promised_date=payload.promised_date,
        note=payload.note,
        confirm_non_working_day=payload.confirm_non_working_day,
    )
    out = ticket_out(queries.get_ticket_for(scope, ticket_id))
    warning = actions.non_working_day(ticket, payload.promised_date)
    if warning is not None:
        out.warnings.append(warning.message)
    return out


@router.post(
    "/orgs/{org}/tickets/{ticket_id}/complete",
    response={200: TicketOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Complete a ticket with its resolution (TKT-03, TKT-08)",
)
def complete(
    request: HttpRequest, org: str, ticket_id: int, payload: TicketCompleteIn
) -> TicketOut:
    scope = org_scope(request, org)
    ticket = queries.get_ticket_for(scope, ticket_id)
    actions.complete_ticket(
        actor=actor(request), scope=scope, ticket=ticket, resolution=payload.resolution
    )
    return ticket_out(queries.get_ticket_for(scope, ticket_id))


@router.post(
    "/orgs/{org}/tickets/{ticket_id}/callback",
    response={200: TicketOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Record the callback (TKT-06)",
)
def callback(request: HttpRequest, org: str, ticket_id: int, payload: CallbackIn) -> TicketOut:
    scope = org_scope(request, org)
    ticket = queries.get_ticket_for(scope, ticket_id)
    actions.record_callback(actor=actor(request), scope=scope, ticket=ticket, note=payload.note)
    return ticket_out(queries.get_ticket_for(scope, ticket_id))


@router.post(
    "/orgs/{org}/tickets/{ticket_id}/appointment",
    response={200: TicketOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Record the appointment the customer was told (TKT-06)",
)
def appointment(
    request: HttpRequest, org: str, ticket_id: int, payload: AppointmentIn
) -> TicketOut:
    scope = org_scope(request, org)
    ticket = queries.get_ticket_for(scope, ticket_id)
    actions.record_appointment(
        actor=actor(request),
        scope=scope,
        ticket=ticket,
        appointment_at=payload.appointment_at,
        place=payload.place,
    )
    return ticket_out(queries.get_ticket_for(scope, ticket_id))


# --- Team controlling (TKT-09 … TKT-12) -----------------------------------------------------


class PersonFiguresOut(Schema):
    username: str | None = Field(description="null: the team inbox (unassigned)")
    name: str
    open: int
    amber: int
    red: int
    with_commitment: int
    violations: int
    completed_week: int
    completed_month: int
    overrun_flag: int | None = Field(description="id of an open overrun flag (TKT-11)")


@router.get(
    "/orgs/{org}/teams/{team_id}/ticket-controlling",
    response={200: list[PersonFiguresOut], **error_responses(401, 403, 404)},
    summary="Per person: open, amber, red, commitments, violations, completions (TKT-09)",
)
def team_figures(request: HttpRequest, org: str, team_id: int) -> list[PersonFiguresOut]:
    team = get_led_team_for(org_scope(request, org), team_id)
    return [
        PersonFiguresOut(
            username=username(f.user),
            name=str(f.user) if f.user else "Team-Postkorb",
            open=f.open,
            amber=f.amber,
            red=f.red,
            with_commitment=f.with_commitment,
            violations=f.violations,
            completed_week=f.completed_week,
            completed_month=f.completed_month,
            overrun_flag=f.flag.id if f.flag else None,
        )
        for f in queries.team_controlling(team)
    ]


class TalkIn(Schema):
    note: str = Field(max_length=10000)


class OverrunFlagOut(Schema):
    id: int
    username: str
    violation_count: int
    raised_at: dt.datetime
    talk_at: dt.datetime | None
    talk_note: str


def flag_out(flag: OverrunFlag) -> OverrunFlagOut:
    return OverrunFlagOut(
        id=flag.id,
        username=flag.user.username,
        violation_count=flag.violation_count,
        raised_at=local(flag.raised_at),
        talk_at=local(flag.talk_at),
        talk_note=flag.talk_note,
    )


@router.get(
    "/orgs/{org}/overrun-flags",
    response={200: list[OverrunFlagOut], **error_responses(401, 404)},
    summary="Open flags for repeated overruns in the caller's teams (TKT-11)",
)
def overrun_flags(request: HttpRequest, org: str) -> list[OverrunFlagOut]:
    return [flag_out(f) for f in queries.open_overrun_flags(org_scope(request, org))]


@router.post(
    "/orgs/{org}/overrun-flags/{flag_id}/talk",
    response={200: OverrunFlagOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Record that the talk took place; clears the flag (TKT-11)",
)
def overrun_talk(request: HttpRequest, org: str, flag_id: int, payload: TalkIn) -> OverrunFlagOut:
    scope = org_scope(request, org)
    flag = queries.get_overrun_flag_for(scope, flag_id)
    return flag_out(
        controlling.record_overrun_talk(
            actor=actor(request), scope=scope, flag=flag, note=payload.note
        )
    )


class SpotCheckIn(Schema):
    result: ResultCode
    note: str = Field("", max_length=10000)


class SpotCheckOut(Schema):
    id: int
    ticket: int
    customer_number: str
    month: dt.date
    resolution: str
    completed_by: str | None
    result: str
    note: str
    checked_at: dt.datetime | None


def spot_check_out(check: SpotCheck) -> SpotCheckOut:
    return SpotCheckOut(
        id=check.id,
        ticket=check.ticket_id,
        customer_number=check.ticket.customer.customer_number,
        month=check.month,
        resolution=check.resolution,
        completed_by=username(check.ticket.item.completed_by),
        result=check.result,
        note=check.note,
        checked_at=local(check.checked_at),
    )


@router.get(
    "/orgs/{org}/spot-checks",
    response={200: list[SpotCheckOut], **error_responses(401, 404)},
    summary="Spot checks of Integration completions in the caller's teams (TKT-12)",
)
def spot_checks(request: HttpRequest, org: str, pending: bool = False) -> list[SpotCheckOut]:
    checks = queries.open_spot_checks(org_scope(request, org))
    if pending:
        checks = checks.filter(checked_at__isnull=True)
    return [spot_check_out(c) for c in checks[:500]]


@router.post(
    "/orgs/{org}/spot-checks/{check_id}",
    response={200: SpotCheckOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Record the result of a spot check (TKT-12)",
)
def record_spot_check(
    request: HttpRequest, org: str, check_id: int, payload: SpotCheckIn
) -> SpotCheckOut:
    scope = org_scope(request, org)
    check = queries.get_spot_check_for(scope, check_id)
    return spot_check_out(
        controlling.record_spot_check(
            actor=actor(request),
            scope=scope,
            spot_check=check,
            result=payload.result,
            note=payload.note,
        )
    )
