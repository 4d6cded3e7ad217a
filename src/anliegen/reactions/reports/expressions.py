"""Database expressions of the reports: the Berlin calendar day of a timestamp, the days between
two days, the quarter bucket of a reaction (PostgreSQL and SQLite alike)."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Value,
    When,
)
from django.db.models.functions import TruncDate

from anliegen.core import clock
from anliegen.core.clock import BERLIN
from anliegen.reactions.reports.periods import Period

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
