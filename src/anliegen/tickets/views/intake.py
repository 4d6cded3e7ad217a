"""Recording tickets: the service centre's intake form (TKT-01, TKT-06) and the short walk-in
form of the case workers (TKT-07)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput, NotFound
from anliegen.org.models import Organisation, Team
from anliegen.org.scope import Scope
from anliegen.tickets.actions import create_ticket
from anliegen.tickets.forms import TicketForm, WalkInForm
from anliegen.tickets.models import Ticket, TicketKind
from anliegen.tickets.queries import get_ticket_for
from anliegen.tickets.views import sending
from anliegen.tickets.views.common import ensure_casework, show_errors
from anliegen.web.views.base import org_view, redirect


def _own_area(scope: Scope) -> str | None:
    """The area of the actor's first team: the default of the walk-in form."""
    team = Team.objects.filter(id__in=scope.team_ids).select_related("area").order_by("id").first()
    return team.area.kind if team else None


def _created(request: HttpRequest, scope: Scope, ticket: Ticket, form_url: str) -> HttpResponse:
    """After recording: the ticket page, or the empty form again for someone who may not open
    the ticket (an SC agent, a case worker whose walk-in went to the TL)."""
    due = ticket.item.due_date or ticket.rule_due_date
    messages.success(
        request,
        _("Ticket %(number)s was recorded for %(customer)s. Due date: %(date)s.")
        % {
            "number": ticket.id,
            "customer": ticket.customer.display_name,
            "date": date_format(due, "l, d.m.Y"),
        },
    )
    try:
        get_ticket_for(scope, ticket.id)
    except NotFound:
        return redirect(request, form_url)
    return redirect(request, reverse("tickets:detail", args=[scope.organisation.slug, ticket.id]))


def _record(
    request: HttpRequest, scope: Scope, form: forms.Form, *, kind: str, template: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            ticket, _created_now = create_ticket(
                actor=scope.user,
                scope=scope,
                area=form.cleaned_data["area"],
                customer_number=form.cleaned_data["customer_number"].strip(),
                concern=form.cleaned_data["concern"],
                kind=form.cleaned_data.get("kind") or kind,
            )
        except InvalidInput as exc:
            show_errors(form, exc)
        else:
            return _created(request, scope, ticket, request.path)
    return render(request, template, {"section": "tickets", "form": form})


@org_view
def ticket_create(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``tickets/neu/``: a ticket of the service centre for a job centre area (TKT-01). In a
    service-centre region the agents send it to a job centre or agency the region serves."""
    if scope.organisation.kind == Organisation.Kind.SERVICE_CENTRE:
        return sending.send(request, scope)
    ensure_casework(scope)
    form = TicketForm(request.POST or None)
    return _record(request, scope, form, kind=TicketKind.CONCERN, template="tickets/form.html")


@org_view
def walk_in(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``tickets/vorsprache/``: a customer came to benefits or intake advice (TKT-07)."""
    ensure_casework(scope)
    if scope.organisation.kind == Organisation.Kind.SERVICE_CENTRE:
        raise Http404(_("A service centre records no walk-in visits."))
    form = WalkInForm(request.POST or None, initial={"area": _own_area(scope)})
    return _record(request, scope, form, kind=TicketKind.WALK_IN, template="tickets/walk_in.html")
