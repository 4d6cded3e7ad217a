"""Navigation entries of the ticket pages (issue 9 defect 4, issue 10).

``visible`` is the check the page applies: the list needs a casework role
(``views.common.ensure_casework``), the controlling page a casework role that leads
(``views.controlling.choose_team``). An administrator leads nothing here and gets no link.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anliegen.org.scope import Scope
from anliegen.web.navigation import NavEntry, register_nav_entry


def may_see_tickets(scope: Scope) -> bool:
    return scope.may_see_customers


def may_control_tickets(scope: Scope) -> bool:
    return scope.may_see_customers and scope.is_lead


def register() -> None:
    register_nav_entry(NavEntry("tickets", _("Tickets"), "tickets:list", may_see_tickets, order=30))
    register_nav_entry(
        NavEntry(
            "ticket_controlling",
            _("Ticket controlling"),
            "tickets:controlling",
            may_control_tickets,
            order=35,
        )
    )
