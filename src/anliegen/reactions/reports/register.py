"""The KRM register (KRM-09): filters, sorting and paging over the visible reactions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    F,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.scope import Scope
from anliegen.reactions.models import (
    ACKNOWLEDGEMENT,
    RESOLUTION,
    Channel,
    Concern,
    Outcome,
    Reaction,
    ReactionKind,
)
from anliegen.reactions.reports.access import ensure_may_see_reports
from anliegen.reactions.reports.expressions import _days
from anliegen.reactions.reports.figures import scoped
from anliegen.reactions.reports.periods import Period, parse_period
from anliegen.work.models import Deadline, Status

# --- The register (KRM-09) ------------------------------------------------------------------

STATES = ("open", "closed", "awaiting")

#: Sort keys of the register → ``order_by`` (``-key`` sorts descending).
SORTS = {
    "received": ("received_at", "id"),
    "reference": ("id",),
    "kind": ("kind", "received_at", "id"),
    "channel": ("channel", "received_at", "id"),
    "team": ("lead_team__name", "received_at", "id"),
    "outcome": ("outcome", "received_at", "id"),
    "days": ("days_sort", "received_at", "id"),
    "entry": ("register_entry_at", "received_at", "id"),
}
DEFAULT_SORT = "-received"
NULLABLE = {"days_sort", "register_entry_at", "lead_team__name"}


@dataclass(frozen=True)
class RegisterFilter:
    period: Period | None = None
    kind: str = ""
    channel: str = ""
    team: int | None = None
    topic: int | None = None
    outcome: str = ""
    state: str = ""
    sort: str = DEFAULT_SORT

    @property
    def active(self) -> bool:
        return any(
            (self.period, self.kind, self.channel, self.team, self.topic, self.outcome, self.state)
        )


def _int(value: object, field_name: str, errors: dict[str, str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value))
    except ValueError:
        errors[field_name] = _("Please choose from the list.")
        return None


def parse_register_filter(params: Mapping[str, Any]) -> RegisterFilter:
    """The register filter from query parameters (web and API share it); German errors."""
    errors: dict[str, str] = {}
    period = None
    try:
        period = parse_period(params.get("from"), params.get("to"), quarter=params.get("quarter"))
    except InvalidInput as exc:
        errors.update(exc.errors)
    kind = str(params.get("kind") or "")
    if kind and kind not in ReactionKind.values:
        errors["kind"] = _("Unknown kind of reaction.")
    channel = str(params.get("channel") or "")
    if channel and channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    outcome = str(params.get("outcome") or "")
    if outcome and outcome not in [*Outcome.values, "none"]:
        errors["outcome"] = _("Unknown outcome.")
    state = str(params.get("state") or "")
    if state and state not in STATES:
        errors["state"] = _("Unknown state.")
    sort = str(params.get("sort") or DEFAULT_SORT)
    if sort.lstrip("-") not in SORTS:
        errors["sort"] = _("Unknown sort order.")
    team = _int(params.get("team"), "team", errors)
    topic = _int(params.get("topic"), "topic", errors)
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    return RegisterFilter(period, kind, channel, team, topic, outcome, state, sort)


def _clock_subquery(code: str, column: str) -> Subquery:
    return Subquery(
        Deadline.objects.filter(item_id=OuterRef("item_id"), code=code).values(column)[:1]
    )


def register(scope: Scope, selected: RegisterFilter) -> QuerySet[Reaction]:
    """The register rows (KRM-09): visible reactions, filtered and sorted, with both clocks
    annotated (see :func:`days_of` for the days to resolution). Unpaged: the caller pages or
    exports. Only what the rows show is joined, so the page and its count stay cheap."""
    ensure_may_see_reports(scope)
    rows = scoped(scope, selected.period)
    if selected.kind:
        rows = rows.filter(kind=selected.kind)
    if selected.channel:
        rows = rows.filter(channel=selected.channel)
    if selected.team is not None:
        rows = rows.filter(lead_team_id=selected.team)
    if selected.topic is not None:
        rows = rows.filter(
            id__in=Concern.objects.filter(topic_id=selected.topic).values("reaction_id")
        )
    if selected.outcome:
        rows = rows.filter(outcome="" if selected.outcome == "none" else selected.outcome)
    if selected.state == "open":
        rows = rows.filter(item__status=Status.OPEN)
    elif selected.state == "closed":
        rows = rows.exclude(item__status=Status.OPEN)
    elif selected.state == "awaiting":
        rows = rows.filter(register_entry_at__isnull=True).exclude(outcome="")
    descending = selected.sort.startswith("-")
    if selected.sort.lstrip("-") == "days":
        rows = rows.annotate(days_sort=_days())
    # Empty values last; plain order on columns that are never empty (so an index can serve it).
    last = {"nulls_last": True}
    order = [
        (F(name).desc if descending else F(name).asc)(**(last if name in NULLABLE else {}))
        for name in SORTS[selected.sort.lstrip("-")]
    ]
    return (
        rows.annotate(
            # The due days are the reaction's own copies (``acknowledgement_due``,
            # ``resolution_due``); the moments met come from the clocks themselves.
            acknowledgement_met=_clock_subquery(ACKNOWLEDGEMENT, "met_at"),
            resolution_met=_clock_subquery(RESOLUTION, "met_at"),
        )
        .select_related(None)
        .select_related("item", "lead_team", "register_entry_by")
        .prefetch_related(
            Prefetch("concerns", queryset=Concern.objects.select_related("topic").order_by("id"))
        )
        .order_by(*order)
    )


def days_of(reaction: Reaction) -> int | None:
    """Calendar days (Berlin) from receipt to completion; None while open."""
    completed = reaction.item.completed_at
    if completed is None:
        return None
    return (clock.local_date(completed) - clock.local_date(reaction.received_at)).days


def on_time(due: dt.date | None, met: dt.datetime | None) -> bool | None:
    """Whether a clock was met on time: None while it runs (or without the clock)."""
    if due is None:
        return None
    if met is None:
        return False if due < clock.today() else None
    return clock.local_date(met) <= due


def topics_of(reaction: Reaction) -> str:
    return ", ".join(c.topic.name for c in reaction.concerns.all())


def last_entry(scope: Scope) -> dt.datetime | None:
    """When the register was last written (for the page header)."""
    return scoped(scope, None).aggregate(last=Max("register_entry_at"))["last"]
