"""The customer reactions card on the customer page (KRM-02, KRM-03), registered as a customer
panel: the customer's reactions that the viewer may see — conduct complaints and petitions only
for management and its office, as everywhere (``reactions_visible_to``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from anliegen.customers.models import Customer
from anliegen.org.scope import Scope
from anliegen.reactions.queries import reactions_visible_to
from anliegen.web.panels import CustomerPanel

#: How many reactions the card lists (newest first); the rest are counted.
SHOWN = 10


def reactions_context(
    request: HttpRequest, scope: Scope, customer: Customer
) -> Mapping[str, Any] | None:
    """The customer's visible reactions, newest first, or ``None`` when there is none."""
    visible = reactions_visible_to(scope).filter(customer_id=customer.id)
    reactions = list(visible.order_by("-received_at", "-id")[: SHOWN + 1])
    if not reactions:
        return None
    more = 0
    if len(reactions) > SHOWN:
        reactions = reactions[:SHOWN]
        more = visible.count() - SHOWN
    return {"reactions": reactions, "more": more, "customer": customer}


REACTIONS_PANEL = CustomerPanel(
    code="reactions",
    template="reactions/_customer_panel.html",
    context=reactions_context,
    order=40,
)
