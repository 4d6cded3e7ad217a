"""When a customer is due for the next contact (KON-01, KON-02, KON-03). Pure Python, no Django.

Inputs are :class:`~anliegen.contacts.matching.ContactFacts` and the typed
:class:`~anliegen.rules.schemas.ContactRules` in force; month and week arithmetic comes from the
deadline engine (:func:`anliegen.fristen.add_months`, §188(2),(3) BGB, and
:func:`anliegen.fristen.add_weeks`).

Order of the decisions in :meth:`ContactMatcher.next_contact` (KON-02):

1. **Never contacted** → due on the day the customer was registered (or today if that lies
   ahead): "never contacted: due now". Reason ``never_contacted``.
2. **In a measure** (``measure_until`` ≥ today; any care group) → the graduate management
   invites: due ``measure_lead_weeks`` weeks before the measure ends (KON-01 decision). Reason
   ``measure``. *Decision:* once a contact has been documented on or after that day, the graduate
   contact has taken place and the ordinary rule applies again from that contact — otherwise the
   customer would stay overdue until the measure ends.
3. **Row with an interval** → last contact + interval. Reason ``rule``.
4. **Row without an interval** (individual):
   - with the case worker's ``individual_interval`` → last contact + that interval, reason
     ``individual``;
   - *seeking* customers of a row that lists status ``seeking`` (Ü25 Basis, *asu*) are never
     left more than ``seeking_max_months`` (6) months without contact, except *Umschüler*
     (``in_retraining``) and profile I: the date is capped at last contact + 6 months, reason
     ``individual_capped``; without an individual interval the cap is the due date;
   - *decision:* FM, Reha, Selbständige (or an exempt seeking customer) without an individual
     interval get a safety default of last contact + 6 months, reason ``individual`` and the
     label "individuell – Intervall bitte festlegen", so that the due date is never empty.
5. **No row fits** (e.g. status ``not_set`` in Ü25 Basis without profile Z or I, or a seeking
   customer of the BJO teams) → *decision:* last contact + ``seeking_max_months`` months, reason
   ``no_rule``.

Due dates are **not** moved off weekends or holidays (KON-02 decision): they mark when the
invitation falls due, not a legal deadline. An individual interval is ignored where the row has a
fixed interval (the rule wins). Profile Z is reviewed separately (:func:`profile_review_date`,
KON-03); the 12-month Z row also applies to seeking customers (Z applies whatever the status).

``NextContact.recompute_on`` is the first day on which the result changes although no data
changed: the birthday on which another row starts to apply (41st, 56th; the 25th is a change of
care group and not automatic), or the day after the measure ends (``measure_until`` + 1: the
measure applies up to and including ``measure_until``). Callers store it and recompute then;
every change of rules, status, profile, care group or contacts recomputes anyway (KON-02).

Invalid input is rejected by :func:`validate_facts` and :func:`validate_individual_interval` with
:class:`ContactInputError` (a :class:`ValueError` with German messages per field); the
computations themselves do not validate, to stay fast.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal, NamedTuple

from anliegen.fristen import add_months, add_weeks
from anliegen.rules.schemas import ContactRow, ContactRules, Interval

from .matching import (
    CARE_GROUPS,
    PROFILE_I,
    PROFILE_Z,
    PROFILES,
    SEEKING,
    STATUSES,
    ContactFacts,
    RowIndex,
    age_on,
    birthday,
    row_fits,
)

Reason = Literal["rule", "individual", "individual_capped", "measure", "never_contacted", "no_rule"]

NEVER_CONTACTED_LABEL: Final = "noch kein Kontakt – sofort fällig"
INDIVIDUAL_UNSET_LABEL: Final = "individuell – Intervall bitte festlegen"
SAFETY_INTERVAL: Final = Interval(unit="months", count=6)
"""Decision: due date for individual rows while no individual interval has been set."""
MIN_INDIVIDUAL_WEEKS: Final = 1
MAX_INDIVIDUAL_MONTHS: Final = 24
EARLIEST_BIRTH_DATE: Final = dt.date(1900, 1, 1)
MIN_AGE: Final = 15

_ONE_DAY: Final = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class NextContact:
    """The next contact of one customer (KON-02).

    - ``due_date``: when the invitation falls due (never moved off weekends).
    - ``rule_label``: German, the row's label or a fixed label for the special cases.
    - ``reason``: ``rule``, ``individual``, ``individual_capped``, ``measure``,
      ``never_contacted`` or ``no_rule`` (see the module docstring).
    - ``interval``: the interval ``due_date`` was computed with (``due_date`` = last contact +
      ``interval``), None for ``never_contacted`` and ``measure``.
    - ``recompute_on``: the next day on which the result changes without a data change, or None.
    """

    due_date: dt.date
    rule_label: str
    reason: Reason
    interval: Interval | None
    recompute_on: dt.date | None


class ContactInputError(ValueError):
    """Invalid contact data; ``errors`` maps field names to German messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def describe_interval(interval: Interval) -> str:
    """German wording of an interval: "4 Wochen", "1 Monat"."""
    if interval.unit == "weeks":
        return _plural(interval.count, "Woche", "Wochen")
    return _plural(interval.count, "Monat", "Monate")


def add_interval(start: dt.date, interval: Interval) -> dt.date:
    """``start`` + ``interval``: months as in §188(2),(3) BGB (31.01. + 1 month = 28./29.02.),
    weeks to the same weekday; no move off weekends (KON-02)."""
    if interval.unit == "months":
        return add_months(start, interval.count)
    return add_weeks(start, interval.count)


def subtract_months(day: dt.date, n: int) -> dt.date:
    """``day`` − n months: the same day number, or the last day of a shorter month (the mirror
    of §188(3) BGB: 31.05. − 3 months = 28./29.02.)."""
    years, month_index = divmod(day.month - 1 - n, 12)
    year, month = day.year + years, month_index + 1
    if year < dt.MINYEAR:
        raise ValueError("Das Datum liegt außerhalb des unterstützten Datumsbereichs.")
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@cache
def shortest_span_days(months: int) -> int:
    """The fewest days ``months`` months can span (6 months: 181 days, 31.08. → 28.02.).

    A week interval fits into a month limit only if it fits for every start date.
    """
    start = dt.date(2024, 1, 1)  # a full leap cycle covers every month length
    return min(
        (add_months(day, months) - day).days
        for day in (start + dt.timedelta(days=offset) for offset in range(4 * 366))
    )


def _fits_within(interval: Interval, months: int) -> bool:
    if interval.unit == "months":
        return interval.count <= months
    return interval.count * 7 <= shortest_span_days(months)


def cap_applies(facts: ContactFacts, rules: ContactRules) -> bool:
    """KON-01: whether the 6-month cap for seeking customers (*asu*) binds this customer.

    It does for status ``seeking`` in a care group with an individual row that lists ``seeking``
    (Ü25 Basis), except *Umschüler* and profile I. The age band is ignored here.
    """
    if facts.status != SEEKING or facts.in_retraining or facts.profile == PROFILE_I:
        return False
    return any(
        row.interval is None and SEEKING in row.statuses and row_fits(row, facts, None)
        for row in rules.rows
    )


class _Row(NamedTuple):
    label: str
    interval: Interval | None
    seeking: bool
    """Individual row listing status ``seeking``: the cap may apply."""


class ContactMatcher:
    """The contact-density rules of one version, prepared once for many customers (KON-01/02).

    ``ContactMatcher(rules).next_contact(facts, today)`` equals :func:`next_contact`; use one
    matcher for a batch (:meth:`next_contacts`) so that the rules are prepared only once.
    """

    __slots__ = (
        "_cap",
        "_cap_interval",
        "_index",
        "_lead",
        "_measure_label",
        "_no_rule_label",
        "_rows",
        "rules",
    )

    def __init__(self, rules: ContactRules) -> None:
        self.rules = rules
        self._index = RowIndex(rules.rows)
        self._rows = tuple(
            _Row(row.label, row.interval, row.interval is None and SEEKING in row.statuses)
            for row in rules.rows
        )
        self._cap = rules.seeking_max_months
        self._cap_interval = Interval(unit="months", count=rules.seeking_max_months)
        self._lead = dt.timedelta(weeks=rules.measure_lead_weeks)
        lead = rules.measure_lead_weeks
        when = (
            "zum Maßnahmeende"
            if lead == 0
            else f"{_plural(lead, 'Woche', 'Wochen')} vor Maßnahmeende"
        )
        self._measure_label = f"Maßnahme: Absolventenmanagement ({when})"
        self._no_rule_label = (
            f"keine Regel – spätestens nach {_plural(self._cap, 'Monat', 'Monaten')}"
        )

    def match(self, facts: ContactFacts, on: dt.date) -> ContactRow | None:
        """KON-01: the row in force for ``facts`` on ``on`` (same as :func:`match_rule`)."""
        return self._index.match(facts, on)

    def next_contact(self, facts: ContactFacts, today: dt.date) -> NextContact:
        """KON-02: the next contact of one customer as seen on ``today``."""
        last = facts.last_contact
        if last is None:
            created = facts.created_on
            return NextContact(
                created if created < today else today,
                NEVER_CONTACTED_LABEL,
                "never_contacted",
                None,
                None,
            )
        measure_until = facts.measure_until
        if measure_until is not None and measure_until >= today:
            measure_due = measure_until - self._lead
            if last < measure_due:
                return NextContact(
                    measure_due,
                    self._measure_label,
                    "measure",
                    None,
                    measure_until + _ONE_DAY if measure_until < dt.date.max else None,
                )
        birth = facts.birth_date
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        index, next_age = self._index.lookup(facts, age)
        recompute_on = None if next_age is None else birthday(birth, next_age)
        if index is None:
            return NextContact(
                add_months(last, self._cap),
                self._no_rule_label,
                "no_rule",
                self._cap_interval,
                recompute_on,
            )
        row = self._rows[index]
        if row.interval is not None:
            return NextContact(
                add_interval(last, row.interval), row.label, "rule", row.interval, recompute_on
            )
        capped = (
            row.seeking
            and facts.status == SEEKING
            and not facts.in_retraining
            and facts.profile != PROFILE_I
        )
        individual = facts.individual_interval
        if individual is not None:
            due = add_interval(last, individual)
            if capped:
                latest = add_months(last, self._cap)
                if due > latest:
                    return NextContact(
                        latest, row.label, "individual_capped", self._cap_interval, recompute_on
                    )
            return NextContact(due, row.label, "individual", individual, recompute_on)
        if capped:
            return NextContact(
                add_months(last, self._cap),
                row.label,
                "individual_capped",
                self._cap_interval,
                recompute_on,
            )
        return NextContact(
            add_interval(last, SAFETY_INTERVAL),
            INDIVIDUAL_UNSET_LABEL,
            "individual",
            SAFETY_INTERVAL,
            recompute_on,
        )

    def next_contacts(self, facts: Iterable[ContactFacts], today: dt.date) -> list[NextContact]:
        """KON-02 for many customers: ``[self.next_contact(f, today) for f in facts]``."""
        compute = self.next_contact
        return [compute(item, today) for item in facts]


def next_contact(facts: ContactFacts, rules: ContactRules, today: dt.date) -> NextContact:
    """KON-02: the next contact of one customer (see the module docstring for the order of the
    decisions). For many customers use :class:`ContactMatcher` or :func:`next_contacts`."""
    return ContactMatcher(rules).next_contact(facts, today)


def next_contacts(
    facts: Iterable[ContactFacts], rules: ContactRules, today: dt.date
) -> list[NextContact]:
    """KON-02 for many customers; the rules are prepared once."""
    return ContactMatcher(rules).next_contacts(facts, today)


def profile_review_date(facts: ContactFacts, rules: ContactRules) -> dt.date | None:
    """KON-03: when profile Z is reviewed, None for any other profile.

    The earlier of ``profile_since`` + ``review_z_months`` (6) months and ``parental_leave_until``
    − ``review_before_parental_leave_end_months`` (3) months; the parental-leave date only counts
    if parental leave is recorded and that date lies after the assignment. Without
    ``profile_since`` only the parental-leave date is available (None if that is missing too).
    """
    if facts.profile != PROFILE_Z:
        return None
    candidates: list[dt.date] = []
    since = facts.profile_since
    if since is not None:
        candidates.append(add_months(since, rules.review_z_months))
    leave_until = facts.parental_leave_until
    if leave_until is not None:
        before_end = subtract_months(leave_until, rules.review_before_parental_leave_end_months)
        if since is None or before_end > since:
            candidates.append(before_end)
    return min(candidates, default=None)


def validate_individual_interval(
    facts: ContactFacts, interval: Interval, rules: ContactRules
) -> None:
    """Reject an individual interval the case worker may not set (KON-01, bad input).

    At least 1 week, at most 24 months; for seeking customers under the cap (:func:`cap_applies`)
    at most ``seeking_max_months`` months. Week intervals are compared with the shortest span of
    the month limit (6 months ≥ 181 days, so at most 25 weeks). Raises :class:`ContactInputError`
    with a German message under the key ``individual_interval``.
    """
    message: str | None = None
    if interval.unit not in ("weeks", "months"):
        message = "Die Einheit des Kontaktintervalls muss Wochen oder Monate sein."
    elif interval.count < MIN_INDIVIDUAL_WEEKS:
        message = "Das individuelle Kontaktintervall muss mindestens 1 Woche betragen."
    elif not _fits_within(interval, MAX_INDIVIDUAL_MONTHS):
        message = (
            f"Das individuelle Kontaktintervall darf höchstens {MAX_INDIVIDUAL_MONTHS} Monate "
            f"betragen (bei Wochen höchstens {shortest_span_days(MAX_INDIVIDUAL_MONTHS) // 7})."
        )
    elif cap_applies(facts, rules) and not _fits_within(interval, rules.seeking_max_months):
        cap = rules.seeking_max_months
        message = (
            "Arbeitsuchende Kunden dürfen höchstens "
            f"{_plural(cap, 'Monat', 'Monate')} ohne Kontakt bleiben (Ausnahme: Umschüler und "
            f"Profillage I). Das individuelle Kontaktintervall darf daher höchstens "
            f"{_plural(cap, 'Monat', 'Monate')} bzw. "
            f"{_plural(shortest_span_days(cap) // 7, 'Woche', 'Wochen')} betragen, nicht "
            f"{describe_interval(interval)}."
        )
    if message is not None:
        raise ContactInputError({"individual_interval": message})


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def validate_facts(facts: ContactFacts, today: dt.date, rules: ContactRules | None = None) -> None:
    """Reject impossible customer data before it is used (KON-01, KON-02; bad input).

    Checks: known codes (CONTRACT.md); birth date not in the future, not before 01.01.1900, at
    least 15 years old; registration, last contact and profile assignment not in the future;
    last contact not before birth. With ``rules`` the individual interval is checked as well
    (:func:`validate_individual_interval`). Raises :class:`ContactInputError` listing every
    problem per field, in German.
    """
    errors: dict[str, str] = {}
    for field, value, allowed, what in (
        ("care_group", facts.care_group, CARE_GROUPS, "Unbekannte Betreuungsgruppe"),
        ("status", facts.status, STATUSES, "Unbekannter Status"),
        ("profile", facts.profile, PROFILES, "Unbekannte Profillage"),
    ):
        if value not in allowed:
            errors[field] = f"{what} „{value}“. Erlaubt sind: {', '.join(allowed)}."
    dates = {
        "birth_date": (facts.birth_date, False),
        "created_on": (facts.created_on, False),
        "last_contact": (facts.last_contact, True),
        "measure_until": (facts.measure_until, True),
        "parental_leave_until": (facts.parental_leave_until, True),
        "profile_since": (facts.profile_since, True),
    }
    for field, (day, optional) in dates.items():
        if day is None and optional:
            continue
        if not _is_date(day):
            errors[field] = "Bitte ein gültiges Datum angeben."
    birth = facts.birth_date
    if "birth_date" not in errors:
        if birth > today:
            errors["birth_date"] = "Das Geburtsdatum darf nicht in der Zukunft liegen."
        elif birth < EARLIEST_BIRTH_DATE:
            errors["birth_date"] = "Das Geburtsdatum darf nicht vor dem 01.01.1900 liegen."
        elif age_on(birth, today) < MIN_AGE:
            errors["birth_date"] = f"Die Person muss mindestens {MIN_AGE} Jahre alt sein."
    if "created_on" not in errors and facts.created_on > today:
        errors["created_on"] = "Das Anlagedatum darf nicht in der Zukunft liegen."
    last = facts.last_contact
    if last is not None and "last_contact" not in errors:
        if last > today:
            errors["last_contact"] = "Der letzte Kontakt darf nicht in der Zukunft liegen."
        elif "birth_date" not in errors and last < birth:
            errors["last_contact"] = "Der letzte Kontakt darf nicht vor dem Geburtsdatum liegen."
    since = facts.profile_since
    if since is not None and "profile_since" not in errors and since > today:
        errors["profile_since"] = "Die Profillage darf nicht in der Zukunft zugeordnet sein."
    if rules is not None and facts.individual_interval is not None:
        try:
            validate_individual_interval(facts, facts.individual_interval, rules)
        except ContactInputError as error:
            errors.update(error.errors)
    if errors:
        raise ContactInputError(errors)
