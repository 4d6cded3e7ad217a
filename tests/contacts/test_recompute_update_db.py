"""KON-02: a recomputation after which every stored result differs (as after a rule change)
rewrites each changed field in batches (``UPDATE … FROM UNNEST(…)`` on PostgreSQL,
``executemany`` elsewhere) — with the same values as a first computation, NULLs included; new
schedules are inserted the same way."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.contacts.actions import recompute_all
from anliegen.contacts.models import ContactSchedule
from tests.factories import make_customer

_FIELDS = (
    "customer_id",
    "contact_person_id",
    "last_contact",
    "due_date",
    "reason",
    "rule_label",
    "interval_unit",
    "interval_count",
    "rule_set_id",
    "review_date",
    "recompute_on",
)


def _stored() -> list[tuple[object, ...]]:
    return sorted(ContactSchedule.objects.values_list(*_FIELDS), key=repr)


def test_every_changed_row_is_rewritten_in_batches(world, travel):
    """KON-02: given stored results that all differ from the engine's (dates, texts, intervals
    and NULLs falsified), when the organisation is recomputed two customers a batch, then
    every schedule holds again exactly what the first computation stored."""
    travel("2026-11-02 10:00")
    make_customer(world, contact_person=world.worker, birth_date=dt.date(1990, 1, 1))
    make_customer(world, status="seeking", birth_date=dt.date(1960, 3, 1))
    make_customer(world, profile="z", profile_since=dt.date(2026, 9, 1))
    make_customer(world, measure_until=dt.date(2027, 3, 31), contact_person=world.worker2)
    make_customer(world, care_group="u25", birth_date=dt.date(2004, 2, 29))
    recompute_all(world.org, batch=1)  # one row a statement: whole columns of NULL
    expected = _stored()
    assert any(row[7] is None for row in expected)  # a NULL interval count
    assert any(row[9] is not None for row in expected)  # a review date
    computed_at = set(ContactSchedule.objects.values_list("computed_at", flat=True))

    ContactSchedule.objects.update(
        due_date=dt.date(2000, 1, 1),
        rule_label="falsch",
        interval_count=99,
        review_date=dt.date(2001, 1, 1),
        recompute_on=None,
        contact_person=None,
    )
    travel("2026-11-02 11:00")
    result = recompute_all(world.org, batch=2)

    assert result.updated == 5
    assert _stored() == expected
    assert not computed_at & set(ContactSchedule.objects.values_list("computed_at", flat=True))


@pytest.mark.parametrize("batch", [1, 1000])
def test_unchanged_results_are_not_rewritten(world, travel, batch):
    """KON-02: given stored results that are still right, when recomputed, then nothing is
    written (``computed_at`` stays the time of the last write)."""
    travel("2026-11-02 10:00")
    make_customer(world, contact_person=world.worker)
    make_customer(world, profile="z", profile_since=dt.date(2026, 9, 1))
    recompute_all(world.org)
    before = set(ContactSchedule.objects.values_list("computed_at", flat=True))
    travel("2026-11-02 11:00")
    assert recompute_all(world.org, batch=batch).updated == 2
    assert set(ContactSchedule.objects.values_list("computed_at", flat=True)) == before


def test_fast_value_preparation_equals_the_orms(world, travel):
    """KON-02: the batched writes prepare each column's values as ``get_db_prep_save`` does
    (dates, NULLs, choices and lazy translations included), on either database."""
    from django.db import connection
    from django.utils.translation import gettext_lazy

    from anliegen.contacts.actions import _values
    from anliegen.contacts.models import Reason

    travel("2026-11-02 10:00")
    make_customer(world, contact_person=world.worker, birth_date=dt.date(1990, 1, 1))
    recompute_all(world.org)
    schedule = ContactSchedule.objects.get()
    schedule.reason = Reason(schedule.reason)  # a choices member, not plain text
    schedule.rule_label = gettext_lazy("rule")  # a lazy translation
    schedule.review_date = None
    fields = [f for f in ContactSchedule._meta.concrete_fields if not f.primary_key]
    expected = [f.get_db_prep_save(getattr(schedule, f.attname), connection) for f in fields]
    assert _values([schedule], fields, connection) == [expected]  # type: ignore[arg-type]
