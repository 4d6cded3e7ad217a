"""Organisation and team scope: the one helper layer every query goes through (FND-01/02/03).

Views and API handlers never filter by organisation themselves. They ask this module for the
actor's :class:`Scope` in an organisation and use ``get_<thing>_for`` helpers, which raise
:class:`~anliegen.core.errors.NotFound` for everything outside the scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import NotFound
from anliegen.org.models import Absence, Area, Membership, Organisation, Team, User
from anliegen.org.roles import (
    AREA_ROLES,
    CASEWORK_ROLES,
    LEAD_ROLES,
    ORG_WIDE_ROLES,
    SENDING_ROLES,
    SETTINGS_ROLES,
    Role,
)

if TYPE_CHECKING:
    from collections.abc import Iterable


@dataclass(frozen=True)
class Scope:
    """What one person may see in one organisation."""

    user: User
    organisation: Organisation
    roles: frozenset[str]
    team_ids: frozenset[int]
    led_team_ids: frozenset[int]
    area_ids: frozenset[int]
    is_superuser: bool = False
    #: Set when the actor is no member here but a phone agent of this service-centre region,
    #: which serves the organisation: such a scope has no roles and only sends tickets and
    #: follows those it sent (TKT-01). See :func:`sending_scope_for`.
    sending_for: Organisation | None = None
    _cache: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def org_wide(self) -> bool:
        return self.is_superuser or bool(self.roles & ORG_WIDE_ROLES)

    @property
    def is_lead(self) -> bool:
        return bool(self.led_team_ids) or self.org_wide or bool(self.roles & AREA_ROLES)

    @property
    def may_see_customers(self) -> bool:
        return self.is_superuser or bool(self.roles & CASEWORK_ROLES)

    @property
    def may_change_settings(self) -> bool:
        return self.is_superuser or bool(self.roles & SETTINGS_ROLES)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def visible_teams(self) -> QuerySet[Team]:
        """Teams whose worklists and controlling pages the actor may see."""
        teams = Team.objects.filter(organisation=self.organisation)
        if self.org_wide:
            return teams
        return teams.filter(Q(id__in=self.led_team_ids) | Q(area_id__in=self.area_ids)).distinct()

    def leads_person(self, person: User) -> bool:
        """Management, or the lead (or area management) of one of the person's teams."""
        if self.org_wide:
            return True
        teams = Membership.objects.filter(
            user=person, organisation=self.organisation, team__isnull=False
        ).values_list("team_id", flat=True)
        return any(self.may_lead_team(team_id) for team_id in teams)

    def may_lead_team(self, team_id: int) -> bool:
        if team_id in self.led_team_ids or self.org_wide:
            return True
        if self.area_ids:
            return Team.objects.filter(id=team_id, area_id__in=self.area_ids).exists()
        return False


def scope_for(user: User, organisation: Organisation) -> Scope:
    memberships = list(
        Membership.objects.filter(user=user, organisation=organisation).select_related("team")
    )
    if not memberships and not user.is_superuser:
        raise NotFound(_("Organisation not found."))
    roles = frozenset(m.role for m in memberships)
    team_ids = frozenset(m.team_id for m in memberships if m.team_id)
    led = frozenset(m.team_id for m in memberships if m.team_id and m.role in LEAD_ROLES)
    areas = frozenset(m.area_id for m in memberships if m.area_id and m.role in AREA_ROLES)
    return Scope(
        user=user,
        organisation=organisation,
        roles=roles,
        team_ids=team_ids,
        led_team_ids=led,
        area_ids=areas,
        is_superuser=user.is_superuser,
    )


def organisations_for(user: User) -> QuerySet[Organisation]:
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def get_scope_for(user: User, slug: str) -> Scope:
    """The actor's scope in the organisation ``slug``; NotFound if they are not a member."""
    if not user.is_authenticated:
        raise NotFound(_("Organisation not found."))
    try:
        organisation = Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise NotFound(_("Organisation not found.")) from None
    return scope_for(user, organisation)


def get_team_for(scope: Scope, team_id: int) -> Team:
    try:
        return scope.visible_teams().get(id=team_id)
    except Team.DoesNotExist:
        raise NotFound(_("Team not found.")) from None


def team_of(user_id: int, organisation: Organisation) -> Team | None:
    membership = (
        Membership.objects.filter(user_id=user_id, organisation=organisation, team__isnull=False)
        .select_related("team")
        .order_by("id")
        .first()
    )
    return membership.team if membership else None


def team_lead_of(team: Team, *, on: dt.date | None = None) -> User | None:
    """The team lead, or the deputy lead while the lead is absent (FND-03)."""
    on = on or clock.today()
    members = {
        m.role: m.user
        for m in Membership.objects.filter(team=team, role__in=LEAD_ROLES).select_related("user")
    }
    lead = members.get(Role.TEAM_LEAD)
    if lead is not None and not is_absent(lead, on=on):
        return lead
    return members.get(Role.DEPUTY_LEAD) or lead


def is_absent(user: User, *, on: dt.date | None = None) -> bool:
    on = on or clock.today()
    return Absence.objects.filter(user=user, start__lte=on, end__gte=on).exists()


def deputy_of(user: User, organisation: Organisation, *, on: dt.date | None = None) -> User | None:
    """Who handles ``user``'s items while they are absent on ``on`` (None if present)."""
    on = on or clock.today()
    absence = (
        Absence.objects.filter(user=user, organisation=organisation, start__lte=on, end__gte=on)
        .select_related("deputy")
        .first()
    )
    if absence is None:
        return None
    if absence.deputy is not None:
        return absence.deputy
    if user.deputy is not None:
        return user.deputy
    # The TL's deputy is the stv. TL.
    led = Membership.objects.filter(user=user, organisation=organisation, role=Role.TEAM_LEAD)
    deputy_lead = (
        Membership.objects.filter(team__in=led.values("team"), role=Role.DEPUTY_LEAD)
        .select_related("user")
        .first()
    )
    return deputy_lead.user if deputy_lead else None


def deputised_user_ids(
    user: User, organisation: Organisation, *, on: dt.date | None = None
) -> set[int]:
    """Ids of the people who are absent on ``on`` and whose deputy is ``user`` (FND-03).

    The same rules as :func:`deputy_of` (the absence's deputy, else the standing deputy, else the
    deputy lead of a team the absent person leads), in at most two queries: this runs for every
    worklist.
    """
    on = on or clock.today()
    absences = (
        Absence.objects.filter(organisation=organisation, start__lte=on, end__gte=on)
        .exclude(user=user)
        .values_list("user_id", "deputy_id", "user__deputy_id")
    )
    result: set[int] = set()
    undecided: set[int] = set()
    for absent_id, absence_deputy, standing_deputy in absences:
        deputy = absence_deputy or standing_deputy
        if deputy == user.id:
            result.add(absent_id)
        elif deputy is None:
            undecided.add(absent_id)
    if undecided:
        my_deputy_teams = Membership.objects.filter(
            user=user, organisation=organisation, role=Role.DEPUTY_LEAD
        ).values("team_id")
        result.update(
            Membership.objects.filter(
                user_id__in=undecided, role=Role.TEAM_LEAD, team_id__in=my_deputy_teams
            ).values_list("user_id", flat=True)
        )
    return result


def staff_of(organisation: Organisation, *, roles: Iterable[str] | None = None) -> QuerySet[User]:
    members = Membership.objects.filter(organisation=organisation)
    if roles is not None:
        members = members.filter(role__in=list(roles))
    return User.objects.filter(id__in=members.values("user_id"), is_active=True).order_by(
        "last_name", "first_name"
    )


def get_staff_for(scope: Scope, username: str) -> User:
    """A member of staff of the scope's organisation, by username."""
    try:
        return staff_of(scope.organisation).get(username=username)
    except User.DoesNotExist:
        raise NotFound(_("Member of staff not found.")) from None


# --- Service centres sending tickets to the organisations they serve (SOC-01, TKT-01) ---------


def sending_memberships(user: User) -> QuerySet[Membership]:
    """The user's memberships that let them send tickets: a sending role in a team of a
    service-centre area of a service-centre region."""
    return Membership.objects.filter(
        user=user,
        user__is_active=True,
        role__in=list(SENDING_ROLES),
        team__area__kind=Area.Kind.SERVICE_CENTRE,
        organisation__kind=Organisation.Kind.SERVICE_CENTRE,
    )


def served_organisations_for(
    user: User, *, service_centre: Organisation | None = None
) -> QuerySet[Organisation]:
    """The organisations the user may send tickets to as a service-centre agent (of
    ``service_centre`` only, if given)."""
    centres = sending_memberships(user)
    if service_centre is not None:
        centres = centres.filter(organisation=service_centre)
    return (
        Organisation.objects.filter(
            served_by_relations__service_centre__in=centres.values("organisation_id")
        )
        .distinct()
        .order_by("name")
    )


def sending_scope_for(
    user: User, organisation: Organisation, *, service_centre: Organisation | None = None
) -> Scope:
    """The scope of a service-centre agent in an organisation their region serves: no roles,
    no customer records, no worklists; tickets only (TKT-01). NotFound otherwise."""
    centres = Organisation.objects.filter(
        served_relations__served=organisation,
        id__in=sending_memberships(user).values("organisation_id"),
    )
    if service_centre is not None:
        centres = centres.filter(id=service_centre.id)
    centre = centres.order_by("id").first()
    if centre is None:
        raise NotFound(_("Organisation not found."))
    return Scope(
        user=user,
        organisation=organisation,
        roles=frozenset(),
        team_ids=frozenset(),
        led_team_ids=frozenset(),
        area_ids=frozenset(),
        sending_for=centre,
    )


def get_intake_scope_for(user: User, slug: str) -> Scope:
    """For the ticket intake and the tickets one sent: the member's scope in ``slug``, else the
    sending scope of a service-centre agent whose region serves it; NotFound for everyone else."""
    if not user.is_authenticated:
        raise NotFound(_("Organisation not found."))
    try:
        organisation = Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise NotFound(_("Organisation not found.")) from None
    try:
        return scope_for(user, organisation)
    except NotFound:
        return sending_scope_for(user, organisation)
