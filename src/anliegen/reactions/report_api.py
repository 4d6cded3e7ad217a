"""API of the KRM register and reports (KRM-09, KRM-10): the same figures as the web pages,
from :mod:`anliegen.reactions.reports`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from anliegen.api.context import local, org_scope
from anliegen.api.problems import error_responses
from anliegen.core.errors import InvalidInput
from anliegen.reactions import reports

router = Router(tags=["reactions"])


class CountOut(Schema):
    key: str = Field(description="Code (kind, channel, outcome; team id) — empty for none")
    label: str
    count: int


class TopicOut(Schema):
    topic: int
    name: str
    concerns: int
    outcomes: dict[str, int] = Field(description="Outcome code → concerns; 'none' = no outcome")


class ClockOut(Schema):
    with_deadline: int
    on_time: int
    late: int = Field(description="Met late, or passed without being met")
    running: int = Field(description="Not met, not yet due")
    on_time_share: float | None = Field(description="Per cent of on time + late")


class QuarterOut(Schema):
    quarter: str = Field(description="e.g. 2026-Q4")
    received: int
    completed: int
    acknowledgement: ClockOut
    resolution: ClockOut
    mean_days: float | None
    median_days: float | None


class ReportOut(Schema):
    period_from: dt.date = Field(serialization_alias="from")
    period_to: dt.date = Field(serialization_alias="to")
    received: int
    completed: int
    by_kind: list[CountOut]
    by_channel: list[CountOut]
    by_team: list[CountOut]
    by_outcome: list[CountOut]
    by_topic: list[TopicOut]
    acknowledgement: ClockOut = Field(description="Acknowledged within 3 working days")
    resolution: ClockOut = Field(description="Resolved within 14 days")
    mean_days: float | None = Field(description="Mean days from receipt to completion")
    median_days: float | None
    quarters: list[QuarterOut]


class ClockRowOut(Schema):
    due: dt.date | None
    met_at: dt.datetime | None
    on_time: bool | None


class RegisterRowOut(Schema):
    id: int
    reference: str
    received_at: dt.datetime
    channel: str
    kind: str
    lead_team: int | None
    lead_team_name: str | None
    topics: list[str]
    acknowledgement: ClockRowOut
    resolution: ClockRowOut
    outcome: str | None
    days_to_resolution: int | None
    register_entry_at: dt.datetime | None


class RegisterPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[RegisterRowOut]


def _clock(figures: reports.ClockFigures) -> ClockOut:
    return ClockOut(
        with_deadline=figures.with_clock,
        on_time=figures.on_time,
        late=figures.late,
        running=figures.pending,
        on_time_share=figures.share,
    )


def _counts(rows: list[reports.Row]) -> list[CountOut]:
    return [CountOut(key=r.key, label=r.label, count=r.count) for r in rows]


def report_out(report: reports.Report) -> ReportOut:
    return ReportOut(
        period_from=report.period.start,
        period_to=report.period.end,
        received=report.total,
        completed=report.completed,
        by_kind=_counts(report.by_kind),
        by_channel=_counts(report.by_channel),
        by_team=_counts(report.by_team),
        by_outcome=[
            CountOut(key=r.key or "none", label=r.label, count=r.count) for r in report.by_outcome
        ],
        by_topic=[
            TopicOut(
                topic=int(t.key),
                name=t.label,
                concerns=t.count,
                outcomes={(k or "none"): v for k, v in t.outcomes.items()},
            )
            for t in report.by_topic
        ],
        acknowledgement=_clock(report.acknowledgement),
        resolution=_clock(report.resolution),
        mean_days=report.mean_days,
        median_days=report.median_days,
        quarters=[
            QuarterOut(
                quarter=q.quarter.key,
                received=q.received,
                completed=q.completed,
                acknowledgement=_clock(q.acknowledgement),
                resolution=_clock(q.resolution),
                mean_days=q.mean_days,
                median_days=q.median_days,
            )
            for q in report.quarters
        ],
    )


@router.get(
    "/orgs/{org}/reactions/report",
    response={200: ReportOut, **error_responses(401, 403, 404, 422)},
    by_alias=True,
    summary="KRM report: counts, deadlines met, processing times, trend (KRM-10)",
    description=(
        "Query parameters `from` and `to` (YYYY-MM-DD, days of receipt, both included); default: "
        "the current quarter and the three before. Team leads count only the reactions they "
        "see; complaints about conduct and petitions are counted for management and its office "
        "only."
    ),
)
def report(request: HttpRequest, org: str) -> ReportOut:
    scope = org_scope(request, org)
    reports.ensure_may_see_reports(scope)
    period = reports.parse_period(
        request.GET.get("from"), request.GET.get("to"), default=reports.default_period()
    )
    assert period is not None
    return report_out(reports.build_report(scope, period))


@router.get(
    "/orgs/{org}/reactions/register",
    response={200: RegisterPageOut, **error_responses(401, 403, 404, 422)},
    summary="KRM register, filtered and paged (KRM-09)",
    description=(
        "Filters: `from`, `to` (YYYY-MM-DD) or `quarter` (2026-Q4), `kind`, `channel`, `team`, "
        "`topic`, `outcome` (or `none`), `state` (open, closed, awaiting); `sort` (received, "
        "reference, kind, channel, team, outcome, days, entry; `-` for descending); `page`."
    ),
)
def register(request: HttpRequest, org: str) -> RegisterPageOut:
    scope = org_scope(request, org)
    reports.ensure_may_see_reports(scope)
    selected = reports.parse_register_filter(request.GET)
    size = settings.ANLIEGEN_PAGE_SIZE
    paginator = Paginator(reports.register(scope, selected), size)
    number = request.GET.get("page") or "1"
    if not number.isdigit() or int(number) < 1:
        raise InvalidInput(
            _("Please give a page number from 1 on."), errors={"page": _("Invalid page.")}
        )
    page = paginator.get_page(int(number))
    return RegisterPageOut(
        count=paginator.count,
        page=page.number,
        pages=paginator.num_pages,
        page_size=size,
        results=[
            RegisterRowOut(
                id=r.id,
                reference=f"KRM-{r.id}",
                received_at=local(r.received_at),
                channel=r.channel,
                kind=r.kind,
                lead_team=r.lead_team_id,
                lead_team_name=r.lead_team.name if r.lead_team else None,
                topics=[c.topic.name for c in r.concerns.all()],
                acknowledgement=ClockRowOut(
                    due=r.acknowledgement_due,
                    met_at=local(r.acknowledgement_met),
                    on_time=reports.on_time(r.acknowledgement_due, r.acknowledgement_met),
                ),
                resolution=ClockRowOut(
                    due=r.resolution_due,
                    met_at=local(r.resolution_met),
                    on_time=reports.on_time(r.resolution_due, r.resolution_met),
                ),
                outcome=r.outcome or None,
                days_to_resolution=reports.days_of(r),
                register_entry_at=local(r.register_entry_at),
            )
            for r in page.object_list
        ],
    )
