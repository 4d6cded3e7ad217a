"""The KRM report (KRM-10): counts by kind, channel, outcome and topic, clocks on time, processing
days and their median per quarter — all counted in the database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.org.scope import Scope
from anliegen.reactions.models import (
    Channel,
    Concern,
    Outcome,
    Reaction,
    ReactionKind,
)
from anliegen.reactions.queries import reactions_visible_to
from anliegen.reactions.reports.access import ensure_may_see_reports
from anliegen.reactions.reports.expressions import DaysBetween, _bucket
from anliegen.reactions.reports.periods import Period, Quarter
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS, sees_confidential

# --- The report (KRM-10) --------------------------------------------------------------------


@dataclass
class Row:
    """One line of a count table: the code (``""`` for none), its label and the count."""

    key: str
    label: str
    count: int


@dataclass
class ClockFigures:
    """One clock over a set of reactions: met on time, late (met late or overdue and not met),
    still running. The share is on time of those decided (on time + late), in per cent."""

    with_clock: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0

    @property
    def decided(self) -> int:
        return self.on_time + self.late

    @property
    def share(self) -> float | None:
        return round(100 * self.on_time / self.decided, 1) if self.decided else None

    def add(self, other: ClockFigures) -> None:
        self.with_clock += other.with_clock
        self.on_time += other.on_time
        self.late += other.late
        self.pending += other.pending


@dataclass
class TopicRow:
    key: str
    label: str
    count: int
    outcomes: dict[str, int]  # outcome code ("" = none yet) → concerns


@dataclass
class QuarterFigures:
    quarter: Quarter
    received: int = 0
    completed: int = 0
    acknowledgement: ClockFigures = field(default_factory=ClockFigures)
    resolution: ClockFigures = field(default_factory=ClockFigures)
    days_total: int = 0
    mean_days: float | None = None
    median_days: float | None = None


@dataclass
class Report:
    period: Period
    total: int
    completed: int
    by_kind: list[Row]
    by_channel: list[Row]
    by_team: list[Row]
    by_outcome: list[Row]
    by_topic: list[TopicRow]
    acknowledgement: ClockFigures
    resolution: ClockFigures
    mean_days: float | None
    median_days: float | None
    quarters: list[QuarterFigures]


def _kinds(scope: Scope) -> list[tuple[str, str]]:
    hidden = () if sees_confidential(scope) else CONFIDENTIAL_REACTION_KINDS
    return [(k, str(label)) for k, label in ReactionKind.choices if k not in hidden]


def outcome_choices() -> list[tuple[str, str]]:
    return [(k, str(label)) for k, label in Outcome.choices] + [("", _("no outcome yet"))]


def _rows(counts: Mapping[str, int], choices: Iterable[tuple[str, str]]) -> list[Row]:
    return [Row(key, label, counts.get(key, 0)) for key, label in choices]


def scoped(scope: Scope, period: Period | None) -> QuerySet[Reaction]:
    reactions = reactions_visible_to(scope)
    return reactions.filter(period.q()) if period is not None else reactions


def _clock_counts(prefix: str, clock_name: str, today: dt.date) -> dict[str, Count]:
    """Counts of one clock from the reaction's copies of it (``<clock_name>_due``,
    ``<clock_name>_met_on``): with it, met on time, met at all, and overdue without being met
    (late = met − on time + overdue)."""
    due, met = f"{clock_name}_due", f"{clock_name}_met_on"
    return {
        f"{prefix}_n": Count(due),
        f"{prefix}_on": Count("id", filter=Q(**{f"{met}__lte": F(due)})),
        f"{prefix}_met": Count(met),
        f"{prefix}_overdue": Count("id", filter=Q(**{f"{met}__isnull": True, f"{due}__lt": today})),
    }


def _figures(row: Mapping[str, Any], prefix: str) -> ClockFigures:
    n, on = row[f"{prefix}_n"], row[f"{prefix}_on"]
    late = row[f"{prefix}_met"] - on + row[f"{prefix}_overdue"]
    return ClockFigures(with_clock=n, on_time=on, late=late, pending=n - on - late)


def _median(histogram: Mapping[int, int]) -> float | None:
    """The median of a multiset given as value → count (as ``percentile_cont(0.5)``)."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while len(found) < 2 and wanted[len(found)] < seen:
            found.append(value)
    return (found[0] + found[1]) / 2


@contextmanager
def _reporting() -> Iterator[None]:
    """On PostgreSQL, for the report's queries only: Berlin as the session time zone (for
    ``LocalDay(session=True)``) and enough memory for the grouping to stay off the disk. Both
    are restored afterwards, also inside an outer transaction (a rollback undoes them anyway)."""
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('TimeZone'), current_setting('work_mem'), "
                "set_config('TimeZone', 'Europe/Berlin', true), set_config('work_mem', '32MB', true)"
            )
            zone, memory, _zone, _memory = cursor.fetchone()
        yield
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('TimeZone', %s, true), set_config('work_mem', %s, true)",
                [zone, memory],
            )


def build_report(scope: Scope, period: Period) -> Report:
    """Every figure of the KRM report for ``period`` (KRM-10), in four grouped queries: counts,
    clocks and processing time per quarter, kind, channel and outcome in one pass over the
    reactions; the histogram of processing days per quarter (for the medians); lead teams;
    topics."""
    ensure_may_see_reports(scope)
    with _reporting():
        return _build_report(scope, period)


def _build_report(scope: Scope, period: Period) -> Report:
    today = clock.today()
    reactions = scoped(scope, period)
    quarters = [QuarterFigures(q) for q in period.quarters]
    kinds: dict[str, int] = defaultdict(int)
    channels: dict[str, int] = defaultdict(int)
    outcomes: dict[str, int] = defaultdict(int)
    acknowledgement, resolution = ClockFigures(), ClockFigures()
    # One pass: counts, both clocks and the processing days, grouped by quarter, kind, channel,
    # outcome and days to completion (NULL while open). The days' histogram per quarter gives
    # the mean and the exact median, so no second pass over reactions and work items is needed.
    # The clocks and the day of completion are read from the reaction's own copies of them
    # (``actions.store_report_facts``), so both passes read the reactions table alone.
    days = DaysBetween("received_at", "completed_on", session=True, end_is_day=True)
    grouped = (
        reactions.annotate(b=_bucket(period))
        .values("b", "kind", "channel", "outcome")
        .annotate(
            n=Count("id"),
            done=Count("completed_on"),
            days=Sum(days),
            **_clock_counts("ack", "acknowledgement", today),
            **_clock_counts("res", "resolution", today),
        )
        .order_by()
    )
    for row in grouped:
        figures = quarters[row["b"]]
        figures.received += row["n"]
        figures.completed += row["done"]
        figures.days_total += row["days"] or 0
        figures.acknowledgement.add(_figures(row, "ack"))
        figures.resolution.add(_figures(row, "res"))
        kinds[row["kind"]] += row["n"]
        channels[row["channel"]] += row["n"]
        outcomes[row["outcome"]] += row["n"]

    histograms: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (
        reactions.filter(completed_on__isnull=False)
        .annotate(b=_bucket(period), d=days)
        .values("b", "d")
        .annotate(n=Count("id"))
        .order_by()
    ):
        histograms[row["b"]][row["d"]] = row["n"]
    overall: dict[int, int] = defaultdict(int)
    for index, figures in enumerate(quarters):
        acknowledgement.add(figures.acknowledgement)
        resolution.add(figures.resolution)
        for day_count, n in histograms[index].items():
            overall[day_count] += n
        if figures.completed:
            figures.mean_days = round(figures.days_total / figures.completed, 1)
            figures.median_days = _median(histograms[index])

    teams = {
        (r["lead_team_id"], r["lead_team__name"]): r["n"]
        for r in reactions.values("lead_team_id", "lead_team__name")
        .annotate(n=Count("id"))
        .order_by()
    }
    by_team = sorted(
        (
            Row(str(team_id or ""), name or _("no team (management)"), n)
            for (team_id, name), n in teams.items()
        ),
        key=lambda r: (-r.count, r.label),
    )

    topic_counts: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for r in (
        Concern.objects.filter(reaction__in=reactions.values("id"))
        .values("topic_id", "topic__name", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    ):
        topic_counts[(r["topic_id"], r["topic__name"])][r["outcome"]] = r["n"]
    by_topic = sorted(
        (
            TopicRow(
                str(topic_id),
                name,
                sum(values.values()),
                {key: values.get(key, 0) for key, _label in outcome_choices()},
            )
            for (topic_id, name), values in topic_counts.items()
        ),
        key=lambda r: (-r.count, r.label),
    )

    completed = sum(f.completed for f in quarters)
    days_total = sum(f.days_total for f in quarters)
    return Report(
        period=period,
        total=sum(f.received for f in quarters),
        completed=completed,
        by_kind=_rows(kinds, _kinds(scope)),
        by_channel=_rows(channels, [(k, str(v)) for k, v in Channel.choices]),
        by_team=by_team,
        by_outcome=_rows(outcomes, outcome_choices()),
        by_topic=by_topic,
        acknowledgement=acknowledgement,
        resolution=resolution,
        mean_days=round(days_total / completed, 1) if completed else None,
        median_days=_median(overall),
        quarters=quarters,
    )
