"""Who is responsible for a reaction (KRM-03): the TL of the team concerned (the deputy lead
while the TL is absent); of several teams the first is the lead team (federführend), the others
are involved; complaints about conduct and petitions are led by management (KRM-02)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from anliegen.org.models import Membership, Organisation, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import team_lead_of
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS


@dataclass(frozen=True)
class Route:
    team: Team | None  # the item's team: None keeps it out of every team worklist
    assignee: User | None


def management_of(organisation: Organisation) -> User | None:
    """The head of management (GF): the first active member with the management role."""
    membership = (
        Membership.objects.filter(
            organisation=organisation, role=Role.MANAGEMENT, user__is_active=True
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def route_reaction(
    organisation: Organisation, kind: str, teams: Sequence[Team], *, on: dt.date | None = None
) -> Route:
    if kind in CONFIDENTIAL_REACTION_KINDS:
        return Route(team=None, assignee=management_of(organisation))
    lead_team = teams[0]
    return Route(team=lead_team, assignee=team_lead_of(lead_team, on=on))


def management_office_of(organisation: Organisation) -> User | None:
    """The first active member of the management office: receives online reactions (KRM-01)
    for classification and assignment."""
    membership = (
        Membership.objects.filter(
            organisation=organisation, role=Role.MANAGEMENT_OFFICE, user__is_active=True
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None
