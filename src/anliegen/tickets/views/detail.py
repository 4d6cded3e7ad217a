"""``tickets/<id>/``: one ticket with everything the case worker does on it — commitment
(TKT-04), completion (TKT-03), callback and appointment (TKT-06) — and the lead's reassigning
(TKT-05)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from anliegen.appointments.ical import appointment_ics
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.core.uploads import download_response
from anliegen.org.scope import Scope
from anliegen.tickets import actions, notes
from anliegen.tickets.forms import (
    AppointmentForm,
    AttachmentForm,
    CallbackForm,
    CommitmentForm,
    CompleteForm,
    NoteForm,
    ReassignTicketForm,
)
from anliegen.tickets.models import Ticket, TicketKind
from anliegen.tickets.queries import (
    commitments_of,
    tickets_visible_to,
    violation_count,
    with_ticket_light,
)
from anliegen.tickets.views.common import ensure_casework, members_of, show_errors
from anliegen.web.views.base import org_view, redirect
from anliegen.work.access import ensure_may_act, responsible_ids
from anliegen.work.actions import reassign_items
from anliegen.work.models import Light, Status

#: The forms of the page by name; each is bound with its name as prefix so ids never clash.
FORMS: dict[str, type[forms.Form]] = {
    "commitment": CommitmentForm,
    "complete": CompleteForm,
    "callback": CallbackForm,
    "appointment": AppointmentForm,
    "reassign": ReassignTicketForm,
    "note": NoteForm,
    "attachments": AttachmentForm,
}


def load_ticket(scope: Scope, ticket_id: int) -> Ticket:
    """The ticket with its traffic light, if the actor may see it (404 otherwise)."""
    ticket = (
        with_ticket_light(tickets_visible_to(scope))
        .select_related("item__completed_by", "created_by", "customer__contact_person")
        .filter(id=ticket_id)
        .first()
    )
    if ticket is None:
        raise NotFound(_("Ticket not found."))
    return ticket


def _may_act(scope: Scope, ticket: Ticket) -> bool:
    try:
        ensure_may_act(scope, ticket.item)
    except Forbidden:
        return False
    return True


def _may_lead(scope: Scope, ticket: Ticket) -> bool:
    return ticket.item.team_id is not None and scope.may_lead_team(ticket.item.team_id)


def _form(name: str, ticket: Ticket, data: Any = None, files: Any = None) -> forms.Form:
    kwargs: dict[str, Any] = {"prefix": name}
    if name == "reassign":
        kwargs["members"] = members_of(ticket.item.team) if ticket.item.team else []
    return FORMS[name](data, files, **kwargs)


def _page(
    request: HttpRequest, scope: Scope, ticket: Ticket, bound: forms.Form | None = None
) -> HttpResponse:
    item = ticket.item
    is_open = item.status == Status.OPEN
    may_act = is_open and _may_act(scope, ticket)
    wanted = []
    if may_act:
        wanted += ["commitment", "complete"]
        if ticket.kind == TicketKind.CALLBACK and ticket.callback_at is None:
            wanted.append("callback")
        if ticket.kind == TicketKind.APPOINTMENT and ticket.appointment_at is None:
            wanted.append("appointment")
        if _may_lead(scope, ticket):
            wanted.append("reassign")
    if _may_act(scope, ticket):
        wanted += ["note", "attachments"]  # also on completed tickets
    page_forms = {name: _form(name, ticket) for name in wanted}
    if bound is not None and bound.prefix in page_forms:
        page_forms[bound.prefix] = bound
    light: str = ticket.light  # type: ignore[attr-defined]
    has_commitment: bool = ticket.has_commitment  # type: ignore[attr-defined]
    context = {
        "section": "tickets",
        "ticket": ticket,
        "item": item,
        "is_open": is_open,
        "light": light if is_open else None,
        "commitments": list(commitments_of(ticket)),
        "completion": getattr(ticket, "completion", None) if not is_open else None,
        "violations": violation_count(ticket),
        "notes": list(notes.notes_of(ticket)),
        "attachments": list(notes.attachments_of(ticket)),
        "forms": page_forms,
        "may_act": may_act,
        "deputising": item.assignee
        if item.assignee_id
        and item.assignee_id != scope.user.id
        and item.assignee_id in responsible_ids(scope)
        else None,
        # TKT-04: amber without a commitment → remind; red without one → it is a violation.
        "remind_commitment": is_open and light == Light.AMBER and not has_commitment,
        "overdue": is_open and light == Light.RED,
        "today": clock.today(),
    }
    return render(request, "tickets/detail.html", context)


@org_view
def ticket_detail(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    ensure_casework(scope)
    return _page(request, scope, load_ticket(scope, ticket_id))


def _post(
    request: HttpRequest,
    scope: Scope,
    ticket_id: int,
    name: str,
    act: Callable[[Ticket, dict[str, Any]], str],
) -> HttpResponse:
    """Bind the form ``name``, run ``act`` (returns the success message), then back to the
    ticket; on bad input the ticket page again with the errors next to the fields."""
    ensure_casework(scope)
    ticket = load_ticket(scope, ticket_id)
    url = reverse("tickets:detail", args=[scope.organisation.slug, ticket.id])
    if request.method != "POST":
        return redirect(request, url)
    if name == "reassign" and not _may_lead(scope, ticket):
        raise Forbidden(_("Only the team lead may reassign tickets."))
    if name != "reassign":
        ensure_may_act(scope, ticket.item)
    data: QueryDict = request.POST.copy()
    suggestion = data.get("take_suggestion", "")
    if name == "commitment" and suggestion:
        # "Take the next working day" (defect 7): the suggested date replaces the chosen one.
        data["commitment-promised_date"] = suggestion
    form = _form(name, ticket, data, request.FILES)
    if form.is_valid():
        try:
            message = act(ticket, form.cleaned_data)
        except InvalidInput as exc:
            show_errors(form, exc)
            if isinstance(exc, actions.NonWorkingDay):
                form.suggested_date = exc.suggested  # type: ignore[attr-defined]
        else:
            messages.success(request, message)
            return redirect(request, url)
    return _page(request, scope, ticket, bound=form)


def _day(value: dt.date) -> str:
    return date_format(value, "l, d.m.Y")


@org_view
def ticket_commitment(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    """TKT-04: the customer was phoned and promised a date; it becomes the deadline."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        actions.record_commitment(
            actor=scope.user,
            scope=scope,
            ticket=ticket,
            promised_date=data["promised_date"],
            note=data["note"],
            confirm_non_working_day=data["confirm_non_working_day"],
        )
        return _("Commitment recorded. New deadline: %(date)s.") % {
            "date": _day(data["promised_date"])
        }

    return _post(request, scope, ticket_id, "commitment", act)


@org_view
def ticket_complete(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    """TKT-03/TKT-08: completed with its resolution; the team lead is informed."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        completion = actions.complete_ticket(
            actor=scope.user, scope=scope, ticket=ticket, resolution=data["resolution"]
        )
        if completion.on_time:
            return _("The ticket was completed on time.")
        return _("The ticket was completed after its deadline; the overrun was counted.")

    return _post(request, scope, ticket_id, "complete", act)


@org_view
def ticket_callback(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    """TKT-06: the callback took place."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        actions.record_callback(actor=scope.user, scope=scope, ticket=ticket, note=data["note"])
        return _("The callback was recorded.")

    return _post(request, scope, ticket_id, "callback", act)


@org_view
def ticket_appointment(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    """TKT-06: the customer was told the exact appointment."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        when = dt.datetime.combine(data["date"], data["time"], tzinfo=clock.BERLIN)
        actions.record_appointment(
            actor=scope.user, scope=scope, ticket=ticket, appointment_at=when, place=data["place"]
        )
        return _("The appointment on %(when)s was recorded.") % {
            "when": f"{_day(data['date'])}, {data['time']:%H:%M}"
        }

    return _post(request, scope, ticket_id, "appointment", act)


@org_view
def ticket_reassign(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    """TKT-05: the team lead gives the ticket to another member of the team."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        members = {str(m.pk): m for m in members_of(ticket.item.team)} if ticket.item.team else {}
        assignee = members[data["assignee"]]
        reassign_items(actor=scope.user, scope=scope, items=[ticket.item], assignee=assignee)
        return _("The ticket was assigned to %(name)s.") % {"name": assignee}

    return _post(request, scope, ticket_id, "reassign", act)


@org_view
def ticket_appointment_ics(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    """The recorded appointment as an iCalendar file for the customer or one's own calendar."""
    ticket = load_ticket(scope, ticket_id)
    if ticket.appointment_at is None:
        raise Http404(_("No appointment recorded yet."))
    content = appointment_ics(
        uid=f"ticket-{ticket.id}@{scope.organisation.slug}.anliegen",
        start=ticket.appointment_at,
        duration=dt.timedelta(minutes=30),
        summary=_("Appointment at %(organisation)s") % {"organisation": scope.organisation.name},
        location=ticket.appointment_place,
        description=_("Your concern: %(concern)s") % {"concern": ticket.concern[:500]},
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="termin-{ticket.id}.ics"'
    return response


@org_view
def ticket_note(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    """An internal note on the ticket (issue 9)."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        notes.add_note(actor=scope.user, scope=scope, ticket=ticket, text=data["text"])
        return _("The internal note was saved.")

    return _post(request, scope, ticket_id, "note", act)


@org_view
def ticket_attachments(request: HttpRequest, scope: Scope, ticket_id: int) -> HttpResponse:
    """Documents for the ticket, checked by content (issue 9, issue 14 fault 7)."""

    def act(ticket: Ticket, data: dict[str, Any]) -> str:
        notes.add_attachments(
            actor=scope.user, scope=scope, ticket=ticket, files=data["attachments"]
        )
        return _("The attachments were saved.")

    return _post(request, scope, ticket_id, "attachments", act)


@org_view
def ticket_attachment(
    request: HttpRequest, scope: Scope, ticket_id: int, attachment_id: int
) -> HttpResponse:
    ensure_casework(scope)
    a = notes.get_attachment(load_ticket(scope, ticket_id), attachment_id)
    return download_response(
        data=a.data, content_type=a.content_type, filename=a.filename, size=a.size
    )
