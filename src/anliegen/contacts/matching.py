"""Which contact-density row applies to a customer (KON-01). Pure Python, no Django import.

The rows of :class:`~anliegen.rules.schemas.ContactRules` are read top to bottom; the first row
whose care group, status, profile and age band fit the customer applies. The preset lists the
rows for profile Z and I first, so they win for both Ü25 groups whatever the age and status
(KON-01: "Z and I apply whatever the age and status").

:func:`match_rule` is the plain definition (a linear scan). :class:`RowIndex` gives the same answer
faster for many customers: per (care group, status, profile) it stores the age bands in which the
matching row stays the same, so a lookup is one dictionary access and one bisection, and the next
age at which the row changes (41st, 56th birthday) comes for free.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

from anliegen.rules.schemas import ContactRow, ContactRules, Interval

# The codes of CONTRACT.md (mirrors ``customers.models.Status/Profile/CareGroup`` without importing
# Django).
STATUSES: Final = ("unemployed", "seeking", "not_set", "advice_seeking")
PROFILES: Final = (
    "market",
    "activation",
    "support",
    "development",
    "stabilisation",
    "assistance",
    "integrated_i",
    "z",
)
CARE_GROUPS: Final = (
    "ue25_basis",
    "ue25_active",
    "u25",
    "case_management",
    "rehab",
    "self_employed",
)
SEEKING: Final = "seeking"
PROFILE_I: Final = "integrated_i"
PROFILE_Z: Final = "z"

_NO_LOWER_AGE: Final = -1_000_000
"""Start of the first age band: below every ``min_age`` a row can have."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactFacts:
    """What the contact-density rules need to know about one customer (KON-01, KON-02, KON-03).

    - ``care_group``, ``status``, ``profile``: the codes of CONTRACT.md.
    - ``birth_date``: the age is derived from it on the day of the computation.
    - ``created_on``: when the customer was registered ("never contacted: due now", KON-02).
    - ``last_contact``: the last documented personal contact, or a qualified phone consultation
      after a no-show (KON-07); ``None`` if there was none.
    - ``in_retraining``: *Umschüler*, exempt from the 6-month cap for seeking customers.
    - ``measure_until``: last day of the measure the customer attends (graduate management).
    - ``parental_leave_until``: last day of parental leave (review of profile Z, KON-03).
    - ``profile_since``: the day the current profile was assigned (review of profile Z, KON-03).
    - ``individual_interval``: the interval the case worker set for this customer, used by rows
      without a fixed interval (seeking customers, FM, Reha, Selbständige).
    """

    care_group: str
    status: str
    profile: str
    birth_date: dt.date
    created_on: dt.date
    last_contact: dt.date | None = None
    in_retraining: bool = False
    measure_until: dt.date | None = None
    parental_leave_until: dt.date | None = None
    profile_since: dt.date | None = None
    individual_interval: Interval | None = None


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years of life on ``on`` (§187(2), §188(2) BGB).

    Someone born on 29 February completes a year on 1 March in common years: the year of life
    ends with 28 February, the day before the birthday.
    """
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def birthday(birth_date: dt.date, age: int) -> dt.date | None:
    """The day on which someone born on ``birth_date`` reaches ``age`` (1 March for a 29 February
    birthday in a common year, consistent with :func:`age_on`); None outside the date range."""
    year = birth_date.year + age
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    try:
        return dt.date(year, birth_date.month, birth_date.day)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 3, 1)


def row_fits(row: ContactRow, facts: ContactFacts, age: int | None) -> bool:
    """Whether ``row`` applies to ``facts`` (KON-01); ``age=None`` ignores the age band.

    Empty ``statuses`` or ``profiles`` mean "any"; ``min_age`` and ``max_age`` are inclusive.
    """
    if facts.care_group not in row.care_groups:
        return False
    if row.statuses and facts.status not in row.statuses:
        return False
    if row.profiles and facts.profile not in row.profiles:
        return False
    if age is None:
        return True
    if row.min_age is not None and age < row.min_age:
        return False
    return row.max_age is None or age <= row.max_age


def match_rule(facts: ContactFacts, rules: ContactRules, on: dt.date) -> ContactRow | None:
    """KON-01: the first row of ``rules.rows`` that fits the customer, with the age derived on
    ``on``; None if no row fits (e.g. status ``not_set`` in Ü25 Basis without profile Z or I)."""
    age = age_on(facts.birth_date, on)
    for row in rules.rows:
        if row_fits(row, facts, age):
            return row
    return None


class AgeBands(NamedTuple):
    """For one (care group, status, profile): the matching row per age band.

    ``starts[i]`` is the first age of band ``i`` (ascending, the first is a sentinel below every
    age); ``rows[i]`` the index of the row in force in that band, or None. Adjacent bands always
    differ in their row.
    """

    starts: tuple[int, ...]
    rows: tuple[int | None, ...]


class RowIndex:
    """Fast, equivalent form of :func:`match_rule` for many customers (KON-01).

    Built once per rule version; the age bands of a (care group, status, profile) combination are
    computed on first use and cached.
    """

    __slots__ = ("_bands", "rows")

    def __init__(self, rows: Sequence[ContactRow]) -> None:
        self.rows: tuple[ContactRow, ...] = tuple(rows)
        self._bands: dict[tuple[str, str, str], AgeBands] = {}

    def bands(self, care_group: str, status: str, profile: str) -> AgeBands:
        key = (care_group, status, profile)
        bands = self._bands.get(key)
        if bands is None:
            bands = self._bands[key] = self._build(care_group, status, profile)
        return bands

    def _build(self, care_group: str, status: str, profile: str) -> AgeBands:
        probe = ContactFacts(
            care_group=care_group,
            status=status,
            profile=profile,
            birth_date=dt.date.min,
            created_on=dt.date.min,
        )
        candidates = [
            (index, row) for index, row in enumerate(self.rows) if row_fits(row, probe, None)
        ]
        # A row's age condition only flips at min_age and at max_age + 1.
        edges = {_NO_LOWER_AGE}
        for _, row in candidates:
            if row.min_age is not None:
                edges.add(row.min_age)
            if row.max_age is not None:
                edges.add(row.max_age + 1)
        starts: list[int] = []
        found: list[int | None] = []
        for start in sorted(edges):
            index = next(
                (
                    index
                    for index, row in candidates
                    if (row.min_age is None or row.min_age <= start)
                    and (row.max_age is None or start <= row.max_age)
                ),
                None,
            )
            if not found or found[-1] != index:
                starts.append(start)
                found.append(index)
        return AgeBands(tuple(starts), tuple(found))

    def lookup(self, facts: ContactFacts, age: int) -> tuple[int | None, int | None]:
        """(index of the matching row or None, the next age at which that changes or None)."""
        bands = self.bands(facts.care_group, facts.status, facts.profile)
        band = bisect_right(bands.starts, age) - 1
        following = band + 1
        next_age = bands.starts[following] if following < len(bands.starts) else None
        return bands.rows[band], next_age

    def match(self, facts: ContactFacts, on: dt.date) -> ContactRow | None:
        """Same result as :func:`match_rule` (KON-01)."""
        index, _ = self.lookup(facts, age_on(facts.birth_date, on))
        return None if index is None else self.rows[index]
