"""Kontaktdichte-Übersicht (KON-08) with the capacity view (KON-05) for leads and management.

The view parses the team choice and the sort order, calls :func:`dashboard.dashboard_for` and
renders the tables (always beside the charts), or exports the lines as CSV/XLSX.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.org.models import Team
from anliegen.org.scope import Scope, get_team_for
from anliegen.web.charts import Series, bar_chart, line_chart
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.views.base import org_view

from . import dashboard
from .dashboard import ContactDashboard, DashboardLine


class DashboardFilterForm(forms.Form):
    """The team chooser (empty: all teams the actor sees)."""

    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)

    def __init__(self, *args: Any, teams: QuerySet[Team] | list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", _("All teams")),
            *((str(team.pk), team.name) for team in teams),
        ]


def _percent(value: float) -> float:
    return round(value * 100, 1)


EXPORT_COLUMNS = [
    Column(gettext_lazy("Name"), lambda line: line.label, 28),
    Column(gettext_lazy("FTE"), lambda line: line.fte, 8),
    Column(gettext_lazy("Customers"), lambda line: line.customers, 12),
    Column(gettext_lazy("Overdue"), lambda line: line.overdue, 12),
    Column(gettext_lazy("Overdue (%)"), lambda line: _percent(line.overdue_share), 12),
    Column(gettext_lazy("Due this week"), lambda line: line.due_this_week, 14),
    Column(gettext_lazy("Consultations last week"), lambda line: line.last_week, 14),
    Column(gettext_lazy("Average of 4 weeks"), lambda line: line.average_4, 14),
    Column(gettext_lazy("Average of 13 weeks"), lambda line: line.average_13, 14),
    Column(gettext_lazy("Target per week"), lambda line: line.target, 14),
    Column(gettext_lazy("Derived capacity"), lambda line: line.derived, 14),
    Column(gettext_lazy("No-show rate (%)"), lambda line: _percent(line.no_show_rate), 14),
    Column(gettext_lazy("Planned invitations"), lambda line: line.invitations, 14),
]

SORT_COLUMNS = [
    ("label", gettext_lazy("Name")),
    ("customers", gettext_lazy("Customers")),
    ("overdue", gettext_lazy("Overdue")),
    ("overdue_share", gettext_lazy("Share overdue")),
    ("due_this_week", gettext_lazy("Due this week")),
    ("last_week", gettext_lazy("Consultations last week")),
    ("average_4", gettext_lazy("Ø 4 weeks")),
    ("average_13", gettext_lazy("Ø 13 weeks")),
    ("target", gettext_lazy("Target")),
    ("derived", gettext_lazy("Derived capacity")),
    ("no_show_rate", gettext_lazy("No-show rate")),
    ("invitations", gettext_lazy("Planned invitations")),
]


def _charts(board: ContactDashboard) -> dict[str, Any]:
    consultations = _("Consultations")
    trend = line_chart(
        board.week_names,
        [Series(consultations, [float(v) for v in board.total.weekly])],
        title=_("Consultations per week (last %(n)s weeks)") % {"n": dashboard.TREND_WEEKS},
        description=_("Consultations held per completed week against the target of %(t)s.")
        % {"t": board.total.target},
        target=board.total.target,
        target_label=_("Target"),
    )
    overdue = bar_chart(
        [line.label for line in board.lines],
        [Series(_("Overdue"), [float(line.overdue) for line in board.lines])],
        title=_("Overdue contacts now"),
        description=_("Customers whose contact is overdue, per line of the table."),
    )
    return {"trend_chart": trend, "overdue_chart": overdue}


@org_view
def contact_dashboard(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``kontakte/uebersicht/``: contact-density compliance per team or case worker (KON-08)."""
    teams = scope.visible_teams().order_by("name", "id") if scope.is_lead else Team.objects.none()
    form = DashboardFilterForm(request.GET, teams=teams)
    raw = request.GET.get("team", "").strip()
    # A team outside the actor's view is a 404 (not silently the default view).
    team = get_team_for(scope, int(raw)) if raw.isdigit() else None
    board = dashboard.dashboard_for(scope, team=team)
    sort = request.GET.get("sort", "label")
    if sort not in dashboard.SORT_KEYS:
        sort = "label"
    descending = request.GET.get("dir") == "desc"
    lines: list[DashboardLine] = dashboard.sort_lines(board.lines, sort, descending=descending)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            [*lines, board.total],
            EXPORT_COLUMNS,
            fmt=str(fmt),
            name="kontaktdichte",
            title=_("Contact density"),
        )
    weeks = list(zip(board.week_names, board.weeks, board.total.weekly, strict=True))
    context: dict[str, Any] = {
        "section": "kontakte_uebersicht",
        "form": form if len(board.teams) > 1 or scope.org_wide else None,
        "board": board,
        "lines": lines,
        "weeks": weeks,
        "sort": sort,
        "descending": descending,
        "sort_columns": [
            {
                "key": key,
                "label": label,
                "next": "desc" if key == sort and not descending else "asc",
                "aria": ("descending" if descending else "ascending") if key == sort else "",
            }
            for key, label in SORT_COLUMNS
        ],
        "filtered": team is not None,
        **_charts(board),
    }
    return render(request, "contacts/dashboard.html", context)
