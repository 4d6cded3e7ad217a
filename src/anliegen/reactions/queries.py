"""Reading customer reactions: who sees which (KRM-02, KRM-03)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen import fristen
from anliegen.core import clock
from anliegen.core.errors import NotFound
from anliegen.org.models import Team
from anliegen.org.scope import Scope
from anliegen.reactions.models import ACKNOWLEDGEMENT, INSTRUCTION, RESOLUTION, Reaction
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS, responsible_ids, sees_confidential
from anliegen.work.models import Status


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


# --- Lists and clocks (web UI) ----------------------------------------------------------------

CLOCK_LABELS = {
    ACKNOWLEDGEMENT: gettext_lazy("Acknowledgement"),
    RESOLUTION: gettext_lazy("Resolution"),
    INSTRUCTION: gettext_lazy("Instruction"),
}


@dataclass(frozen=True)
class ClockState:
    code: str
    label: str
    due_date: dt.date
    met_at: dt.datetime | None
    light: str | None  # None once met or when the reaction is completed


def clocks_of(reaction: Reaction, today: dt.date | None = None) -> list[ClockState]:
    """The reaction's clocks (acknowledgement, resolution, instruction) with their lights."""
    today = today or clock.today()
    is_open = reaction.item.status == Status.OPEN
    result = []
    for deadline in sorted(reaction.item.deadlines.all(), key=lambda d: (d.due_date, d.id)):
        light = (
            fristen.traffic_light(today, deadline.due_date, deadline.amber_from)
            if is_open and deadline.met_at is None
            else None
        )
        result.append(
            ClockState(
                code=deadline.code,
                label=str(CLOCK_LABELS.get(deadline.code, deadline.code)),
                due_date=deadline.due_date,
                met_at=deadline.met_at,
                light=light,
            )
        )
    return result


def clock_of(reaction: Reaction, code: str) -> ClockState | None:
    return next((c for c in clocks_of(reaction) if c.code == code), None)


def filter_reactions(
    reactions: QuerySet[Reaction],
    *,
    status: str = "open",
    kind: str | None = None,
    channel: str | None = None,
    team: int | None = None,
    search: str | None = None,
    sort: str = "received",
) -> QuerySet[Reaction]:
    if status == "open":
        reactions = reactions.filter(item__status=Status.OPEN)
    elif status == "closed":
        reactions = reactions.exclude(item__status=Status.OPEN)
    if kind:
        reactions = reactions.filter(kind=kind)
    if channel:
        reactions = reactions.filter(channel=channel)
    if team:
        reactions = reactions.filter(teams__id=team).distinct()
    if search:
        number = search.upper().removeprefix("KRM-").strip()
        match = Q(customer__last_name__icontains=search) | Q(customer__first_name__icontains=search)
        match |= Q(sender_name__icontains=search) | Q(customer__customer_number=search)
        if number.isdigit():
            match |= Q(id=int(number))
        reactions = reactions.filter(match)
    orders: dict[str, list[Any]] = {
        "received": ["-received_at", "-id"],
        "received_asc": ["received_at", "id"],
        "due": [F("item__due_date").asc(nulls_last=True), "-received_at"],
    }
    order = orders.get(sort, orders["received"])
    return reactions.order_by(*order).prefetch_related("item__deadlines", "teams")
