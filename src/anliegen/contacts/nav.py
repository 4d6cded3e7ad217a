"""Navigation entries of contact density (issue 9 defect 4, issue 10).

``visible`` is the check the page applies: the invitation list needs a casework role
(``views.ensure_casework``), the KON-08 overview a casework role that leads
(``dashboard.dashboard_for``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anliegen.org.scope import Scope
from anliegen.web.navigation import NavEntry, register_nav_entry


def may_see_contacts(scope: Scope) -> bool:
    return scope.may_see_customers


def may_see_dashboard(scope: Scope) -> bool:
    return scope.may_see_customers and scope.is_lead


def register() -> None:
    register_nav_entry(
        NavEntry("kontakte", _("Invitations"), "contacts:list", may_see_contacts, order=50)
    )
    register_nav_entry(
        NavEntry(
            "kontakte_uebersicht",
            _("Contact density"),
            "contact_dashboard:overview",
            may_see_dashboard,
            order=55,
        )
    )
