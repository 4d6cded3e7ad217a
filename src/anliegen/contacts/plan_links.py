"""What contact density tells the appointments service: how long a consultation lasts (KON-05)
and what it offers for a booked appointment (the invitation letter and the week calendar,
KON-06). Registered from :class:`anliegen.contacts.apps.ContactsConfig`."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from anliegen.appointments.dates import iso_week, week_start
from anliegen.appointments.links import AppointmentLink
from anliegen.appointments.models import Appointment
from anliegen.letters.pdf import pdf_available
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ContactRules

from .queries import works_in_active_team


def consultation_minutes(organisation: Organisation, case_worker: User, day: dt.date) -> int:
    """KON-05: 1 h in Basis teams, 0.75 h in Aktivteams (the contact rules in force)."""
    rules, _version = rules_in_force(organisation, ContactRules, on=day)
    active = works_in_active_team(organisation.id, case_worker)
    hours = rules.consultation_hours_active if active else rules.consultation_hours_basis
    return round(hours * 60)


def calendar_url(organisation: Organisation, appointment: Appointment) -> str:
    """The case worker's week calendar in the week of the appointment."""
    monday = week_start(appointment.local_start.date())
    base = reverse("contacts:calendar", args=[organisation.slug])
    return f"{base}?" + urlencode(
        {"case_worker": appointment.case_worker.username, "week": iso_week(monday)}
    )


def appointment_links(scope: Scope, appointment: Appointment) -> list[AppointmentLink]:
    """The invitation letter (Word, PDF) of a consultation and the week calendar."""
    if appointment.kind != Appointment.Kind.CONSULTATION:
        return []
    slug = scope.organisation.slug
    pdf = reverse("contacts:plan_pdf", args=[slug])
    word = AppointmentLink(
        _("Invitation letter (Word)"),
        reverse("contacts:appointment_letter", args=[slug, appointment.pk]),
        document=True,
    )
    # Without LibreOffice there is no PDF (issue 21); the Word letter always works.
    pdf_links = (
        [
            AppointmentLink(
                _("Invitation letter (PDF)"), f"{pdf}?ids={appointment.pk}", document=True
            )
        ]
        if pdf_available()
        else []
    )
    return [
        word,
        *pdf_links,
        AppointmentLink(_("Week calendar"), calendar_url(scope.organisation, appointment)),
    ]
