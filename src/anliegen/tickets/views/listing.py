"""``tickets/``: the tickets the user may see, with filters, paging and export (TKT-01, TKT-05)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.core.errors import NotFound
from anliegen.org.models import Organisation
from anliegen.org.scope import Scope
from anliegen.tickets.controlling import may_open_controlling
from anliegen.tickets.forms import TicketFilterForm
from anliegen.tickets.models import Ticket
from anliegen.tickets.queries import filter_tickets, tickets_visible_to
from anliegen.tickets.sending import may_send_tickets
from anliegen.tickets.views.common import ensure_casework
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.forms import LIGHT_LABELS
from anliegen.web.views.base import is_htmx, org_view, paginate, redirect
from anliegen.work.access import responsible_ids


def _light(ticket: Ticket) -> object:
    if ticket.item.status != "open":
        return ticket.item.get_status_display()
    return LIGHT_LABELS.get(ticket.light, ticket.light)  # type: ignore[attr-defined]


TICKET_COLUMNS = [
    Column(gettext_lazy("Ticket"), lambda t: t.id, 9),
    Column(gettext_lazy("Traffic light"), _light, 10),
    Column(gettext_lazy("Area"), lambda t: t.get_area_display(), 12),
    Column(gettext_lazy("Kind of ticket"), lambda t: t.get_kind_display(), 16),
    Column(gettext_lazy("Customer number"), lambda t: t.customer.customer_number, 16),
    Column(gettext_lazy("Customer"), lambda t: t.customer.display_name, 28),
    Column(gettext_lazy("Concern"), lambda t: t.concern, 50),
    Column(gettext_lazy("Received"), lambda t: t.received_at, 18),
    Column(gettext_lazy("Deadline under the rules"), lambda t: t.rule_due_date, 14),
    Column(gettext_lazy("Due"), lambda t: t.item.due_date, 12),
    Column(gettext_lazy("Commitment"), lambda t: t.has_commitment, 10),
    Column(gettext_lazy("Responsible"), lambda t: t.item.assignee or "", 24),
    Column(gettext_lazy("Team"), lambda t: t.item.team or "", 20),
    Column(gettext_lazy("Completed"), lambda t: t.item.completed_at, 18),
    Column(gettext_lazy("Completed by"), lambda t: t.item.completed_by or "", 24),
]


@org_view
def ticket_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    if may_send_tickets(scope):
        # A service-centre region holds no tickets of its own: its agents follow what they sent.
        return redirect(request, reverse("tickets:sent", args=[scope.organisation.slug]))
    ensure_casework(scope)
    form = TicketFilterForm(request.GET)
    filters = form.filters()
    tickets = filter_tickets(tickets_visible_to(scope), **filters)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            tickets.iterator(chunk_size=2000),
            TICKET_COLUMNS,
            fmt=str(fmt),
            name="tickets",
            title=_("Tickets"),
        )
    context = {
        "section": "tickets",
        "form": form,
        "page": paginate(request, tickets),
        "status": filters["status"],
        "filtered": any(filters[k] for k in ("area", "kind", "light", "search"))
        or filters["status"] != "open",
        "deputised_ids": responsible_ids(scope) - {scope.user.id},
        "may_control": may_open_controlling(scope),
        # A service-centre region holds no job-centre areas: no intake or walk-ins of its own.
        "records_tickets": scope.organisation.kind != Organisation.Kind.SERVICE_CENTRE,
    }
    if is_htmx(request):
        return render(request, "tickets/_results.html", context)
    return render(request, "tickets/list.html", context)


@org_view
def item_ticket(request: HttpRequest, scope: Scope, item_id: int) -> HttpResponse:
    """``tickets/vorgang/<item_id>/``: the ticket of a work item, for links from worklists."""
    ensure_casework(scope)
    ticket_id = (
        tickets_visible_to(scope).filter(item_id=item_id).values_list("id", flat=True).first()
    )
    if ticket_id is None:
        raise NotFound(_("Ticket not found."))
    return redirect(request, reverse("tickets:detail", args=[scope.organisation.slug, ticket_id]))
