"""Navigation entries of customer reactions (issue 9 defect 4, issue 10).

``visible`` is the check the page applies: the list is closed to providers only
(``views.ensure_not_provider``), who get the intake form instead; the register and reports
follow ``reports.may_see_reports``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anliegen.org.roles import Role
from anliegen.org.scope import Scope
from anliegen.web.navigation import NavEntry, register_nav_entry


def may_list_reactions(scope: Scope) -> bool:
    return scope.is_superuser or not scope.roles <= {Role.PROVIDER}


def records_only(scope: Scope) -> bool:
    return not may_list_reactions(scope)


def _may_see_reports(scope: Scope) -> bool:
    from anliegen.reactions.reports import may_see_reports

    return may_see_reports(scope)


def register() -> None:
    register_nav_entry(
        NavEntry(
            "reaktionen",
            _("Customer reactions"),
            "reactions:list",
            may_list_reactions,
            order=40,
        )
    )
    register_nav_entry(
        NavEntry(
            "reaktion_erfassen",
            _("Record a customer reaction"),
            "reactions:create",
            records_only,
            order=41,
            section="reaktionen",
        )
    )
    register_nav_entry(
        NavEntry(
            "krm_register",
            _("KRM register and reports"),
            "reaction_reports:register",
            _may_see_reports,
            order=45,
            also_sections=("krm_reports",),
        )
    )
