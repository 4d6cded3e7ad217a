"""What the engine needs to know about a customer (KON-01, KON-02, KON-07): whether contact
density applies, the last documented contact, the facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max, Q

from anliegen.contacts.matching import ContactFacts
from anliegen.contacts.models import ContactSchedule
from anliegen.core import clock
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.rules.schemas import Interval

from .rows import CustomerRow

CONTACT_KINDS = (HistoryEntry.Kind.CONSULTATION, HistoryEntry.Kind.CONTACT)
"""History entries that count as a documented contact (KON-07)."""


def schedulable(customer: Customer) -> bool:
    """Contact density applies to jobseekers with a date of birth (not to employers)."""
    return customer.kind == Customer.Kind.PERSON and customer.birth_date is not None


def last_contacts(customer_ids: Iterable[int]) -> dict[int, dt.date]:
    """The last documented contact per customer: the latest consultation or contact entry, by
    its ``contact_date`` or else the Berlin date of its time (KON-02, KON-07). One query."""
    rows = (
        HistoryEntry.objects.filter(customer_id__in=list(customer_ids), kind__in=CONTACT_KINDS)
        .values("customer_id")
        .annotate(
            dated=Max("contact_date"),
            undated=Max("at", filter=Q(contact_date__isnull=True)),
        )
    )
    result: dict[int, dt.date] = {}
    for row in rows:
        candidates = [row["dated"]] if row["dated"] is not None else []
        if row["undated"] is not None:
            candidates.append(clock.local_date(row["undated"]))
        if candidates:
            result[row["customer_id"]] = max(candidates)
    return result


def _individual(schedule: ContactSchedule | None) -> Interval | None:
    if schedule is None or not schedule.individual_interval_unit:
        return None
    if schedule.individual_interval_count is None:
        return None
    return Interval(
        unit=schedule.individual_interval_unit,  # type: ignore[arg-type]
        count=schedule.individual_interval_count,
    )


def facts_of(
    customer: Customer | CustomerRow,
    *,
    last_contact: dt.date | None,
    individual_interval: Interval | None,
) -> ContactFacts:
    """The engine's view of a customer (KON-01)."""
    assert customer.birth_date is not None
    return ContactFacts(
        care_group=customer.care_group,
        status=customer.status,
        profile=customer.profile,
        birth_date=customer.birth_date,
        created_on=clock.local_date(customer.created_at),
        last_contact=last_contact,
        in_retraining=customer.in_retraining,
        measure_until=customer.measure_until,
        parental_leave_until=customer.parental_leave_until,
        profile_since=customer.profile_since,
        individual_interval=individual_interval,
    )
