"""Reading customer reactions: who sees which (KRM-02, KRM-03)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.core.errors import NotFound
from anliegen.org.models import Team
from anliegen.org.scope import Scope
from anliegen.reactions.models import Reaction
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS, responsible_ids, sees_confidential


def _led_teams(scope: Scope) -> QuerySet[Team]:
    """The teams the actor leads as TL, stv. TL or BL (not org-wide: an admin leads none)."""
    return Team.objects.filter(organisation=scope.organisation).filter(
        Q(id__in=scope.led_team_ids) | Q(area_id__in=scope.area_ids)
    )


def reactions_visible_to(scope: Scope) -> QuerySet[Reaction]:
    """Management and its office see every reaction. Complaints about conduct and petitions only
    they see (KRM-02), whoever else is named on them. Other reactions: the leads of the teams
    concerned (lead or involved) and the person responsible and their deputy. The employees
    concerned are only notified; providers, administrators and case workers see none."""
    reactions = Reaction.objects.filter(organisation=scope.organisation).select_related(
        "item", "item__assignee", "customer", "lead_team"
    )
    if sees_confidential(scope):
        return reactions
    teams = Reaction.teams.through.objects.filter(team__in=_led_teams(scope)).values("reaction_id")
    return reactions.exclude(kind__in=CONFIDENTIAL_REACTION_KINDS).filter(
        Q(id__in=teams) | Q(item__assignee_id__in=responsible_ids(scope))
    )


def get_reaction_for(scope: Scope, reaction_id: int) -> Reaction:
    try:
        return reactions_visible_to(scope).get(id=reaction_id)
    except (Reaction.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Customer reaction not found.")) from None


def awaiting_register_entry(scope: Scope) -> QuerySet[Reaction]:
    """Completed reactions the management office has still to enter in the register (KRM-09)."""
    return reactions_visible_to(scope).filter(register_entry_at__isnull=True).exclude(outcome="")
