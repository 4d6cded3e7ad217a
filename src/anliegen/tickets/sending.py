"""A service-centre region sends tickets to the organisations it serves (SOC-01, TKT-01).

The agents of the region (phone agents, phone experts and their leads in a service-centre team)
find the customer by number in the served organisations and send the ticket into the right one.
The ticket is created there by :func:`anliegen.tickets.actions.create_ticket` under the agent's
*sending scope* (:func:`anliegen.org.scope.sending_scope_for`): no customer records, no
worklists, only the tickets they sent.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope, sending_scope_for, served_organisations_for
from anliegen.tickets.actions import create_ticket
from anliegen.tickets.models import Ticket, TicketKind


def served_organisations(scope: Scope) -> QuerySet[Organisation]:
    """The organisations the actor may send tickets to from the region of ``scope``."""
    return served_organisations_for(scope.user, service_centre=scope.organisation)


def may_send_tickets(scope: Scope) -> bool:
    """Whether the actor sends tickets from this service-centre region (for the pages and the
    navigation): a phone agent, phone expert or lead of a service-centre team of a region that
    serves at least one organisation."""
    if scope.organisation.kind != Organisation.Kind.SERVICE_CENTRE:
        return False
    return served_organisations(scope).exists()


def receiving_organisation(
    scope: Scope, customer_number: str, organisation: str = ""
) -> Organisation:
    """The served organisation the ticket goes to: the one chosen (by slug), else the only
    served organisation with a customer of this number."""
    served = served_organisations(scope)
    number = (customer_number or "").strip()
    if organisation:
        target = served.filter(slug=organisation).first()
        if target is None:
            raise InvalidInput(
                _("Your region does not serve this organisation."),
                errors={"organisation": _("Not served.")},
            )
        return target
    with_customer = list(
        served.filter(
            id__in=Customer.objects.filter(customer_number=number).values("organisation_id")
        )
    )
    if not number or not with_customer:
        message = _("No customer with this number in the organisations your region serves.")
        raise InvalidInput(message, errors={"customer_number": message})
    if len(with_customer) > 1:
        message = _(
            "This customer number exists in several organisations: please choose the organisation."
        )
        raise InvalidInput(message, errors={"organisation": message})
    return with_customer[0]


def send_ticket(
    *,
    actor: User,
    scope: Scope,
    area: str,
    customer_number: str,
    concern: str,
    kind: str = TicketKind.CONCERN,
    organisation: str = "",
    received_at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    source: str = "ui",
) -> tuple[Ticket, bool]:
    """Send a ticket from the service-centre region of ``scope`` into the served organisation
    of the customer (TKT-01). Returns the ticket and whether it was created."""
    if not may_send_tickets(scope):
        raise Forbidden(_("You may not send tickets to other organisations."))
    target = receiving_organisation(scope, customer_number, organisation)
    sending = sending_scope_for(actor, target, service_centre=scope.organisation)
    return create_ticket(
        actor=actor,
        scope=sending,
        area=area,
        customer_number=(customer_number or "").strip(),
        concern=concern,
        kind=kind,
        received_at=received_at,
        idempotency_key=idempotency_key,
        source=source,
    )
