"""Reading organisation structure and absences through the actor's scope (FND-02, FND-03)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.core.errors import Forbidden, NotFound
from anliegen.org.models import Absence, Membership, Team
from anliegen.org.scope import Scope


def teams_of(scope: Scope) -> QuerySet[Team]:
    """Every team of the organisation with its area and active members (structure is no secret
    inside the organisation: everyone needs it to address reactions, tickets, deputies)."""
    members = Membership.objects.filter(user__is_active=True).select_related("user")
    return (
        Team.objects.filter(organisation=scope.organisation)
        .select_related("area")
        .prefetch_related(Prefetch("memberships", queryset=members))
        .order_by("name")
    )


def get_led_team_for(scope: Scope, team_id: int) -> Team:
    """A team whose lead view the actor may open: NotFound outside the organisation, Forbidden
    for a team they do not lead (its existence is visible through :func:`teams_of`)."""
    team = Team.objects.filter(organisation=scope.organisation, id=team_id).first()
    if team is None:
        raise NotFound(_("Team not found."))
    if not scope.may_lead_team(team.id):
        raise Forbidden()
    return team


def absences_visible_to(scope: Scope) -> QuerySet[Absence]:
    """Management sees all absences; others their own, those they deputise in, and those of the
    members of teams they lead (or of their area)."""
    absences = Absence.objects.filter(organisation=scope.organisation).select_related(
        "user", "deputy"
    )
    if scope.org_wide:
        return absences
    members = Membership.objects.filter(team__in=scope.visible_teams()).values("user_id")
    return absences.filter(Q(user=scope.user) | Q(deputy=scope.user) | Q(user__in=members))


def get_absence_for(scope: Scope, absence_id: int) -> Absence:
    try:
        return absences_visible_to(scope).get(id=absence_id)
    except Absence.DoesNotExist:
        raise NotFound() from None
