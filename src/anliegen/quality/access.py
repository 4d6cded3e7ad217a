"""Who may do what in the quality procedure.

* The overview, the deviations and the reports: management (GF), the GF office,
  administrators, area management and team leads (``may_view``).
* Deviations (QS-07) are proposed and consented by the central management (GF) and by the
  leadership of the site: the area management of an area at that site, or a team lead of a
  team at that site.
* Surveys (QS-04): management, the GF office and administrators create and close them.
"""

from __future__ import annotations

from django.db.models import Q

from anliegen.org.models import Membership, Site
from anliegen.org.roles import Role
from anliegen.org.scope import Scope

from .models import DeviationConsent

VIEW_ROLES = (
    Role.MANAGEMENT,
    Role.MANAGEMENT_OFFICE,
    Role.ADMIN,
    Role.AREA_MANAGEMENT,
    Role.TEAM_LEAD,
)
SURVEY_ROLES = (Role.MANAGEMENT, Role.MANAGEMENT_OFFICE, Role.ADMIN)


def may_view(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(*VIEW_ROLES)


def may_manage_surveys(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(*SURVEY_ROLES)


def is_central(scope: Scope) -> bool:
    """The central management (GF)."""
    return scope.has_role(Role.MANAGEMENT)


def leads_site(scope: Scope, site: Site) -> bool:
    """Area management of an area at the site, or a team lead of a team at the site. The
    smaller site of a tandem is led from its main site (its teams and area sit there)."""
    sites = [site.pk] + ([site.tandem_main_id] if site.tandem_main_id else [])
    return Membership.objects.filter(
        Q(role=Role.AREA_MANAGEMENT, area__site__in=sites)
        | Q(role=Role.TEAM_LEAD, team__area__site__in=sites),
        user=scope.user,
        organisation=scope.organisation,
    ).exists()


def sides_of(scope: Scope, site: Site) -> list[str]:
    """The sides of a deviation of ``site`` this person may consent for."""
    sides: list[str] = []
    if is_central(scope):
        sides.append(DeviationConsent.Side.CENTRAL)
    if leads_site(scope, site):
        sides.append(DeviationConsent.Side.SITE)
    return sides


def may_consent_any(scope: Scope) -> bool:
    """May propose or consent deviations of at least one site (for showing the forms)."""
    return (
        is_central(scope)
        or Membership.objects.filter(
            Q(role=Role.AREA_MANAGEMENT, area__isnull=False) | Q(role=Role.TEAM_LEAD),
            user=scope.user,
            organisation=scope.organisation,
        ).exists()
    )


def may_record_urgent(scope: Scope) -> bool:
    """QS-02: case workers and the reception (every casework role)."""
    return scope.may_see_customers
