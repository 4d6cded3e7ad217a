"""Periodic job of contact density (KON-02): recompute what changes without a data change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from anliegen.core import clock
from anliegen.core.periodic import register
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation
from anliegen.rules.queries import rule_set_in_force

from .actions import recompute_all
from .models import ContactSchedule


def organisations_with_new_rules(today: dt.date) -> list[Organisation]:
    """Organisations with a schedule computed under another ``contacts`` version than the one in
    force today (a new version took effect); nothing extra is stored for this check."""
    changed = []
    for organisation in Organisation.objects.order_by("id"):
        current = rule_set_in_force(organisation, "contacts", on=today)
        schedules = ContactSchedule.objects.filter(organisation=organisation)
        if current is None:
            stale = schedules.filter(rule_set__isnull=False)
        else:
            stale = schedules.exclude(rule_set=current)  # includes rows without a version
        if stale.exists():
            changed.append(organisation)
    return changed


def recompute_due(today: dt.date | None = None) -> dict[str, Any]:
    """KON-02: recompute (1) every organisation whose ``contacts`` rules changed, (2) customers
    whose ``recompute_on`` has come (a birthday crossing an age band, the end of a measure),
    (3) jobseekers who have no schedule yet (e.g. created before this app)."""
    today = today or clock.today()
    result = {"organisations": 0, "customers": 0, "reviews": 0}
    done: set[int] = set()
    for organisation in organisations_with_new_rules(today):
        counts = recompute_all(organisation, today=today)
        done.add(organisation.id)
        result["organisations"] += 1
        result["customers"] += counts.customers
        result["reviews"] += counts.reviews
    due = ContactSchedule.objects.filter(recompute_on__lte=today).exclude(organisation_id__in=done)
    missing = Customer.objects.filter(
        kind=Customer.Kind.PERSON, birth_date__isnull=False, contact_schedule__isnull=True
    ).exclude(organisation_id__in=done)
    ids = set(due.values_list("customer_id", flat=True)) | set(missing.values_list("id", flat=True))
    if ids:
        counts = recompute_all(customer_ids=ids, today=today)
        result["customers"] += counts.customers
        result["reviews"] += counts.reviews
    return result


@register(
    "contacts.recompute_due",
    every=dt.timedelta(hours=6),
    description="Recompute next contacts after birthdays, measure ends and rule changes (KON-02).",
)
def recompute_due_job() -> dict[str, Any]:
    return recompute_due()
