"""Background tasks of the work app (Django Tasks API). Tasks take ids and are idempotent."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import translation
from django_tasks import task

from anliegen.core import clock
from anliegen.work.messages import notification_text
from anliegen.work.models import Notification

logger = logging.getLogger("anliegen.work")
MAX_EMAIL_ATTEMPTS = 5


@task()
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification. Sent once; a failure is retried by the periodic job (NFR-03)."""
    notification = Notification.objects.select_related("user").filter(id=notification_id).first()
    if notification is None or notification.emailed_at is not None or not notification.user.email:
        return False
    Notification.objects.filter(id=notification_id).update(email_attempts=F("email_attempts") + 1)
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[anliegen] {notification_text(notification)}"
        body = notification_text(notification)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
    except OSError:
        logger.warning("e-mail for notification %s failed; will retry", notification_id)
        return False
    Notification.objects.filter(id=notification_id, emailed_at__isnull=True).update(
        emailed_at=clock.now()
    )
    return True
