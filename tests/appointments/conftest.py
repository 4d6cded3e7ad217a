"""Shared fixtures of the appointment tests: a week in the future, customers due in it."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.contacts.actions import recompute_for
from anliegen.contacts.models import ContactSchedule
from tests.factories import make_customer

WEEK = "2026-W49"
MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def now(travel):
    travel("2026-11-25 10:00")


@pytest.fixture
def due():
    def _due(world, worker, days_overdue: int = 0, **fields):
        customer = make_customer(world, contact_person=worker, **fields)
        recompute_for(customer)
        ContactSchedule.objects.filter(customer=customer).update(
            due_date=MONDAY - dt.timedelta(days=days_overdue)
        )
        return customer

    return _due
