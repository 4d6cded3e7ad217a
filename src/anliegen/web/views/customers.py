"""Kunden: search, the customer page with its timeline, notes and follow-ups (FND-04, FND-05,
FND-08). Every opening of a customer record is logged through ``get_customer_for`` (FND-10)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.customers.actions import add_note
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.customers.queries import get_customer_for, history_of, search_customers
from anliegen.org.scope import Scope
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.forms import CustomerSearchForm, FollowUpForm, NoteForm
from anliegen.web.panels import customer_panels
from anliegen.web.views.base import apply_errors, is_htmx, org_view, paginate, redirect
from anliegen.work import kinds
from anliegen.work.access import items_visible_to
from anliegen.work.actions import add_follow_up
from anliegen.work.item_actions import handled_here
from anliegen.work.models import Status
from anliegen.work.queries import ordering, with_light

CORRECTABLE = {HistoryEntry.Kind.NOTE, HistoryEntry.Kind.CONSULTATION, HistoryEntry.Kind.CORRECTION}

CUSTOMER_COLUMNS = [
    Column(gettext_lazy("Customer number"), lambda c: c.customer_number, 16),
    Column(gettext_lazy("Name"), lambda c: c.display_name, 30),
    Column(gettext_lazy("Date of birth"), lambda c: c.birth_date, 14),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display(), 16),
    Column(gettext_lazy("Profile"), lambda c: c.get_profile_display(), 22),
    Column(gettext_lazy("Care group"), lambda c: c.get_care_group_display(), 22),
    Column(gettext_lazy("Contact person"), lambda c: c.contact_person or "", 24),
    Column(gettext_lazy("Postcode"), lambda c: c.postcode, 10),
    Column(gettext_lazy("City"), lambda c: c.city, 18),
]


def ensure_customers_visible(scope: Scope) -> None:
    """Providers and other roles without casework see no customers at all: 404."""
    if not scope.may_see_customers:
        raise Http404(_("Customer not found."))


@org_view
def customer_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    ensure_customers_visible(scope)
    form = CustomerSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    customers = search_customers(scope, query)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            customers.iterator(chunk_size=2000),
            CUSTOMER_COLUMNS,
            fmt=str(fmt),
            name="kunden",
            title=_("Customers"),
        )
    context = {
        "section": "kunden",
        "form": form,
        "query": query,
        "page": paginate(request, customers),
        "today": clock.today(),
    }
    if is_htmx(request):
        return render(request, "web/customers/_results.html", context)
    return render(request, "web/customers/list.html", context)


def _note_form_for(
    customer: Customer, corrects_id: str | None
) -> tuple[NoteForm, HistoryEntry | None]:
    corrected = None
    if corrects_id and corrects_id.isdigit():
        corrected = history_of(customer).filter(id=int(corrects_id), kind__in=CORRECTABLE).first()
    initial = {"corrects": corrected.id, "text": corrected.text} if corrected else {}
    return NoteForm(initial=initial), corrected


def _notes_context(
    request: HttpRequest, customer: Customer, note_form: NoteForm, corrected: HistoryEntry | None
) -> dict[str, Any]:
    timeline = paginate(request, history_of(customer).prefetch_related("corrections"))
    return {
        "customer": customer,
        "note_form": note_form,
        "corrected": corrected,
        "timeline": timeline,
        "correctable": CORRECTABLE,
    }


def _detail(
    request: HttpRequest,
    scope: Scope,
    customer: Customer,
    *,
    note_form: NoteForm | None = None,
    corrected: HistoryEntry | None = None,
    follow_up_form: FollowUpForm | None = None,
) -> HttpResponse:
    if note_form is None:
        note_form, corrected = _note_form_for(customer, request.GET.get("korrektur"))
    open_items = with_light(
        items_visible_to(scope).filter(customer=customer, status=Status.OPEN)
    ).select_related("assignee", "team")
    today = clock.today()
    rows = list(
        open_items.select_related(*kinds.related_paths()).order_by(*ordering("urgent", today))[:50]
    )
    for item in rows:  # link and actions from the kind registry (issue 9)
        item.url = kinds.url_for(item, scope.organisation.slug)  # type: ignore[attr-defined]
        item.finish_here = handled_here(item)  # type: ignore[attr-defined]
    context = {
        "section": "kunden",
        "panels": customer_panels(request, scope, customer),
        "age": customer.age_on(today),
        "today": today,
        "open_items": rows,
        "follow_up_form": follow_up_form or FollowUpForm(),
        **_notes_context(request, customer, note_form, corrected),
    }
    return render(request, "web/customers/detail.html", context)


@org_view
def customer_detail(request: HttpRequest, scope: Scope, number: str) -> HttpResponse:
    ensure_customers_visible(scope)
    customer = get_customer_for(scope, number, via="web")
    return _detail(request, scope, customer)


@org_view
def customer_note(request: HttpRequest, scope: Scope, number: str) -> HttpResponse:
    """Add a note or consultation note, or a correction of an earlier note (FND-05)."""
    ensure_customers_visible(scope)
    customer = get_customer_for(scope, number, via="web", purpose="note")
    detail_url = reverse("web:customer", args=[scope.organisation.slug, customer.customer_number])
    if request.method != "POST":
        return redirect(request, detail_url)
    form = NoteForm(request.POST)
    corrected = None
    if form.is_valid():
        corrects_id = form.cleaned_data.get("corrects")
        if corrects_id:
            corrected = history_of(customer).filter(id=corrects_id).first()
            if corrected is None:
                form.add_error(None, _("The note to be corrected was not found."))
    if form.is_valid():
        try:
            add_note(
                actor=scope.user,
                scope=scope,
                customer=customer,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                contact_date=form.cleaned_data["contact_date"],
                corrects=corrected,
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The note was saved."))
            if form.cleaned_data["kind"] == "consultation":
                # KON-07: each contact asks whether profile and profiling need an update.
                messages.info(
                    request,
                    _(
                        "Please check whether the profile (current: %(profile)s) and the "
                        "profiling need an update after this consultation."
                    )
                    % {"profile": customer.get_profile_display() or _("not set")},
                )
            if not is_htmx(request):
                return redirect(request, detail_url + "#verlauf")
            form, corrected = NoteForm(), None
    if is_htmx(request):
        return render(
            request,
            "web/customers/_notes.html",
            {**_notes_context(request, customer, form, corrected), "oob_messages": True},
        )
    return _detail(request, scope, customer, note_form=form, corrected=corrected)


@org_view
def customer_follow_up(request: HttpRequest, scope: Scope, number: str) -> HttpResponse:
    """Set a follow-up (Wiedervorlage) on the customer for the current user (FND-08)."""
    ensure_customers_visible(scope)
    customer = get_customer_for(scope, number, via="web", purpose="follow_up")
    detail_url = reverse("web:customer", args=[scope.organisation.slug, customer.customer_number])
    if request.method != "POST":
        return redirect(request, detail_url)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            add_follow_up(
                actor=scope.user,
                scope=scope,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                customer=customer,
                allow_non_working_day=form.cleaned_data["allow_non_working_day"],
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Follow-up set for %(date)s.")
                % {"date": form.cleaned_data["on"].strftime("%d.%m.%Y")},
            )
            return redirect(request, detail_url + "#wiedervorlage")
    return _detail(request, scope, customer, follow_up_form=form)
