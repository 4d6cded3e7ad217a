"""API of work: the deadline calculator, worklists, follow-ups, reassignment, notifications
(FND-06, FND-07, FND-08, FND-11). Handlers parse, call actions or queries, and serialise."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen import fristen
from anliegen.api.context import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    actor,
    codes,
    local,
    org_scope,
    referenced,
    renamed,
    username,
)
from anliegen.api.inputs import documented, required_text
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.customers.queries import get_customer_for
from anliegen.org.queries import get_led_team_for
from anliegen.org.scope import Scope, get_staff_for
from anliegen.work import actions, item_actions, kinds, queries
from anliegen.work.access import get_item_for
from anliegen.work.calculator import compute_deadline
from anliegen.work.dates import non_working_day_warning
from anliegen.work.messages import notification_text
from anliegen.work.models import Kind, Light, Notification, WorkItem
from anliegen.work.models import Status as ItemStatus

if TYPE_CHECKING:
    StateCode = str
    KindCode = str
    LightCode = str
    StatusCode = str
    SortCode = str
    NotificationKindCode = str
else:
    StateCode = codes(fristen.STATES)
    # every kind the core knows and every kind a procedure registered (e.g. "approval")
    KindCode = codes(tuple(dict.fromkeys([*Kind.values, *(k.code for k in kinds.registered())])))
    LightCode = codes(Light)
    StatusCode = codes(ItemStatus)
    SortCode = codes(tuple(queries.SORTS))
    NotificationKindCode = codes(Notification.Kind)

router = Router(tags=["work"])
calculator = Router(tags=["deadlines"])


# --- Deadline calculator (public) -----------------------------------------------------------


class SkippedDayOut(Schema):
    date: dt.date
    reason: str = Field(description="Why the day is no working day (holiday name, closing day)")


class DeadlineOut(Schema):
    due_date: dt.date
    received: dt.date
    unit: str = Field(description="working_days or calendar_days")
    n: int
    state: StateCode
    closing_days: list[str]
    skipped: list[SkippedDayOut] = Field(
        description="Holidays and closing days between the day of receipt and the due date"
    )
    rolled_from: dt.date | None = Field(
        None, description="Calendar days: the end before it moved to the next working day"
    )


@calculator.get(
    "/deadlines",
    auth=None,
    response={200: DeadlineOut, **error_responses(422)},
    summary="Compute a deadline (FND-06)",
    description=(
        "The n-th working day after the day of receipt (`working_days`), or the day of receipt "
        "plus n days moved to the next working day (`calendar_days`), with the public holidays "
        "of the federal state and the given closing days (MM-DD, comma-separated). Public."
    ),
)
def deadline(
    request: HttpRequest,
    received: dt.date,
    state: StateCode,
    # 1 … MAX_DAYS, checked by the calculator (which explains why 0 days do not exist, § 187 BGB).
    working_days: int | None = documented(Query(None), minimum=1, maximum=fristen.MAX_DAYS),
    calendar_days: int | None = documented(Query(None), minimum=1, maximum=fristen.MAX_DAYS),
    closing_days: str | None = None,
    municipal: str | None = Query(
        None, description="Municipal holiday options, comma-separated (catholic, augsburg)"
    ),
) -> DeadlineOut:
    result = compute_deadline(
        received=received,
        working_days=working_days,
        calendar_days=calendar_days,
        state=state,
        closing_days=closing_days,
        municipal=fristen.parse_closing_days(municipal or ""),
    )
    return DeadlineOut(
        due_date=result.due_date,
        received=result.received,
        unit=result.unit,
        n=result.n,
        state=result.state,
        closing_days=list(result.closing_days),
        skipped=[SkippedDayOut(date=s.day, reason=s.reason) for s in result.skipped],
        rolled_from=result.rolled_from,
    )


# --- Work items -----------------------------------------------------------------------------


class WorkItemOut(Schema):
    # Any registered kind (work/kinds.py): procedures add kinds without changing this schema.
    kind: str = Field(
        description="work-item kind: `ticket`, `reaction`, … or a kind a procedure registered"
    )
    id: int
    title: str
    due_date: dt.date | None
    traffic_light: LightCode
    priority: int
    status: StatusCode
    customer_number: str | None
    assignee: str | None = Field(description="username")
    team: int | None = Field(description="team id")
    team_name: str | None
    received_at: dt.datetime
    start_date: dt.date
    amber_from: dt.date | None
    visible_from: dt.date | None
    parent: int | None
    note: str
    url: str = Field(
        description="Path of the page where the item is handled (from the kind registry)"
    )
    kind_label: str = Field(description="German name of the kind")
    warning: str | None = Field(
        None, description="A German warning, e.g. a follow-up set on a non-working day"
    )


def item_out(item: WorkItem, org_slug: str, *, warning: str | None = None) -> WorkItemOut:
    light = getattr(item, "light", None)
    if light is None:
        light = (
            fristen.traffic_light(clock.today(), item.due_date, item.amber_from)
            if item.due_date and item.amber_from
            else Light.GREEN
        )
    return WorkItemOut(
        kind=item.kind,
        id=item.id,
        title=item.title,
        due_date=item.due_date,
        traffic_light=light,
        priority=item.priority,
        status=item.status,
        customer_number=item.customer.customer_number if item.customer else None,
        assignee=username(item.assignee),
        team=item.team_id,
        team_name=item.team.name if item.team else None,
        received_at=local(item.received_at),
        start_date=item.start_date,
        amber_from=item.amber_from,
        visible_from=item.visible_from,
        parent=item.parent_id,
        note=item.note,
        url=kinds.url_for(item, org_slug),
        kind_label=kinds.label_for(item.kind),
        warning=warning,
    )


def _paged(
    response: HttpResponse, items: QuerySet[WorkItem], sort: str, org: str, offset: int, limit: int
) -> list[WorkItemOut]:
    """One page of a worklist; in the default order read band by band (index-friendly)."""
    source: queries.Banded | QuerySet[WorkItem] = (
        queries.Banded(items) if sort == queries.DEFAULT_SORT else items
    )
    response["X-Total-Count"] = str(source.count())
    return [item_out(item, org) for item in source[offset : offset + limit]]


WORKLIST_RESPONSES = {200: list[WorkItemOut], **error_responses(401, 404, 422)}


@router.get(
    "/orgs/{org}/worklist",
    response=WORKLIST_RESPONSES,
    summary="My worklist (FND-07)",
    description=(
        "Open items of the caller and of absent colleagues they deputise for. A JSON array; "
        "`X-Total-Count` gives the number of items before `limit`/`offset`."
    ),
)
def my_worklist(
    request: HttpRequest,
    response: HttpResponse,
    org: str,
    kind: Annotated[list[KindCode] | None, Query()] = None,
    light: Annotated[list[LightCode] | None, Query()] = None,
    q: str | None = Query(None, max_length=100),
    sort: SortCode = queries.DEFAULT_SORT,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> list[WorkItemOut]:
    scope = org_scope(request, org)
    items = queries.worklist_for_user(scope, kinds=kind, lights=light, search=q, sort=sort)
    return _paged(response, items, sort, org, offset, limit)


@router.get(
    "/orgs/{org}/teams/{team_id}/worklist",
    response={**WORKLIST_RESPONSES, **error_responses(403)},
    summary="A team's worklist (team leads, area and organisation management)",
)
def team_worklist(
    request: HttpRequest,
    response: HttpResponse,
    org: str,
    team_id: int,
    kind: Annotated[list[KindCode] | None, Query()] = None,
    light: Annotated[list[LightCode] | None, Query()] = None,
    assignee: str | None = Query(None, description="username"),
    unassigned: bool = False,
    q: str | None = Query(None, max_length=100),
    sort: SortCode = queries.DEFAULT_SORT,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> list[WorkItemOut]:
    scope = org_scope(request, org)
    team = get_led_team_for(scope, team_id)
    person = referenced("assignee", get_staff_for, scope, assignee) if assignee else None
    items = queries.worklist_for_team(
        scope,
        team,
        kinds=kind,
        lights=light,
        assignee_id=person.id if person else None,
        unassigned=unassigned,
        search=q,
        sort=sort,
    )
    return _paged(response, items, sort, org, offset, limit)


@router.get(
    "/orgs/{org}/items/{item_id}",
    response={200: WorkItemOut, **error_responses(401, 404)},
    summary="One work item",
)
def get_item(request: HttpRequest, org: str, item_id: int) -> WorkItemOut:
    return item_out(get_item_for(org_scope(request, org), item_id), org)


class FollowUpIn(Schema):
    model_config = ConfigDict(extra="forbid")

    date: dt.date = Field(description="The day the follow-up appears in the worklist")
    note: str = required_text(max_length=2000)
    customer_number: str | None = Field(None, max_length=20)
    item_id: int | None = Field(None, description="The work item to follow up")
    assignee: str | None = Field(None, description="username; the caller by default")


@router.post(
    "/orgs/{org}/follow-ups",
    response={201: WorkItemOut, **error_responses(401, 403, 404, 422)},
    summary="Set a follow-up (Wiedervorlage, FND-08)",
)
def create_follow_up(request: HttpRequest, org: str, payload: FollowUpIn) -> Status[WorkItemOut]:
    scope = org_scope(request, org)
    customer = (
        referenced("customer_number", get_customer_for, scope, payload.customer_number, via=None)
        if payload.customer_number
        else None
    )
    item = referenced("item_id", get_item_for, scope, payload.item_id) if payload.item_id else None
    assignee = (
        referenced("assignee", get_staff_for, scope, payload.assignee) if payload.assignee else None
    )
    try:
        follow_up = actions.add_follow_up(
            actor=actor(request),
            scope=scope,
            on=payload.date,
            note=payload.note,
            customer=customer,
            item=item,
            assignee=assignee,
            allow_non_working_day=True,
        )
    except InvalidInput as exc:
        raise renamed(exc, {"on": "date"}) from None
    warning = non_working_day_warning(follow_up.organisation, follow_up.team, payload.date)
    return Status(201, item_out(follow_up, org, warning=warning[0] if warning else None))


class FollowUpCompleteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: str = required_text(max_length=2000, description="What was done (not blank)")


class FollowUpPostponeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    date: dt.date = Field(description="The new day of the follow-up")
    note: str | None = Field(None, max_length=2000)


def _follow_up(scope: Scope, item_id: int) -> WorkItem:
    item = get_item_for(scope, item_id)
    if item.kind != Kind.FOLLOW_UP:
        raise NotFound(_("Follow-up not found."))
    return item


@router.post(
    "/orgs/{org}/follow-ups/{item_id}/complete",
    response={200: WorkItemOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Complete a follow-up with a note (FND-08)",
    description="It leaves the worklist; completing it again answers 409.",
)
def complete_follow_up(
    request: HttpRequest, org: str, item_id: int, payload: FollowUpCompleteIn
) -> WorkItemOut:
    scope = org_scope(request, org)
    done = item_actions.finish_item(
        actor=actor(request), scope=scope, item=_follow_up(scope, item_id), note=payload.note
    )
    return item_out(done, org)


@router.post(
    "/orgs/{org}/follow-ups/{item_id}/postpone",
    response={200: WorkItemOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Postpone a follow-up to a date (FND-08)",
    description=(
        "`due_date` is now `date`; the follow-up leaves the worklist until then. A non-working "
        "day is accepted with a `warning` naming the next working day."
    ),
)
def postpone_follow_up(
    request: HttpRequest, org: str, item_id: int, payload: FollowUpPostponeIn
) -> WorkItemOut:
    scope = org_scope(request, org)
    try:
        moved = item_actions.postpone_follow_up(
            actor=actor(request),
            scope=scope,
            item=_follow_up(scope, item_id),
            on=payload.date,
            note=payload.note or "",
            allow_non_working_day=True,
        )
    except InvalidInput as exc:
        raise renamed(exc, {"on": "date"}) from None
    warning = non_working_day_warning(moved.organisation, moved.team, payload.date)
    return item_out(moved, org, warning=warning[0] if warning else None)


class ReassignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    assignee: str = Field(description="username of the new assignee")


@router.post(
    "/orgs/{org}/items/{item_id}/reassign",
    response={200: WorkItemOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Reassign an item (team leads)",
)
def reassign_item(request: HttpRequest, org: str, item_id: int, payload: ReassignIn) -> WorkItemOut:
    scope = org_scope(request, org)
    item = get_item_for(scope, item_id)
    assignee = referenced("assignee", get_staff_for, scope, payload.assignee)
    (changed,) = actions.reassign_items(
        actor=actor(request), scope=scope, items=[item], assignee=assignee
    )
    return item_out(changed, org)


# --- Notifications --------------------------------------------------------------------------


class NotificationOut(Schema):
    id: int
    kind: NotificationKindCode
    text: str = Field(description="German text")
    item_id: int | None
    item_url: str | None = Field(
        None, description="Path of the page where the item is handled (kind registry)"
    )
    created_at: dt.datetime
    read_at: dt.datetime | None


def notification_out(notification: Notification) -> NotificationOut:
    item = notification.item
    return NotificationOut(
        id=notification.id,
        kind=notification.kind,
        text=notification_text(notification),
        item_id=notification.item_id,
        item_url=kinds.url_for(item, notification.organisation.slug) if item else None,
        created_at=local(notification.created_at),
        read_at=local(notification.read_at),
    )


@router.get(
    "/orgs/{org}/notifications",
    response={200: list[NotificationOut], **error_responses(401, 404, 422)},
    summary="My notifications, newest first (FND-11)",
)
def list_notifications(
    request: HttpRequest,
    response: HttpResponse,
    org: str,
    unread: bool = False,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> list[NotificationOut]:
    notifications = queries.notifications_for(org_scope(request, org), unread_only=unread)
    response["X-Total-Count"] = str(notifications.count())
    return [notification_out(n) for n in notifications[offset : offset + limit]]


@router.post(
    "/orgs/{org}/notifications/{notification_id}/read",
    response={200: NotificationOut, **error_responses(401, 404)},
    summary="Mark a notification as read",
)
def read_notification(request: HttpRequest, org: str, notification_id: int) -> NotificationOut:
    notification = actions.mark_notification_read(
        actor=actor(request), scope=org_scope(request, org), notification_id=notification_id
    )
    return notification_out(notification)
