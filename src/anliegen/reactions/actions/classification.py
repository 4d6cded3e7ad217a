"""What a reaction is and who handles it: the kind decided by management (KRM-02), the topic
list (KRM-02a), the teams concerned and the lead team (KRM-03)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.org.models import User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope
from anliegen.reactions.actions.clocks import _reset_clocks
from anliegen.reactions.actions.common import (
    _locked,
    _require_text,
    ensure_may_act,
)
from anliegen.reactions.actions.intake import _teams, _title
from anliegen.reactions.models import (
    Reaction,
    ReactionKind,
    Topic,
)
from anliegen.reactions.routing import (
    route_reaction,
)
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS
from anliegen.work.models import Notification, Status
from anliegen.work.notify import notify


@transaction.atomic
def classify(*, actor: User, scope: Scope, reaction: Reaction, kind: str) -> Reaction:
    """Management decides the kind, above all whether a complaint is about a member of staff's
    conduct (Dienstaufsichtsbeschwerde, KRM-02); that moves the reaction to management and out of
    every team's sight, and back to the lead team's TL the other way round."""
    if reaction.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer reaction not found."))
    if not (scope.is_superuser or scope.has_role(Role.MANAGEMENT)):
        raise Forbidden(_("Only management decides the kind of a customer reaction."))
    if kind not in ReactionKind.values or kind == ReactionKind.UNCLASSIFIED:
        raise InvalidInput(_("Unknown kind of reaction."), errors={"kind": _("Unknown.")})
    reaction = _locked(reaction)
    item = reaction.item  # locked by _locked, before the reaction
    if item.status != Status.OPEN:
        raise Conflict(_("This customer reaction has already been completed."))
    old_kind = reaction.kind
    reaction.kind = kind
    reaction.classification_decided_by = actor
    reaction.classification_decided_at = clock.now()
    reaction.save(update_fields=["kind", "classification_decided_by", "classification_decided_at"])
    old_assignee = item.assignee_id
    if (old_kind in CONFIDENTIAL_REACTION_KINDS) != reaction.confidential:
        teams = [reaction.lead_team] if reaction.lead_team else []
        if not teams and not reaction.confidential:
            raise InvalidInput(
                _("Please name at least one team concerned."), errors={"teams": _("Required.")}
            )
        route = route_reaction(reaction.organisation, kind, teams)
        item.team = route.team
        item.assignee = route.assignee
    _reset_clocks(reaction, item)
    item.title = _title(kind, reaction.customer, reaction.sender_name, reaction.received_at)[:200]
    item.light_notified = ""
    item.save(
        update_fields=[
            "team",
            "assignee",
            "title",
            "due_date",
            "amber_from",
            "light_notified",
            "updated_at",
        ]
    )
    if item.assignee is not None and item.assignee_id != old_assignee and item.assignee != actor:
        notify(
            user=item.assignee,
            organisation=scope.organisation,
            kind=Notification.Kind.ITEM_ASSIGNED,
            item=item,
            params={"title": item.title},
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.classified",
        obj=reaction,
        old={"kind": old_kind, "assignee": old_assignee},
        new={"kind": kind, "assignee": item.assignee_id, "team": item.team_id},
    )
    reaction.item = item
    return reaction


# --- Topics (KRM-02a) -------------------------------------------------------------------------


@transaction.atomic
def add_topic(*, actor: User, scope: Scope, name: str) -> Topic:
    """A new entry of the organisation's topic list (management, its office, admin)."""
    if not (
        scope.is_superuser or scope.has_role(Role.MANAGEMENT, Role.MANAGEMENT_OFFICE, Role.ADMIN)
    ):
        raise Forbidden(_("You may not change the topic list."))
    name = _require_text(name, "name", _("Please enter the name of the topic."), limit=100)
    if Topic.objects.filter(organisation=scope.organisation, name__iexact=name).exists():
        raise InvalidInput(_("This topic already exists."), errors={"name": _("Already exists.")})
    topic = Topic.objects.create(organisation=scope.organisation, name=name)
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.topic_added",
        obj=topic,
        new={"name": name},
    )
    return topic


# --- Teams and lead team (KRM-03) -----------------------------------------------------------


@transaction.atomic
def set_teams(
    *, actor: User, scope: Scope, reaction: Reaction, team_ids: Sequence[int], lead_team_id: int
) -> Reaction:
    """Set the teams concerned and the lead team (federführend); for a reaction that is not
    led by management the item moves to the lead team's TL (KRM-03). Also how the management
    office assigns an online reaction that came in without a team."""
    ensure_may_act(scope, reaction)
    teams = _teams(scope, [lead_team_id, *team_ids])
    lead = teams[0]
    reaction = _locked(reaction)
    item = reaction.item  # locked by _locked, before the reaction
    if item.status != Status.OPEN:
        raise Conflict(_("This customer reaction has already been completed."))
    old = {"teams": sorted(t.id for t in reaction.teams.all()), "lead_team": reaction.lead_team_id}
    reaction.teams.set(teams)
    reaction.lead_team = lead
    reaction.save(update_fields=["lead_team"])
    old_assignee = item.assignee_id
    if not reaction.confidential and not reaction.instructions.exists():
        route = route_reaction(reaction.organisation, reaction.kind, teams)
        item.team = route.team
        item.assignee = route.assignee
        item.save(update_fields=["team", "assignee", "updated_at"])
        assignee = item.assignee
        if assignee is not None and assignee.id != old_assignee and assignee != actor:
            notify(
                user=assignee,
                organisation=scope.organisation,
                kind=Notification.Kind.ITEM_ASSIGNED,
                item=item,
                params={"title": item.title},
            )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.teams_set",
        obj=reaction,
        old=old,
        new={"teams": [t.id for t in teams], "lead_team": lead.id, "assignee": item.assignee_id},
    )
    reaction.item = item
    return reaction
