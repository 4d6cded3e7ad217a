"""Invitation letters of the weekly plan (KON-06) and the letter kind ``contact_invitation``.

Contact density owns the letter: its kind is registered with the letters service from
:class:`anliegen.contacts.apps.ContactsConfig` (:data:`INVITATION_KIND`), with the default
template shipped in ``contacts/letter_templates/`` (re-made by
``python -m anliegen.contacts.build_invitation``). The letters service renders it
(:mod:`anliegen.letters.render`, the organisation's uploaded template if any); this module builds
the context and bundles the documents (one ``.docx`` per customer, one combined PDF for
printing, made by the background worker through :mod:`anliegen.letters.batches`, a ZIP of the
``.docx``).

The invitation is a request to report (*Meldeaufforderung*); without the notice of legal
consequences (*Rechtsfolgenbelehrung*) a missed appointment has none. The template carries the
notice as a block in both wordings; ``legal_basis`` chooses it by the organisation: a job centre
invites under § 59 SGB II with § 309 SGB III, an employment agency under § 309 SGB III.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.appointments.dates import german_date, german_time, week_start
from anliegen.appointments.ical import place
from anliegen.appointments.models import Appointment
from anliegen.letters.batches import start_batch
from anliegen.letters.kinds import LetterKindSpec
from anliegen.letters.models import PdfBatch
from anliegen.letters.render import docx_to_pdf, render_docx
from anliegen.org.models import Organisation, User

KIND = "contact_invitation"
TEMPLATES = Path(__file__).resolve().parent / "letter_templates"
DEFAULT_TEMPLATE = TEMPLATES / f"{KIND}.docx"

SGB_II = "SGB II"
SGB_III = "SGB III"
LEGAL_BASIS: dict[str, str] = {
    Organisation.Kind.JOBCENTER: SGB_II,
    Organisation.Kind.AGENCY: SGB_III,
}
"""Which book of the social code the organisation's invitations are issued under. Service
centres invite for the job centres they serve (SGB II)."""


def legal_basis(organisation: Organisation) -> str:
    """``SGB II`` for job centres (§ 59 SGB II with § 309 SGB III), ``SGB III`` for
    employment agencies (§ 309 SGB III)."""
    return LEGAL_BASIS.get(organisation.kind, SGB_II)


def invitation_context(appointment: Appointment) -> dict[str, Any]:
    customer = appointment.customer
    start = appointment.local_start
    address = [customer.display_name, customer.street, f"{customer.postcode} {customer.city}"]
    worker = appointment.case_worker
    return {
        "customer_name": customer.display_name,
        "address_lines": [line.strip() for line in address if line.strip()],
        "customer_number": customer.customer_number,
        "appointment_date": german_date(start.date()),
        "appointment_time": german_time(start),
        "place": place(appointment),
        "case_worker": worker.get_full_name() or worker.username,
        "reference": f"T-{appointment.pk}",
        "legal_basis": legal_basis(appointment.organisation),
    }


def invitation_docx(appointment: Appointment) -> bytes:
    return render_docx(appointment.organisation, KIND, invitation_context(appointment))


def docx_filename(appointment: Appointment) -> str:
    start = appointment.local_start
    return f"einladung-{appointment.customer.customer_number}-{start:%Y%m%d-%H%M}.docx"


def invitation_pdf(appointment: Appointment) -> bytes:
    """The invitation of one appointment as PDF/A, converted now (the single preview)."""
    return docx_to_pdf(invitation_docx(appointment))


def pdf_filename(appointment: Appointment) -> str:
    return docx_filename(appointment).removesuffix(".docx") + ".pdf"


def start_invitations_pdf(actor: User, appointments: Sequence[Appointment]) -> PdfBatch:
    """The invitations of a confirmed plan, to be converted into one PDF for printing by the
    background worker (issue 21: a weekly plan has 30–60 letters)."""
    first = appointments[0]
    monday = week_start(first.local_start.date())
    return start_batch(
        actor=actor,
        organisation=first.organisation,
        kind=KIND,
        title=_("Invitation letters of the week of %(day)s") % {"day": german_date(monday)},
        filename=f"einladungen-{monday:%Y%m%d}.pdf",
        documents=[invitation_docx(appointment) for appointment in appointments],
    )


def invitations_zip(appointments: Sequence[Appointment]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for appointment in appointments:
            archive.writestr(docx_filename(appointment), invitation_docx(appointment))
    return out.getvalue()


def sample_context() -> Mapping[str, Any]:
    """Every placeholder of the invitation, with example values (upload check, preview)."""
    return {
        "letterhead": ["Jobcenter Musterstadt", "Hauptstraße 1", "12345 Musterstadt"],
        "organisation": "Jobcenter Musterstadt",
        "today": "01.12.2026",
        "customer_name": "Erika Mustermann",
        "address_lines": ["Musterstraße 1", "12345 Musterstadt"],
        "customer_number": "K12345",
        "reference": "T-1",
        "appointment_date": "Dienstag, 01.12.2026",
        "appointment_time": "09:00",
        "place": "Jobcenter Musterstadt, Hauptstraße 1",
        "case_worker": "Max Beispiel",
        "legal_basis": SGB_II,
    }


INVITATION_KIND = LetterKindSpec(
    code=KIND,
    label=gettext_lazy("invitation to an appointment"),
    default_template=DEFAULT_TEMPLATE,
    sample_context=sample_context,
    placeholders={
        "customer_name": gettext_lazy("name of the customer"),
        "address_lines": gettext_lazy("address lines (list)"),
        "customer_number": gettext_lazy("customer number"),
        "reference": gettext_lazy("reference of the appointment (T-…)"),
        "appointment_date": gettext_lazy("date of the appointment with weekday"),
        "appointment_time": gettext_lazy("time of the appointment"),
        "place": gettext_lazy("organisation and site"),
        "case_worker": gettext_lazy("name of the case worker"),
        "legal_basis": gettext_lazy(
            "“SGB II” (job centre) or “SGB III” (employment agency): chooses the wording of "
            "the notice of legal consequences"
        ),
    },
)
