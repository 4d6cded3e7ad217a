"""The pages of a service-centre region's agents (TKT-01): send a ticket to a served job centre
or agency (``tickets/neu/`` of the region), the tickets one sent (``tickets/gesendet/``) and one
of them (``tickets/gesendet/<id>/``), showing what was sent and its state, nothing more."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput
from anliegen.org.scope import Scope
from anliegen.tickets.forms import SendTicketForm
from anliegen.tickets.queries import get_sent_ticket_for, sent_tickets, with_ticket_light
from anliegen.tickets.sending import may_send_tickets, send_ticket, served_organisations
from anliegen.tickets.views.common import show_errors
from anliegen.web.views.base import org_view, paginate, redirect


def ensure_may_send(scope: Scope) -> None:
    if not may_send_tickets(scope):
        raise Http404(_("Ticket not found."))


def send(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``tickets/neu/`` of a service-centre region (called by the intake view)."""
    ensure_may_send(scope)
    organisations = list(served_organisations(scope))
    form = SendTicketForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket, _created = send_ticket(
                actor=scope.user,
                scope=scope,
                organisation=data["organisation"],
                area=data["area"],
                customer_number=data["customer_number"],
                concern=data["concern"],
                kind=data["kind"],
            )
        except InvalidInput as exc:
            show_errors(form, exc)
        else:
            due = ticket.item.due_date or ticket.rule_due_date
            messages.success(
                request,
                _(
                    "Ticket %(number)s was sent to %(organisation)s for %(customer)s. "
                    "Due date: %(date)s."
                )
                % {
                    "number": ticket.id,
                    "organisation": ticket.organisation.name,
                    "customer": ticket.customer.display_name,
                    "date": date_format(due, "l, d.m.Y"),
                },
            )
            return redirect(
                request, reverse("tickets:sent_detail", args=[scope.organisation.slug, ticket.id])
            )
    return render(
        request,
        "tickets/send.html",
        {"section": "tickets", "form": form, "organisations": organisations},
    )


@org_view
def sent_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    ensure_may_send(scope)
    tickets = with_ticket_light(sent_tickets(scope))
    return render(
        request,
        "tickets/sent_list.html",
        {"section": "tickets", "page": paginate(request, tickets)},
    )


@org_view
def sent_detail(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    ensure_may_send(scope)
    ticket = with_ticket_light(sent_tickets(scope)).get(id=get_sent_ticket_for(scope, ticket_id).id)
    return render(
        request,
        "tickets/sent_detail.html",
        {"section": "tickets", "ticket": ticket, "item": ticket.item},
    )
