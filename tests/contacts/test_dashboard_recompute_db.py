"""KON-02 at scale (benchmark KON): ``recompute_all`` writes only changed schedules (with
``executemany``) and leaves unchanged ones alone — the stored result equals ``recompute_for``."""

from __future__ import annotations

import datetime as dt

from anliegen.contacts.actions import recompute_all, recompute_for
from anliegen.contacts.models import ContactSchedule
from anliegen.core import clock
from tests.factories import make_customer


def test_changed_rows_are_rewritten_and_unchanged_rows_stamped(world, travel):
    travel("2026-11-02 10:00")
    customers = [
        make_customer(world, contact_person=world.worker, birth_date=dt.date(1990, 1, 1)),
        make_customer(world, contact_person=world.worker2, care_group="u25"),
        make_customer(world, measure_until=dt.date(2027, 3, 31)),
    ]
    assert recompute_all(world.org).created == 3
    first_run = clock.now()
    expected = {
        s.customer_id: (s.due_date, s.reason, s.rule_label, s.contact_person_id, s.recompute_on)
        for s in ContactSchedule.objects.all()
    }
    changed = ContactSchedule.objects.get(customer=customers[0])
    ContactSchedule.objects.filter(id=changed.id).update(
        due_date=dt.date(2000, 1, 1),
        rule_label="alt",
        individual_interval_unit="weeks",
        individual_interval_count=3,
    )
    travel("2026-11-03 11:00")
    result = recompute_all(world.org, batch=2)
    assert (result.created, result.updated) == (0, 3)
    rows = {s.customer_id: s for s in ContactSchedule.objects.all()}
    for customer in customers[1:]:
        row = rows[customer.id]
        assert (
            row.due_date,
            row.reason,
            row.rule_label,
            row.contact_person_id,
            row.recompute_on,
        ) == expected[customer.id]
        assert row.computed_at == first_run  # an unchanged result is not rewritten
    rewritten = rows[customers[0].id]
    assert (rewritten.individual_interval_unit, rewritten.individual_interval_count) == ("weeks", 3)
    assert rewritten.computed_at == clock.now()
    one = recompute_for(customers[0])
    assert one is not None
    assert (rewritten.due_date, rewritten.rule_label, rewritten.reason) == (
        one.due_date,
        one.rule_label,
        one.reason,
    )
    assert rewritten.due_date != dt.date(2000, 1, 1)
