"""Every change to contact schedules (KON-01, KON-02, KON-03) and the weekly plan (KON-06).

- :func:`recompute_for` (:mod:`.recompute`) — one customer: facts from the customer and its
  history (:mod:`.facts`), the ``contacts`` rules in force, the pure engine
  (:mod:`anliegen.contacts.schedule`); upserts the
  :class:`~anliegen.contacts.models.ContactSchedule` and keeps the profile-Z review follow-up
  (KON-03, :mod:`.reviews`) in step. Subscribed to the customer-change hook
  (:mod:`anliegen.customers.hooks`), so it runs at the end of every customer write path (create,
  update, consultation note) inside the caller's transaction.
- :func:`set_individual_interval` (:mod:`.interval`) — the case worker's individual interval
  (KON-01).
- :func:`recompute_all` (:mod:`.recompute`) — many customers with one prepared matcher per
  organisation (rule changes, periodic job); rows are written in batches (:mod:`.rows`).
- :func:`confirm_plan` (:mod:`.plan`) — book the weekly plan through the appointments service.

*Decision:* the schedule is derived data (a cache of the engine's answer, reproducible from the
audited customer data, history and rule versions), so recomputing it writes no audit entry; the
individual interval, which a person enters, is audited, and so is the review follow-up (through
``work.actions``).
"""

from __future__ import annotations

from .facts import CONTACT_KINDS, facts_of, last_contacts, schedulable
from .interval import set_individual_interval
from .plan import PlanResult, confirm_plan
from .recompute import RecomputeResult, on_customer_changed, recompute_all, recompute_for
from .reviews import (
    REVIEW_CODE,
    ReviewStep,
    review_deadline,
    review_step,
    sync_review,
    sync_reviews,
)
from .rows import CustomerRow, _values

__all__ = [
    "CONTACT_KINDS",
    "REVIEW_CODE",
    "CustomerRow",
    "PlanResult",
    "RecomputeResult",
    "ReviewStep",
    "_values",
    "confirm_plan",
    "facts_of",
    "last_contacts",
    "on_customer_changed",
    "recompute_all",
    "recompute_for",
    "review_deadline",
    "review_step",
    "schedulable",
    "set_individual_interval",
    "sync_review",
    "sync_reviews",
]
