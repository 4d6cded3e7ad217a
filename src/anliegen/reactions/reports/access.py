"""Who may open the KRM register and reports (KRM-09, KRM-10): management, its office, area
management, team leads and their deputies."""

from __future__ import annotations

from django.utils.translation import gettext as _

from anliegen.core.errors import Forbidden
from anliegen.org.roles import Role
from anliegen.org.scope import Scope

#: Who may open the register and the reports: management, its office, area management and the
#: team leads (who see only the reactions of their teams).
REPORT_ROLES = (
    Role.MANAGEMENT,
    Role.MANAGEMENT_OFFICE,
    Role.AREA_MANAGEMENT,
    Role.TEAM_LEAD,
    Role.DEPUTY_LEAD,
)
#: The longest period of a report (and of a register filter): ten years.
MAX_PERIOD_DAYS = 3660
DEFAULT_QUARTERS = 4


def may_see_reports(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(*REPORT_ROLES)


def ensure_may_see_reports(scope: Scope) -> None:
    if not may_see_reports(scope):
        raise Forbidden(_("Only management, its office and the team leads see the KRM register."))
