"""Where a new ticket goes (TKT-01): the customer's contact person in that area, else the area
team's inbox for the team lead to assign."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput
from anliegen.customers.models import Customer
from anliegen.org.models import Membership, Organisation, Team, User
from anliegen.org.roles import LEAD_ROLES


@dataclass(frozen=True)
class Route:
    team: Team
    assignee: User | None


def area_teams(organisation: Organisation, area: str) -> list[Team]:
    return list(
        Team.objects.filter(organisation=organisation, area__kind=area)
        .select_related("area__site")
        .order_by("id")
    )


def route_ticket(organisation: Organisation, area: str, customer: Customer) -> Route:
    person = customer.contact_person
    if person is not None and person.is_active:
        # The contact person's team in the area (one query; the area's teams only if needed).
        membership = (
            Membership.objects.filter(
                user=person, team__organisation=organisation, team__area__kind=area
            )
            .exclude(role__in=LEAD_ROLES)
            .select_related("team__area__site")
            .first()
        )
        if membership is not None and membership.team is not None:
            return Route(team=membership.team, assignee=person)
    teams = area_teams(organisation, area)
    if not teams:
        raise InvalidInput(
            _("The organisation has no team in this area."), errors={"area": _("No team.")}
        )
    return Route(team=teams[0], assignee=None)


def team_in_area_of(user: User, organisation: Organisation, area: str) -> Team | None:
    membership = (
        Membership.objects.filter(user=user, organisation=organisation, team__area__kind=area)
        .select_related("team__area__site")
        .first()
    )
    return membership.team if membership else None
