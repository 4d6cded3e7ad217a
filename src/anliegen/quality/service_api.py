"""API of QS-02, QS-03, QS-05, QS-06 and QS-08 (extensions of CONTRACT.md, same rules)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, org_scope
from anliegen.api.inputs import required_text
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.core.errors import Forbidden

from . import access, reports, service_actions

router = Router(tags=["quality"])


def _since(since: dt.date | None) -> dt.date:
    return since or clock.today() - dt.timedelta(weeks=8)


class UrgentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    concern: str = required_text(max_length=300)
    team: int | None = Field(None, description="team id; default: the caller's team")
    customer_number: str = ""


class ItemRef(Schema):
    id: int
    item: int = Field(description="the work item")
    team: int | None
    assignee: str | None
    due_date: dt.date


@router.post(
    "/orgs/{org}/urgent-visits",
    response={201: ItemRef, **error_responses(401, 403, 404, 422)},
    summary="Record an urgent walk-in, due today in the team's worklist (QS-02)",
)
def urgent(request: HttpRequest, org: str, payload: UrgentIn) -> Status[ItemRef]:
    visit = service_actions.record_urgent_visit(
        actor=actor(request),
        scope=org_scope(request, org),
        concern=payload.concern,
        team_id=payload.team,
        customer_number=payload.customer_number,
    )
    item = visit.item
    assert item.due_date is not None
    return Status(
        201,
        ItemRef(
            id=visit.pk, item=item.pk, team=item.team_id, assignee=None, due_date=item.due_date
        ),
    )


class UrgentLineOut(Schema):
    site: str
    week: dt.date
    recorded: int
    seen_same_day: int


@router.get(
    "/orgs/{org}/quality/urgent-visits",
    response={200: list[UrgentLineOut], **error_responses(401, 403, 404)},
    summary="Urgent visits per site and week, and how many were seen the same day (QS-02)",
)
def urgent_report(
    request: HttpRequest, org: str, since: dt.date | None = None
) -> list[UrgentLineOut]:
    scope = org_scope(request, org)
    if not access.may_view(scope):
        raise Forbidden()
    return [
        UrgentLineOut(site=x.site, week=x.week, recorded=x.recorded, seen_same_day=x.same_day)
        for x in reports.urgent_visits(scope.organisation, since=_since(since))
    ]


class EmployerCallIn(Schema):
    model_config = ConfigDict(extra="forbid")

    at: dt.datetime
    taken_by: str | None = Field(None, description="username; null: forwarded to the call centre")
    employer: str = Field("", description="customer number of the employer, if known")


class EmployerCallOut(Schema):
    id: int
    week: dt.date
    forwarded: bool


@router.post(
    "/orgs/{org}/employer-calls",
    response={201: EmployerCallOut, **error_responses(401, 403, 404, 422)},
    summary="Report an employer call: taken by a placement officer or forwarded (QS-03)",
)
def employer_call(
    request: HttpRequest, org: str, payload: EmployerCallIn
) -> Status[EmployerCallOut]:
    call = service_actions.record_employer_call(
        actor=actor(request),
        scope=org_scope(request, org),
        at=payload.at,
        taken_by=payload.taken_by,
        employer=payload.employer,
    )
    return Status(
        201, EmployerCallOut(id=call.pk, week=call.week, forwarded=call.taken_by_id is None)
    )


class CallNoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employer: str = required_text(description="customer number of the employer")
    text: str = required_text(max_length=5000)
    called_at: dt.datetime
    caller: str = Field("", max_length=200)
    idempotency_key: str = Field("", max_length=100)


@router.post(
    "/orgs/{org}/employer-calls/notes",
    response={201: ItemRef, **error_responses(401, 403, 404, 422)},
    summary="A call-centre note: a work item for the employer's contact person (QS-03)",
    description=(
        "Due the next working day after the call. Without a contact person the note goes to the "
        "employer-service team, unassigned. The same `idempotency_key` again returns the first."
    ),
)
def call_note(request: HttpRequest, org: str, payload: CallNoteIn) -> Status[ItemRef]:
    note = service_actions.record_call_note(
        actor=actor(request),
        scope=org_scope(request, org),
        employer=payload.employer,
        text=payload.text,
        called_at=payload.called_at,
        caller=payload.caller,
        idempotency_key=payload.idempotency_key,
    )
    item = note.item
    assert item.due_date is not None
    return Status(
        201,
        ItemRef(
            id=note.pk,
            item=item.pk,
            team=item.team_id,
            assignee=item.assignee.username if item.assignee else None,
            due_date=item.due_date,
        ),
    )


class CallWeekOut(Schema):
    week: dt.date
    taken: int
    forwarded: int
    share_taken: float | None


@router.get(
    "/orgs/{org}/employer-calls/report",
    response={200: list[CallWeekOut], **error_responses(401, 403, 404)},
    summary="Employer calls per week: taken by officers against forwarded (QS-03)",
)
def call_report(request: HttpRequest, org: str, since: dt.date | None = None) -> list[CallWeekOut]:
    scope = org_scope(request, org)
    if not access.may_view(scope):
        raise Forbidden()
    return [
        CallWeekOut(week=w.week, taken=w.taken, forwarded=w.forwarded, share_taken=w.share_taken)
        for w in reports.call_share(scope.organisation, since=_since(since))
    ]


class BookingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employer_hours: Decimal
    other_hours: Decimal
    user: str | None = Field(None, description="username (team lead correcting); default: caller")


class BookingOut(Schema):
    user: str
    week: dt.date
    employer_hours: float
    other_hours: float


@router.put(
    "/orgs/{org}/hour-bookings/{week}",
    response={200: BookingOut, **error_responses(401, 403, 404, 422)},
    summary="Book a week's hours in two buckets (QS-06)",
    description="`week`: any day of the week. More than 60 hours or negative hours: 422.",
)
def book(request: HttpRequest, org: str, week: dt.date, payload: BookingIn) -> BookingOut:
    from anliegen.org.scope import get_staff_for

    scope = org_scope(request, org)
    person = get_staff_for(scope, payload.user) if payload.user else None
    booking = service_actions.book_hours(
        actor=actor(request),
        scope=scope,
        week=week,
        employer_hours=payload.employer_hours,
        other_hours=payload.other_hours,
        user=person,
    )
    return BookingOut(
        user=booking.user.username,
        week=booking.week,
        employer_hours=float(booking.employer_hours),
        other_hours=float(booking.other_hours),
    )


class ShareOut(Schema):
    name: str
    employer_hours: float
    total_hours: float
    recorded_share: float | None
    planned_share: float


class TeamShareOut(ShareOut):
    officers: list[ShareOut]


@router.get(
    "/orgs/{org}/quality/employer-share",
    response={200: list[TeamShareOut], **error_responses(401, 403, 404)},
    summary="Planned against recorded employer share per officer and team (QS-06)",
)
def share_report(
    request: HttpRequest, org: str, since: dt.date | None = None
) -> list[TeamShareOut]:
    scope = org_scope(request, org)
    if not scope.is_lead:
        raise Forbidden()
    report = reports.employer_share(scope, since=_since(since))

    def out(line: reports.ShareLine) -> ShareOut:
        return ShareOut(
            name=line.name,
            employer_hours=float(line.employer_hours),
            total_hours=float(line.total_hours),
            recorded_share=line.recorded,
            planned_share=float(line.planned),
        )

    return [
        TeamShareOut(**out(total).model_dump(), officers=[out(x) for x in lines])
        for total, lines in report.teams
    ]


class ReachabilityIO(Schema):
    model_config = ConfigDict(extra="forbid")

    valid_from: dt.date | None = Field(None, description="in a PUT: default today")
    weekdays: list[int] = Field(
        description="0 = Monday … 6 = Sunday",
        max_length=7,
        # Checked by the action with its German message; the document states it too.
        json_schema_extra={"minItems": 1, "items": {"type": "integer", "minimum": 0, "maximum": 6}},
    )
    opens: dt.time
    closes: dt.time


@router.get(
    "/orgs/{org}/quality/employer-reachability",
    response={200: ReachabilityIO, **error_responses(401, 404)},
    summary="The employer service's phone hours in force (QS-03 rule data)",
)
def get_reachability(request: HttpRequest, org: str) -> ReachabilityIO:
    scope = org_scope(request, org)
    rule = reports.reachability(scope.organisation)
    return ReachabilityIO(
        valid_from=None, weekdays=list(rule.weekdays), opens=rule.opens, closes=rule.closes
    )


@router.put(
    "/orgs/{org}/quality/employer-reachability",
    response={200: ReachabilityIO, **error_responses(401, 403, 404, 422)},
    summary="A new version of the employer service's phone hours (QS-03 rule data)",
)
def put_reachability(request: HttpRequest, org: str, payload: ReachabilityIO) -> ReachabilityIO:
    row = service_actions.set_reachability(
        actor=actor(request),
        scope=org_scope(request, org),
        valid_from=payload.valid_from or clock.today(),
        weekdays=payload.weekdays,
        opens=payload.opens,
        closes=payload.closes,
    )
    return ReachabilityIO(
        valid_from=row.valid_from, weekdays=row.weekdays, opens=row.opens, closes=row.closes
    )
