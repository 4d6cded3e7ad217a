"""Shared by the reaction actions: input checks, who may act on a reaction, the row lock and the
report facts copied from the clocks (KRM-10)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.core.text import ensure_plain
from anliegen.org.scope import Scope
from anliegen.reactions.models import (
    ACKNOWLEDGEMENT,
    RESOLUTION,
    Reaction,
)
from anliegen.work.access import responsible_ids, sees_confidential
from anliegen.work.locking import lock_with_item
from anliegen.work.models import Deadline, WorkItem

MAX_TEXT = 20000
CLOCK_SKEW = dt.timedelta(minutes=10)
PRIORITY = 3


def _require_text(value: str, field: str, message: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, errors={field: _("Required.")})
    ensure_plain(**{field: value})
    if len(value) > limit:
        raise InvalidInput(
            _("The text is too long (at most %(n)d characters).") % {"n": limit},
            errors={field: _("Too long.")},
        )
    return value


def _fail(errors: dict[str, str]) -> None:
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)


# --- Who may act ------------------------------------------------------------------------------


def ensure_may_act(scope: Scope, reaction: Reaction) -> None:
    """Management and its office; for other reactions also the person responsible, their
    deputy and the leads of the lead team (TL, stv. TL, BL of its area)."""
    if reaction.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer reaction not found."))
    if sees_confidential(scope):
        return
    if reaction.confidential:
        raise NotFound(_("Customer reaction not found."))
    if reaction.item.assignee_id in responsible_ids(scope):
        return
    team = reaction.lead_team
    if team is not None and (team.id in scope.led_team_ids or team.area_id in scope.area_ids):
        return
    raise Forbidden(_("You are not responsible for this customer reaction."))


def _locked(reaction: Reaction) -> Reaction:
    """Lock the reaction's work item, then the reaction (the one lock order of
    :mod:`anliegen.work.locking`); ``reaction.item`` is the locked item."""
    return lock_with_item(reaction)


def store_report_facts(reaction: Reaction) -> None:
    """Copy the acknowledgement and resolution clocks (due day, Berlin day met) and the day of
    completion onto the reaction for the KRM report (KRM-10). The one writer of these fields:
    every action that changes a reaction's clocks or completes it calls this afterwards."""
    completed_at = WorkItem.objects.values_list("completed_at", flat=True).get(id=reaction.item_id)
    clocks = {
        d.code: d
        for d in Deadline.objects.filter(
            item_id=reaction.item_id, code__in=(ACKNOWLEDGEMENT, RESOLUTION)
        )
    }
    ack, res = clocks.get(ACKNOWLEDGEMENT), clocks.get(RESOLUTION)
    facts = {
        "acknowledgement_due": ack.due_date if ack else None,
        "acknowledgement_met_on": clock.local_date(ack.met_at) if ack and ack.met_at else None,
        "resolution_due": res.due_date if res else None,
        "resolution_met_on": clock.local_date(res.met_at) if res and res.met_at else None,
        "completed_on": clock.local_date(completed_at) if completed_at else None,
    }
    Reaction.objects.filter(id=reaction.id).update(**facts)
    for name, value in facts.items():
        setattr(reaction, name, value)
