"""KRM register and reports (KRM-09, KRM-10): reading and aggregating customer reactions.

Every query starts from :func:`anliegen.reactions.queries.reactions_visible_to`, so a team lead's
figures count only the reactions they may see, and complaints about conduct and petitions are in
the figures of management and its office only (KRM-02).

All counting happens in the database (``GROUP BY`` with conditional aggregation); Python only
merges the few grouped rows. The report reads the reactions table alone: the acknowledgement
and resolution clocks and the day of completion are copied onto each reaction
(``acknowledgement_due`` … ``completed_on``) by ``actions.store_report_facts``, the one writer,
which every action that changes a reaction's clocks or completes it calls. The median processing time comes from the histogram of processing
days per quarter (``GROUP BY quarter, days``: a few hundred rows), the same on PostgreSQL and
SQLite, and equal to ``percentile_cont(0.5)``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.clock import BERLIN
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.roles import Role
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
from anliegen.reactions.queries import reactions_visible_to
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS, sees_confidential
from anliegen.work.models import Deadline, Status

#: Who may open the register and the reports: management, its office, area management and the
#: team leads (who see only the reactions of their teams).
REPORT_ROLES = (
    Role.MANAGEMENT,
    Role.MANAGEMENT_OFFICE,
    Role.AREA_MANAGEMENT,
    Role.TEAM_LEAD,
    Role.DEPUTY_LEAD,
)
#: The longest period of a report (and of a register filter): ten years.
MAX_PERIOD_DAYS = 3660
DEFAULT_QUARTERS = 4


def may_see_reports(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(*REPORT_ROLES)


def ensure_may_see_reports(scope: Scope) -> None:
    if not may_see_reports(scope):
        raise Forbidden(_("Only management, its office and the team leads see the KRM register."))


# --- Periods and quarters -------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026-Q4`` (also ``2026-4``, ``Q4/2026``) → Quarter; ValueError otherwise."""
        value = text.strip().upper().replace("Q", "")
        if "/" in value:
            number, year = value.split("/", 1)
        else:
            year, number = value.split("-", 1)
        quarter = cls(int(year), int(number))
        if not (1 <= quarter.number <= 4 and 1900 <= quarter.year <= 2999):
            raise ValueError(text)
        return quarter

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"Q{self.number}/{self.year}"

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (Berlin calendar days of receipt)."""

    start: dt.date
    end: dt.date

    @property
    def quarters(self) -> list[Quarter]:
        quarters, quarter = [], Quarter.of(self.start)
        while quarter <= Quarter.of(self.end):
            quarters.append(quarter)
            quarter = quarter.next()
        return quarters

    def q(self, prefix: str = "") -> Q:
        """Received within the period (``prefix`` e.g. ``"reaction__"``)."""
        return Q(
            **{
                f"{prefix}received_at__gte": clock.start_of_day(self.start),
                f"{prefix}received_at__lt": clock.start_of_day(self.end + dt.timedelta(days=1)),
            }
        )


def default_period(today: dt.date | None = None) -> Period:
    """The current quarter and the three before it."""
    current = Quarter.of(today or clock.today())
    first = current
    for _i in range(DEFAULT_QUARTERS - 1):
        first = first.previous()
    return Period(first.start, current.end)


def _date(value: object, field_name: str, errors: dict[str, str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007  (a calendar day)
        except ValueError:
            continue
    errors[field_name] = _("Please enter a date as YYYY-MM-DD or DD.MM.YYYY.")
    return None


def parse_period(
    start: object, end: object, *, quarter: object = None, default: Period | None = None
) -> Period | None:
    """The period of ``from``/``to`` (or a quarter like ``2026-Q4``); ``default`` for missing
    bounds. Bad input raises InvalidInput with a German message per field."""
    errors: dict[str, str] = {}
    if quarter not in (None, ""):
        try:
            q = Quarter.parse(str(quarter))
        except ValueError:
            raise InvalidInput(
                _("Please choose a quarter like 2026-Q4."),
                errors={"quarter": _("Unknown quarter.")},
            ) from None
        return Period(q.start, q.end)
    first = _date(start, "from", errors)
    last = _date(end, "to", errors)
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    if first is None and last is None:
        return default
    if first is None:
        first = default.start if default else dt.date(1900, 1, 1)
    if last is None:
        last = default.end if default and default.end >= first else clock.today()
    if last < first:
        raise InvalidInput(
            _("The end of the period lies before its start."),
            errors={"to": _("Before the start.")},
        )
    if default is not None and (last - first).days > MAX_PERIOD_DAYS:
        raise InvalidInput(
            _("A report covers at most ten years."), errors={"from": _("Period too long.")}
        )
    return Period(first, last)


# --- Database expressions -------------------------------------------------------------------


class LocalDay(TruncDate):
    """The Berlin calendar day of a timestamp. With ``session=True`` on PostgreSQL a plain
    ``::date`` cast, which is only right inside :func:`_reporting` (session time zone
    Europe/Berlin) and saves a named-zone conversion per row; otherwise ``TruncDate``."""

    def __init__(self, expression: Any, *, session: bool = False) -> None:
        super().__init__(expression, tzinfo=BERLIN)
        self.session = session

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        if not self.session:
            return self.as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        return f"({sql})::date", params


class DaysBetween(Func):
    """Calendar days (Berlin) from the day of ``start`` to the day of ``end`` (timestamps; with
    ``end_is_day`` ``end`` is a date field already)."""

    output_field = IntegerField()

    def __init__(
        self, start: Any, end: Any, *, session: bool = False, end_is_day: bool = False
    ) -> None:
        last = F(end) if end_is_day else LocalDay(end, session=session)
        super().__init__(last, LocalDay(start, session=session))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


def _bucket(period: Period) -> Case:
    """The index of the quarter of receipt within the period: plain comparisons of
    ``received_at`` with the quarters' first instants, no time-zone conversion per row."""
    quarters = period.quarters
    return Case(
        *(
            When(received_at__lt=clock.start_of_day(q.next().start), then=Value(i))
            for i, q in enumerate(quarters[:-1])
        ),
        default=Value(len(quarters) - 1),
        output_field=IntegerField(),
    )


def _days(*, session: bool = False) -> DaysBetween:
    return DaysBetween("received_at", "item__completed_at", session=session)


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
