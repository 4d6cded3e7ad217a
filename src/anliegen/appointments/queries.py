"""Reading appointments: visible to the case worker, their deputies, leads and management
(:mod:`.access`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import log_customer_view
from anliegen.core.clock import BERLIN
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.customers.models import HistoryEntry
from anliegen.org.models import User
from anliegen.org.scope import Scope, get_staff_for

from .access import ensure_may_plan
from .dates import iso_week, parse_week
from .models import Appointment


def appointments_visible_to(scope: Scope) -> QuerySet[Appointment]:
    if not scope.may_see_customers:
        return Appointment.objects.none()
    return Appointment.objects.filter(organisation=scope.organisation).select_related(
        "customer", "case_worker", "site", "organisation"
    )


def week_of(scope: Scope, case_worker: User, monday: dt.date) -> list[Appointment]:
    """The case worker's appointments in the week starting ``monday`` (cancelled ones too)."""
    ensure_may_plan(scope, case_worker)
    start = dt.datetime.combine(monday, dt.time.min, BERLIN)
    end = start + dt.timedelta(days=7)
    return list(
        appointments_visible_to(scope).filter(
            case_worker=case_worker, starts_at__gte=start, starts_at__lt=end
        )
    )


def get_appointment_for(
    scope: Scope, appointment_id: int, *, via: str | None = None
) -> Appointment:
    """One appointment the actor may see (their own, as deputy, lead or management). With
    ``via``, the view of the customer's data (a letter, a calendar file) is logged."""
    appointment = appointments_visible_to(scope).filter(pk=appointment_id).first()
    if appointment is None:
        raise NotFound(_("Appointment not found."))
    try:
        ensure_may_plan(scope, appointment.case_worker)
    except NotFound:
        raise NotFound(_("Appointment not found.")) from None
    if via is not None:
        log_customer_view(
            actor=scope.user, customer=appointment.customer, via=via, purpose="appointment"
        )
    return appointment


def in_batch(scope: Scope, ids: list[int], *, via: str | None = None) -> list[Appointment]:
    """Visible appointments among ``ids`` (for the downloads of a confirmed plan); with
    ``via``, each customer's view is logged."""
    found = [
        a
        for a in appointments_visible_to(scope).filter(pk__in=ids).order_by("starts_at", "id")
        if _visible(scope, a)
    ]
    if via is not None:
        for appointment in found:
            log_customer_view(
                actor=scope.user, customer=appointment.customer, via=via, purpose="appointment"
            )
    return found


def _visible(scope: Scope, appointment: Appointment) -> bool:
    try:
        ensure_may_plan(scope, appointment.case_worker)
    except NotFound:
        return False
    return True


def plan_target(scope: Scope, case_worker: str, week: str) -> tuple[User, dt.date]:
    """Parse ``case_worker`` (username) and ``week`` (``YYYY-Www``); InvalidInput naming every
    bad field."""
    errors: dict[str, str] = {}
    monday = worker = None
    try:
        monday = parse_week(week)
    except InvalidInput as exc:
        errors.update(exc.errors)
    try:
        worker = get_staff_for(scope, case_worker)
    except NotFound:
        errors["case_worker"] = _("No member of staff has this username.")
    if errors or monday is None or worker is None:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    return worker, monday


def with_consultation_note(appointments: Sequence[Appointment]) -> set[int]:
    """Ids of those ``appointments`` whose customer has a consultation note for the
    day of the appointment — by its contact date, else the Berlin date of the entry."""
    if not appointments:
        return set()
    days = {a.local_start.date() for a in appointments}
    first, last = min(days), max(days)
    start = dt.datetime.combine(first, dt.time.min, BERLIN)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, BERLIN)
    entries = (
        HistoryEntry.objects.filter(
            kind=HistoryEntry.Kind.CONSULTATION,
            customer_id__in={a.customer_id for a in appointments},
        )
        .filter(
            Q(contact_date__range=(first, last))
            | Q(contact_date__isnull=True, at__gte=start, at__lt=end)
        )
        .values_list("customer_id", "contact_date", "at")
    )
    noted = {(customer, day or at.astimezone(BERLIN).date()) for customer, day, at in entries}
    return {a.pk for a in appointments if (a.customer_id, a.local_start.date()) in noted}


__all__ = [
    "appointments_visible_to",
    "get_appointment_for",
    "in_batch",
    "iso_week",
    "parse_week",
    "plan_target",
    "week_of",
    "with_consultation_note",
]
