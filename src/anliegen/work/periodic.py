"""Periodic jobs of the work app: traffic-light notifications and e-mail retries (FND-11)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from anliegen.core import clock
from anliegen.core.periodic import register
from anliegen.org.scope import team_lead_of
from anliegen.work.models import Kind, Light, Notification, Status, WorkItem
from anliegen.work.notify import notify

BATCH = 500


def _recipient(item: WorkItem) -> Any:
    if item.assignee is not None:
        return item.assignee
    return team_lead_of(item.team) if item.team is not None else None


@register(
    "work.traffic_lights",
    every=dt.timedelta(minutes=10),
    description="Notify responsible staff of items that turned amber or red, and of due follow-ups.",
)
def notify_light_changes() -> dict[str, Any]:
    today = clock.today()
    counts = {"amber": 0, "red": 0, "follow_up": 0}
    open_items = WorkItem.objects.filter(status=Status.OPEN).select_related(
        "assignee", "team", "organisation"
    )
    red = open_items.filter(due_date__lt=today).exclude(light_notified=Light.RED)
    amber = open_items.filter(amber_from__lte=today, due_date__gte=today, light_notified="")
    for light, query in ((Light.RED, red), (Light.AMBER, amber)):
        while True:
            batch = list(query.order_by("id")[:BATCH])
            if not batch:
                break
            for item in batch:
                recipient = _recipient(item)
                if item.kind == Kind.FOLLOW_UP:
                    kind, counter = Notification.Kind.FOLLOW_UP_DUE, "follow_up"
                elif light == Light.RED:
                    kind, counter = Notification.Kind.ITEM_RED, "red"
                else:
                    kind, counter = Notification.Kind.ITEM_AMBER, "amber"
                if recipient is not None and not (
                    item.kind == Kind.FOLLOW_UP and light == Light.RED
                ):
                    notify(
                        user=recipient,
                        organisation=item.organisation,
                        kind=kind,
                        item=item,
                        params={"title": item.title},
                    )
                    counts[counter] += 1
            WorkItem.objects.filter(id__in=[i.id for i in batch]).update(light_notified=light)
    return counts


@register(
    "work.retry_emails",
    every=dt.timedelta(minutes=15),
    description="Re-enqueue notification e-mails that failed (NFR-03).",
)
def retry_failed_emails() -> dict[str, Any]:
    from anliegen.work.tasks import MAX_EMAIL_ATTEMPTS, send_notification_email

    stale = clock.now() - dt.timedelta(minutes=10)
    pending = Notification.objects.filter(
        Q(emailed_at__isnull=True),
        Q(email_attempts__gt=0),
        Q(email_attempts__lt=MAX_EMAIL_ATTEMPTS),
        Q(created_at__lte=stale),
    ).exclude(user__email="")
    ids = list(pending.values_list("id", flat=True)[:1000])
    for notification_id in ids:
        send_notification_email.enqueue(notification_id)
    return {"requeued": len(ids)}
