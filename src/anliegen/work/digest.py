"""The daily digest e-mail (issue 9): once a day, each person who wants it (opt-out, see
``work.preferences``) gets their open items that turn red today or tomorrow, most at risk first.

The periodic job finds the people and enqueues one task per person; the task claims the day
with a conditional UPDATE on ``WorkPreference.digest_sent_on`` before sending, so a person never
gets two digests on one day, even when jobs or workers overlap. A failed send gives the day back
and the next run retries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from anliegen.core import clock
from anliegen.core.periodic import register
from anliegen.org.models import User
from anliegen.work.models import Status, WorkItem, WorkPreference

#: Not before this hour (Berlin): the digest is read at the start of the working day.
SEND_FROM_HOUR = 6


def digest_items(user: User, today: dt.date) -> QuerySet[WorkItem]:
    """The person's open items that turn red today (due yesterday) or tomorrow (due today),
    sorted by risk: red today first, then priority, then deadline."""
    yesterday = today - dt.timedelta(days=1)
    return (
        WorkItem.objects.filter(
            assignee=user,
            status=Status.OPEN,
            due_date__gte=yesterday,
            due_date__lte=today,
        )
        .filter(Q(visible_from__isnull=True) | Q(visible_from__lte=today))
        .select_related("organisation", "customer")
        .order_by("due_date", "priority", "id")
    )


def recipients(today: dt.date) -> QuerySet[User]:
    """Active people with an e-mail address, not opted out, not sent today, with something at
    risk."""
    yesterday = today - dt.timedelta(days=1)
    at_risk = WorkItem.objects.filter(
        status=Status.OPEN, due_date__gte=yesterday, due_date__lte=today
    ).values("assignee_id")
    opted_out_or_sent = WorkPreference.objects.filter(
        Q(digest=False) | Q(digest_sent_on=today)
    ).values("user_id")
    return (
        User.objects.filter(is_active=True, id__in=at_risk)
        .exclude(email="")
        .exclude(id__in=opted_out_or_sent)
        .order_by("id")
    )


@register(
    "work.daily_digest",
    every=dt.timedelta(minutes=30),
    description="Once a day, e-mail each person their items turning red today or tomorrow.",
)
def send_daily_digests() -> dict[str, Any]:
    if clock.now().astimezone(clock.BERLIN).hour < SEND_FROM_HOUR:
        return {"enqueued": 0, "reason": "too early"}
    from anliegen.work.tasks import send_digest_email

    today = clock.today()
    ids = list(recipients(today).values_list("id", flat=True)[:5000])
    for user_id in ids:
        send_digest_email.enqueue(user_id, today.isoformat())
    return {"enqueued": len(ids)}
