"""KRM register and reports pages (KRM-09, KRM-10): ``/o/<org>/reaktionen/register/`` and
``/o/<org>/reaktionen/berichte/``.

Views parse input, call :mod:`anliegen.reactions.reports` (reads) and
:func:`anliegen.reactions.actions.make_register_entry` (the one write), and render.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.scope import Scope
from anliegen.reactions import actions, queries, reports
from anliegen.reactions.models import Reaction
from anliegen.reactions.report_forms import PeriodForm, RegisterFilterForm
from anliegen.web.charts import Series, bar_chart, line_chart
from anliegen.web.export import FORMATS, XLSX_TYPE, Column, export_response
from anliegen.web.views.base import apply_errors, back_url, org_view, paginate, redirect

# --- Register (KRM-09) ------------------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


REGISTER_COLUMNS = [
    Column(gettext_lazy("Reference"), lambda r: f"KRM-{r.id}", 10),
    Column(gettext_lazy("Received"), lambda r: r.received_at, 16),
    Column(gettext_lazy("Channel"), lambda r: r.get_channel_display(), 14),
    Column(gettext_lazy("Kind"), lambda r: r.get_kind_display(), 22),
    Column(gettext_lazy("Lead team"), lambda r: r.lead_team.name if r.lead_team else "", 20),
    Column(gettext_lazy("Topics"), reports.topics_of, 30),
    Column(gettext_lazy("Acknowledgement due"), lambda r: r.acknowledgement_due, 14),
    Column(
        gettext_lazy("Acknowledgement sent"),
        lambda r: clock.local_date(r.acknowledgement_met) if r.acknowledgement_met else None,
        14,
    ),
    Column(
        gettext_lazy("Acknowledgement on time"),
        lambda r: _yes_no(reports.on_time(r.acknowledgement_due, r.acknowledgement_met)),
        10,
    ),
    Column(gettext_lazy("Resolution due"), lambda r: r.resolution_due, 14),
    Column(
        gettext_lazy("Resolved"),
        lambda r: clock.local_date(r.resolution_met) if r.resolution_met else None,
        14,
    ),
    Column(
        gettext_lazy("Resolved on time"),
        lambda r: _yes_no(reports.on_time(r.resolution_due, r.resolution_met)),
        10,
    ),
    Column(gettext_lazy("Outcome"), lambda r: r.get_outcome_display(), 18),
    Column(gettext_lazy("Days to resolution"), reports.days_of, 10),
    Column(gettext_lazy("Register entry"), lambda r: r.register_entry_at, 16),
]

SORT_LABELS = {
    "received": gettext_lazy("Received"),
    "reference": gettext_lazy("Reference"),
    "kind": gettext_lazy("Kind"),
    "channel": gettext_lazy("Channel"),
    "team": gettext_lazy("Lead team"),
    "outcome": gettext_lazy("Outcome"),
    "days": gettext_lazy("Days to resolution"),
    "entry": gettext_lazy("Register entry"),
}


@dataclass
class RegisterRow:
    reaction: Reaction
    acknowledgement_on_time: bool | None
    resolution_on_time: bool | None
    awaiting_entry: bool
    days: int | None


def _sort_links(selected: str) -> list[dict[str, Any]]:
    links = []
    for key, label in SORT_LABELS.items():
        current = selected.lstrip("-") == key
        descending = selected.startswith("-")
        links.append(
            {
                "key": key,
                "label": label,
                "current": current,
                "descending": current and descending,
                "next": f"-{key}" if current and not descending else key,
            }
        )
    return links


@org_view
def register_view(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``reaktionen/register/``: one row per reaction with both clocks, outcome and entry."""
    reports.ensure_may_see_reports(scope)
    form = RegisterFilterForm(request.GET or None, scope=scope)
    invalid = False
    try:
        selected = reports.parse_register_filter(request.GET)
    except InvalidInput as exc:
        invalid = True
        form.is_valid()
        apply_errors(form, exc)
        selected = reports.RegisterFilter()
    rows = reports.register(scope, selected)
    if invalid:
        rows = rows.none()
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            rows, REGISTER_COLUMNS, fmt=str(fmt), name="krm-register", title=_("KRM register")
        )
    page = paginate(request, rows)
    may_enter = scope.is_superuser or scope.has_role("management_office")
    page_rows = [
        RegisterRow(
            r,
            reports.on_time(r.acknowledgement_due, r.acknowledgement_met),
            reports.on_time(r.resolution_due, r.resolution_met),
            bool(r.outcome) and r.register_entry_at is None,
            reports.days_of(r),
        )
        for r in page.object_list
    ]
    context = {
        "section": "krm_register",
        "form": form,
        "page": page,
        "rows": page_rows,
        "filtered": selected.active,
        "sort": selected.sort,
        "sort_links": _sort_links(selected.sort),
        "may_enter": may_enter,
        "page_url": request.get_full_path(),
    }
    return render(request, "reactions/reports/register.html", context)


@require_POST
@org_view
def register_entry_view(request: HttpRequest, scope: Scope, reaction_id: int) -> HttpResponse:
    """The management office's final register entry of a completed reaction (KRM-09)."""
    reaction = queries.get_reaction_for(scope, reaction_id)
    actions.make_register_entry(actor=scope.user, scope=scope, reaction=reaction)
    messages.success(
        request, _("KRM-%(number)d was entered in the register.") % {"number": reaction.id}
    )
    fallback = reverse("reaction_reports:register", args=[scope.organisation.slug])
    target = back_url(request, scope)
    return redirect(request, target if request.POST.get("next") else fallback)


# --- Reports (KRM-10) -------------------------------------------------------------------------


@dataclass
class Table:
    """One table of the report, shown on the page and exported (CSV, XLSX sheet)."""

    slug: str
    title: str
    headers: list[str]
    rows: list[list[Any]]

    @property
    def columns(self) -> list[Column]:
        return [Column(h, itemgetter(i), 18 if i else 28) for i, h in enumerate(self.headers)]


def _share(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def _count_table(slug: str, title: str, label: str, rows: Sequence[reports.Row]) -> Table:
    total = sum(r.count for r in rows)
    return Table(
        slug,
        title,
        [label, _("Number"), _("Share in per cent")],
        [[r.label, r.count, _share(r.count, total)] for r in rows],
    )


def report_tables(report: reports.Report) -> list[Table]:
    """Every table of the report page, in page order."""
    outcome_labels = [label for _key, label in reports.outcome_choices()]
    ack, res = report.acknowledgement, report.resolution
    return [
        Table(
            "overview",
            _("Overview"),
            [_("Figure"), _("Value")],
            [
                [_("Reactions received"), report.total],
                [_("Reactions completed"), report.completed],
                [_("Acknowledged within 3 working days (per cent)"), ack.share],
                [_("Resolved within 14 days (per cent)"), res.share],
                [_("Mean processing time (days)"), report.mean_days],
                [_("Median processing time (days)"), report.median_days],
            ],
        ),
        _count_table("kinds", _("By kind"), _("Kind"), report.by_kind),
        _count_table("channels", _("By channel"), _("Channel"), report.by_channel),
        _count_table("teams", _("By lead team"), _("Lead team"), report.by_team),
        _count_table("outcomes", _("By outcome"), _("Outcome"), report.by_outcome),
        Table(
            "topics",
            _("By topic (concerns) and outcome"),
            [_("Topic"), _("Concerns"), *outcome_labels],
            [
                [t.label, t.count, *(t.outcomes[k] for k, _l in reports.outcome_choices())]
                for t in report.by_topic
            ],
        ),
        Table(
            "deadlines",
            _("Deadlines"),
            [
                _("Deadline"),
                _("With this deadline"),
                _("On time"),
                _("Late"),
                _("Still running"),
                _("On time in per cent"),
            ],
            [
                [
                    _("Acknowledgement within 3 working days"),
                    ack.with_clock,
                    ack.on_time,
                    ack.late,
                    ack.pending,
                    ack.share,
                ],
                [
                    _("Resolution within 14 days"),
                    res.with_clock,
                    res.on_time,
                    res.late,
                    res.pending,
                    res.share,
                ],
            ],
        ),
        Table(
            "quarters",
            _("Trend per quarter"),
            [
                _("Quarter"),
                _("Received"),
                _("Completed"),
                _("Acknowledged on time (per cent)"),
                _("Resolved on time (per cent)"),
                _("Mean processing time (days)"),
                _("Median processing time (days)"),
            ],
            [
                [
                    q.quarter.label,
                    q.received,
                    q.completed,
                    q.acknowledgement.share,
                    q.resolution.share,
                    q.mean_days,
                    q.median_days,
                ]
                for q in report.quarters
            ],
        ),
    ]


def _charts(report: reports.Report) -> dict[str, Any]:
    def bars(rows: Sequence[reports.Row], title: str) -> Any:
        return bar_chart(
            [r.label for r in rows], [Series(_("Number"), [r.count for r in rows])], title=title
        )

    labels = [q.quarter.label for q in report.quarters]
    return {
        "kinds": bars(report.by_kind, _("Reactions by kind")),
        "channels": bars(report.by_channel, _("Reactions by channel")),
        "teams": bars(report.by_team, _("Reactions by lead team")),
        "outcomes": bars(report.by_outcome, _("Reactions by outcome")),
        "topics": bar_chart(
            [t.label for t in report.by_topic],
            [Series(_("Concerns"), [t.count for t in report.by_topic])],
            title=_("Concerns by topic"),
        ),
        "counts": line_chart(
            labels,
            [
                Series(_("Received"), [q.received for q in report.quarters]),
                Series(_("Completed"), [q.completed for q in report.quarters]),
            ],
            title=_("Reactions per quarter"),
        ),
        "shares": line_chart(
            labels,
            [
                Series(
                    _("Acknowledged on time"), [q.acknowledgement.share for q in report.quarters]
                ),
                Series(_("Resolved on time"), [q.resolution.share for q in report.quarters]),
            ],
            title=_("Deadlines met per quarter"),
            unit=" %",
            maximum=100,
        ),
        "times": line_chart(
            labels,
            [
                Series(_("Mean"), [q.mean_days for q in report.quarters]),
                Series(_("Median"), [q.median_days for q in report.quarters]),
            ],
            title=_("Processing time per quarter (days)"),
            unit=_("days"),
        ),
    }


def _workbook(tables: Sequence[Table], filename: str) -> HttpResponse:
    """One XLSX with one sheet per table; text never becomes a formula."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        sheet.column_dimensions["A"].width = 40
        header = []
        for text in table.headers:
            cell = WriteOnlyCell(sheet, value=str(text))
            cell.data_type = "s"
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@org_view
def reports_view(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``reaktionen/berichte/?from=&to=``: counts, deadlines met, processing times, trends."""
    reports.ensure_may_see_reports(scope)
    default = reports.default_period()
    form = PeriodForm(request.GET or None)
    try:
        period = reports.parse_period(
            request.GET.get("from"), request.GET.get("to"), default=default
        )
    except InvalidInput as exc:
        form.is_valid()
        apply_errors(form, exc)
        period = default
    assert period is not None
    if not request.GET:
        form = PeriodForm(initial={"from": period.start.isoformat(), "to": period.end.isoformat()})
    report = reports.build_report(scope, period)
    tables = report_tables(report)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        name = f"krm-bericht-{period.start.isoformat()}-{period.end.isoformat()}"
        wanted = request.GET.get("table")
        chosen = [t for t in tables if t.slug == wanted]
        if fmt == "xlsx" and not chosen:
            return _workbook(tables, name)
        table = chosen[0] if chosen else tables[0]
        return export_response(
            table.rows, table.columns, fmt=str(fmt), name=f"{name}-{table.slug}", title=table.title
        )
    context = {
        "section": "krm_reports",
        "form": form,
        "report": report,
        "period": period,
        "tables": {t.slug: t for t in tables},
        "charts": _charts(report),
    }
    return render(request, "reactions/reports/reports.html", context)
