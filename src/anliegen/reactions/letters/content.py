"""What a letter about a customer reaction says: the acknowledgement of receipt (KRM-05) and the
data every letter about a reaction is filled in with (also the reply drafts of KRM-08)."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.letters.render import docx_to_pdf, german_date, render_docx
from anliegen.org.models import User
from anliegen.org.roles import Role
from anliegen.org.scope import staff_of
from anliegen.reactions.models import Reaction

ACKNOWLEDGEMENT_KIND = "reaction_acknowledgement"
REPLY_KIND = "reaction_reply"


def reference_of(reaction: Reaction) -> str:
    """The reference number a letter quotes: the reaction's ``id`` of the API, prefixed."""
    return f"KRM-{reaction.id}"


def contact_of(reaction: Reaction) -> User | None:
    """Who the customer may ask (KRM-05): the person responsible (the TL for reactions received
    in a team); for reactions received by management or handled by it, the management office."""
    if not (reaction.received_by_management or reaction.confidential):
        assignee = reaction.item.assignee
        if assignee is not None:
            return assignee
    return staff_of(reaction.organisation, roles=[Role.MANAGEMENT_OFFICE]).first()


def addressee(reaction: Reaction) -> tuple[str, list[str]]:
    """Name and address lines: the customer's record, else what the sender gave."""
    customer = reaction.customer
    if customer is not None:
        lines = [customer.street.strip(), f"{customer.postcode} {customer.city}".strip()]
        return customer.display_name, [line for line in lines if line]
    lines = [line.strip() for line in reaction.sender_address.splitlines()]
    return reaction.sender_name.strip(), [line for line in lines if line]


def person_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def reaction_context(reaction: Reaction, *, subject: str) -> dict[str, Any]:
    name, address = addressee(reaction)
    contact = contact_of(reaction)
    return {
        "customer_name": name,
        "address_lines": address,
        "customer_number": reaction.customer.customer_number if reaction.customer else "",
        "reference": reference_of(reaction),
        "received_date": german_date(clock.local_date(reaction.received_at)),
        "contact_name": str(contact) if contact else reaction.organisation.name,
        "contact_phone": "",
        "contact_email": contact.email if contact else "",
        "subject": subject,
    }


def acknowledgement_context(reaction: Reaction) -> dict[str, Any]:
    with translation.override("de"):
        subject = _("Acknowledgement of receipt of your concern of %(date)s") % {
            "date": german_date(clock.local_date(reaction.received_at))
        }
    return reaction_context(reaction, subject=subject)


def reply_context(reaction: Reaction, author: User | None = None) -> dict[str, Any]:
    """The reply's data; it is signed by ``author``, the person who writes it (issue 9), never
    by whoever recorded the reaction or is responsible for it."""
    with translation.override("de"):
        subject = _("Your concern of %(date)s") % {
            "date": german_date(clock.local_date(reaction.received_at))
        }
    context = reaction_context(reaction, subject=subject)
    context["author_name"] = person_name(author) or context["contact_name"]
    return context


def acknowledgement_docx(reaction: Reaction) -> bytes:
    return render_docx(
        reaction.organisation, ACKNOWLEDGEMENT_KIND, acknowledgement_context(reaction)
    )


def acknowledgement_pdf(reaction: Reaction) -> bytes:
    return docx_to_pdf(acknowledgement_docx(reaction))


def acknowledgement_filename(reaction: Reaction, extension: str) -> str:
    return f"eingangsbestaetigung-{reference_of(reaction).lower()}.{extension}"
