"""API of the contact-density dashboard (KON-08, KON-05): the figures of the web page as JSON."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from anliegen.api.context import org_scope
from anliegen.api.problems import error_responses
from anliegen.org.scope import get_team_for

from . import dashboard
from .dashboard import DashboardLine

router = Router(tags=["contacts"])


class WeekOut(Schema):
    week: str = Field(description="ISO week, YYYY-Www (completed weeks, oldest first)")
    monday: dt.date
    consultations: int
    target: float = Field(description="Target of the lines shown (today's FTE and rules)")


class DashboardLineOut(Schema):
    key: str = Field(
        description="username (team level), team id (organisation level), "
        "`other` (customers of staff outside any team) or `total`"
    )
    name: str
    fte: float
    customers: int = Field(description="Customers with contact density")
    overdue: int
    overdue_share: float = Field(description="overdue / customers, 0…1")
    due_this_week: int
    consultations_last_week: int
    consultations_average_4_weeks: float
    consultations_average_13_weeks: float
    consultations_per_week: list[int] = Field(description="Last 13 completed weeks, oldest first")
    target: float = Field(description="25 consultations per week × FTE (pro rata), summed")
    derived_capacity: float = Field(
        description="Weekly hours × FTE × presence × consultation share / hours per consultation"
    )
    no_shows: int = Field(description="No-shows documented in the last 26 weeks")
    consultations_measured: int = Field(description="Consultations in the last 26 weeks")
    no_show_rate: float = Field(description="no-shows / (no-shows + consultations)")
    invitations: int = Field(description="Planned invitations per week (as GET contact-plan)")


class ContactDashboardOut(Schema):
    today: dt.date
    level: str = Field(description="`team` (lines = case workers) or `organisation` (teams)")
    team: int | None = Field(description="team id of the team level")
    weeks: list[WeekOut]
    lines: list[DashboardLineOut]
    total: DashboardLineOut


def line_out(line: DashboardLine) -> DashboardLineOut:
    return DashboardLineOut(
        key=line.key,
        name=line.label,
        fte=line.fte,
        customers=line.customers,
        overdue=line.overdue,
        overdue_share=line.overdue_share,
        due_this_week=line.due_this_week,
        consultations_last_week=line.last_week,
        consultations_average_4_weeks=line.average_4,
        consultations_average_13_weeks=line.average_13,
        consultations_per_week=line.weekly,
        target=line.target,
        derived_capacity=line.derived,
        no_shows=line.no_shows,
        consultations_measured=line.shows,
        no_show_rate=line.no_show_rate,
        invitations=line.invitations,
    )


@router.get(
    "/orgs/{org}/contact-dashboard",
    response={200: ContactDashboardOut, **error_responses(401, 403, 404, 422)},
    summary="Contact-density compliance per team or case worker (KON-08, KON-05)",
    description=(
        "Team leads: their team's case workers (several teams: one line per team); area "
        "management and management: one line per team, or the case workers of `team`. Plain "
        "case workers get 403, roles without customer access 404."
    ),
)
def contact_dashboard(
    request: HttpRequest,
    org: str,
    team: int | None = Query(None, description="team id"),
) -> ContactDashboardOut:
    scope = org_scope(request, org)
    team_obj = get_team_for(scope, team) if team is not None else None
    board = dashboard.dashboard_for(scope, team=team_obj)
    return ContactDashboardOut(
        today=board.today,
        level=board.level,
        team=board.team.id if board.team else None,
        weeks=[
            WeekOut(week=label, monday=monday, consultations=count, target=board.total.target)
            for label, monday, count in zip(
                board.week_labels, board.weeks, board.total.weekly, strict=True
            )
        ],
        lines=[line_out(line) for line in board.lines],
        total=line_out(board.total),
    )
