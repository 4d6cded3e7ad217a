"""Notifications (FND-11): written with the change, e-mailed after commit by a task."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction

from anliegen.org.scope import deputy_of
from anliegen.work.models import Notification, WorkItem

if TYPE_CHECKING:
    from anliegen.org.models import Organisation, User


def notify(
    *,
    user: User,
    organisation: Organisation,
    kind: str,
    item: WorkItem | None = None,
    params: dict[str, Any] | None = None,
    include_deputy: bool = True,
) -> list[Notification]:
    """Notify ``user`` (and their deputy while they are absent)."""
    recipients = [user]
    if include_deputy:
        deputy = deputy_of(user, organisation)
        if deputy is not None and deputy.id != user.id:
            recipients.append(deputy)
    created = []
    for recipient in recipients:
        notification = Notification.objects.create(
            organisation=organisation, user=recipient, kind=kind, item=item, params=params or {}
        )
        created.append(notification)
        if recipient.email:
            transaction.on_commit(partial(_enqueue_email, notification.id))
    return created


def _enqueue_email(notification_id: int) -> None:
    from anliegen.work.tasks import send_notification_email

    send_notification_email.enqueue(notification_id)
