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

One module per concern: :mod:`.access` (who may open them), :mod:`.periods` (quarters and
periods), :mod:`.expressions` (database expressions), :mod:`.figures` (the report, KRM-10) and
:mod:`.register` (the register, KRM-09). Every public name stays importable from here.
"""

from anliegen.reactions.reports.access import (
    DEFAULT_QUARTERS,
    MAX_PERIOD_DAYS,
    REPORT_ROLES,
    ensure_may_see_reports,
    may_see_reports,
)
from anliegen.reactions.reports.expressions import DaysBetween, LocalDay
from anliegen.reactions.reports.figures import (
    ClockFigures,
    QuarterFigures,
    Report,
    Row,
    TopicRow,
    _median,
    build_report,
    outcome_choices,
    scoped,
)
from anliegen.reactions.reports.periods import Period, Quarter, default_period, parse_period
from anliegen.reactions.reports.register import (
    DEFAULT_SORT,
    NULLABLE,
    SORTS,
    STATES,
    RegisterFilter,
    days_of,
    last_entry,
    on_time,
    parse_register_filter,
    register,
    topics_of,
)

__all__ = [
    "DEFAULT_QUARTERS",
    "DEFAULT_SORT",
    "MAX_PERIOD_DAYS",
    "NULLABLE",
    "REPORT_ROLES",
    "SORTS",
    "STATES",
    "ClockFigures",
    "DaysBetween",
    "LocalDay",
    "Period",
    "Quarter",
    "QuarterFigures",
    "RegisterFilter",
    "Report",
    "Row",
    "TopicRow",
    "_median",
    "build_report",
    "days_of",
    "default_period",
    "ensure_may_see_reports",
    "last_entry",
    "may_see_reports",
    "on_time",
    "outcome_choices",
    "parse_period",
    "parse_register_filter",
    "register",
    "scoped",
    "topics_of",
]
