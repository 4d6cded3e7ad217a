"""``tickets/controlling/<team>/``: the team lead controls the team's tickets from one page —
figures per person (TKT-09), the open tickets with reassigning (TKT-05), completions
(TKT-08), talks about repeated overruns (TKT-11) and spot checks (TKT-12)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.models import Team
from anliegen.org.queries import get_led_team_for
from anliegen.org.scope import Scope
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import TicketRules
from anliegen.tickets import controlling
from anliegen.tickets.forms import (
    ControllingFilterForm,
    ReassignTicketsForm,
    SpotCheckForm,
    TalkForm,
)
from anliegen.tickets.models import TicketArea
from anliegen.tickets.queries import (
    PersonFigures,
    completions_of_team,
    filter_tickets,
    get_overrun_flag_for,
    get_spot_check_for,
    open_overrun_flags,
    open_spot_checks,
    team_controlling,
    team_tickets,
)
from anliegen.tickets.views.common import ensure_casework, members_of, show_errors
from anliegen.tickets.views.listing import TICKET_COLUMNS
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.forms import LIGHT_LABELS
from anliegen.web.views.base import org_view, paginate, redirect
from anliegen.work.actions import reassign_items
from anliegen.work.models import Light

NOBODY = gettext_lazy("Team inbox (not assigned)")


def _name(figures: PersonFigures) -> str:
    return str(figures.user) if figures.user else str(NOBODY)


def figure_columns(window_days: int) -> list[Column]:
    return [
        Column(gettext_lazy("Person"), _name, 28),
        Column(gettext_lazy("open"), lambda f: f.open, 8),
        Column(LIGHT_LABELS[Light.AMBER], lambda f: f.amber, 8),
        Column(LIGHT_LABELS[Light.RED], lambda f: f.red, 8),
        Column(gettext_lazy("with commitment"), lambda f: f.with_commitment, 12),
        Column(
            _("Deadline violations (%(days)d days)") % {"days": window_days},
            lambda f: f.violations,
            14,
        ),
        Column(gettext_lazy("completed this week"), lambda f: f.completed_week, 14),
        Column(gettext_lazy("completed this month"), lambda f: f.completed_month, 14),
        Column(gettext_lazy("talk due"), lambda f: f.flag is not None, 10),
    ]


def _totals(figures: list[PersonFigures]) -> dict[str, int]:
    names = [
        "open",
        "amber",
        "red",
        "with_commitment",
        "violations",
        "completed_week",
        "completed_month",
    ]
    return {name: sum(getattr(f, name) for f in figures) for name in names}


def _led_team(scope: Scope, team_id: int) -> Team:
    """A team the actor leads: 404 for providers and outside the organisation, 403 for a
    team of the organisation they do not lead."""
    ensure_casework(scope)
    return get_led_team_for(scope, team_id)


@org_view
def choose_team(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``tickets/controlling/``: the teams the actor leads (straight on if only one)."""
    if not controlling.may_open_controlling(scope):
        raise Http404(_("Team not found."))
    teams = list(scope.visible_teams().select_related("area").order_by("name"))
    if len(teams) == 1:
        return redirect(
            request,
            reverse("tickets:controlling_team", args=[scope.organisation.slug, teams[0].id]),
        )
    return render(
        request,
        "tickets/controlling/choose.html",
        {"section": "ticket_controlling", "teams": teams},
    )


def _page(request: HttpRequest, scope: Scope, team: Team, bound: Any = None) -> HttpResponse:
    """The controlling page; ``bound`` is a submitted form to show again with its errors."""
    members = list(members_of(team))
    form = ControllingFilterForm(request.GET, members=members)
    filters = form.filters()
    today = clock.today()
    figures = team_controlling(team, today=today, area=filters["area"])
    rules, _version = rules_in_force(team.organisation, TicketRules, on=today)
    tickets = filter_tickets(team_tickets(scope, team), today=today, **filters)
    fmt = request.GET.get("export")
    if fmt in FORMATS and bound is None:
        if request.GET.get("table") == "tickets":
            return export_response(
                tickets.iterator(chunk_size=2000),
                TICKET_COLUMNS,
                fmt=str(fmt),
                name=f"tickets-team-{team.id}",
                title=team.name,
            )
        return export_response(
            figures,
            figure_columns(rules.violation_window_days),
            fmt=str(fmt),
            name=f"ticket-controlling-team-{team.id}",
            title=team.name,
        )
    page = paginate(request, tickets)
    context: dict[str, Any] = {
        "section": "ticket_controlling",
        "team": team,
        "form": form,
        "page": page,
        "filtered": any(filters[k] for k in ("light", "area", "assignee_id", "unassigned")),
        "selectable": True,
        # Where the forms return to: this page with its filters (also after a failed POST).
        "page_url": reverse("tickets:controlling_team", args=[scope.organisation.slug, team.id])
        + (f"?{request.GET.urlencode()}" if request.GET else ""),
    }
    member_ids = [m.id for m in members]
    flags = open_overrun_flags(scope).filter(user_id__in=member_ids).order_by("raised_at")
    checks = open_spot_checks(scope).filter(team=team)
    completions = completions_of_team(team, since=today.replace(day=1))

    def bind(prefix: str, form_class: Any) -> Any:
        if bound is not None and bound.prefix == prefix:
            return bound
        return form_class(prefix=prefix)

    reassign_form = bound if isinstance(bound, ReassignTicketsForm) else None
    pending = [
        (check, bind(f"check{check.id}", SpotCheckForm))
        for check in checks.filter(checked_at__isnull=True).order_by("month", "id")
    ]
    done_checks = list(checks.filter(checked_at__isnull=False).order_by("-checked_at")[:10])
    context.update(
        figures=figures,
        totals=_totals(figures),
        window_days=rules.violation_window_days,
        threshold=rules.violation_threshold,
        flags=[(flag, bind(f"talk{flag.id}", TalkForm)) for flag in flags],
        pending_checks=pending,
        done_checks=done_checks,
        # Spot checks are the Integration procedure (TKT-12).
        show_spot_checks=bool(pending or done_checks or team.area.kind == TicketArea.INTEGRATION),
        completions=list(completions[:25]),
        completion_count=completions.count(),
        reassign_form=reassign_form or ReassignTicketsForm(prefix="bulk", members=members),
        selected_ids=set(request.POST.getlist("bulk-tickets")) if reassign_form else set(),
        today=today,
    )
    return render(request, "tickets/controlling/team.html", context)


@org_view
def team_page(request: HttpRequest, scope: Scope, team_id: int) -> HttpResponse:
    return _page(request, scope, _led_team(scope, team_id))


def _back(request: HttpRequest, scope: Scope, team: Team) -> str:
    url = reverse("tickets:controlling_team", args=[scope.organisation.slug, team.id])
    back = request.POST.get("next") or url
    return back if back.startswith(url) else url


@org_view
def reassign(request: HttpRequest, scope: Scope, team_id: int) -> HttpResponse:
    """Give one or many of the team's open tickets to another member (TKT-05)."""
    team = _led_team(scope, team_id)
    if request.method != "POST":
        return redirect(request, _back(request, scope, team))
    members = list(members_of(team))
    submitted = [int(v) for v in request.POST.getlist("bulk-tickets") if v.isdigit()][:500]
    selectable = filter_tickets(team_tickets(scope, team), status="open").filter(id__in=submitted)
    form = ReassignTicketsForm(
        request.POST,
        prefix="bulk",
        ticket_ids=selectable.values_list("id", flat=True),
        members=members,
    )
    if not form.is_valid():
        return _page(request, scope, team, bound=form)
    tickets = list(selectable.filter(id__in=form.cleaned_data["tickets"]))
    assignee = next(m for m in members if str(m.pk) == form.cleaned_data["assignee"])
    changed = reassign_items(
        actor=scope.user, scope=scope, items=[t.item for t in tickets], assignee=assignee
    )
    messages.success(
        request,
        ngettext(
            "%(count)d ticket was assigned to %(name)s.",
            "%(count)d tickets were assigned to %(name)s.",
            len(changed),
        )
        % {"count": len(changed), "name": assignee},
    )
    return redirect(request, _back(request, scope, team))


@org_view
def overrun_talk(request: HttpRequest, scope: Scope, team_id: int, flag_id: int) -> HttpResponse:
    """The TL records the talk about repeated overruns; the flag is cleared (TKT-11)."""
    team = _led_team(scope, team_id)
    flag = get_overrun_flag_for(scope, flag_id)
    if request.method != "POST":
        return redirect(request, _back(request, scope, team))
    form = TalkForm(request.POST, prefix=f"talk{flag.id}")
    if form.is_valid():
        try:
            controlling.record_overrun_talk(
                actor=scope.user, scope=scope, flag=flag, note=form.cleaned_data["note"]
            )
        except InvalidInput as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, _("The talk with %(name)s was recorded.") % {"name": flag.user}
            )
            return redirect(request, _back(request, scope, team) + "#ueberschreitungen")
    return _page(request, scope, team, bound=form)


@org_view
def spot_check(request: HttpRequest, scope: Scope, team_id: int, check_id: int) -> HttpResponse:
    """The TL records the result of one spot check: ok, or not ok with a note (TKT-12)."""
    team = _led_team(scope, team_id)
    check = get_spot_check_for(scope, check_id)
    if request.method != "POST":
        return redirect(request, _back(request, scope, team))
    form = SpotCheckForm(request.POST, prefix=f"check{check.id}")
    if form.is_valid():
        try:
            controlling.record_spot_check(
                actor=scope.user,
                scope=scope,
                spot_check=check,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["note"],
            )
        except InvalidInput as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The spot check was recorded."))
            return redirect(request, _back(request, scope, team) + "#stichproben")
    return _page(request, scope, team, bound=form)
