"""Background tasks of the work app (Django Tasks API). Tasks take ids and are idempotent."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from anliegen.core import clock
from anliegen.work.messages import notification_text
from anliegen.work.models import Notification, WorkPreference

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


def digest_text(user_id: int, day: dt.date) -> tuple[str, str] | None:
    """Subject and German body of a person's digest for ``day``, or None if nothing is at risk."""
    from anliegen.org.models import User
    from anliegen.work import kinds
    from anliegen.work.digest import digest_items

    user = User.objects.filter(id=user_id).first()
    if user is None:
        return None
    items = list(digest_items(user, day))
    if not items:
        return None
    today_red = [i for i in items if i.due_date is not None and i.due_date < day]
    tomorrow_red = [i for i in items if i.due_date is not None and i.due_date >= day]
    lines = [_("Good morning %(name)s,") % {"name": user.get_full_name() or user.username}, ""]
    for heading, group in (
        (_("Overdue from today:"), today_red),
        (_("Overdue from tomorrow unless finished today:"), tomorrow_red),
    ):
        if not group:
            continue
        lines.append(heading)
        for item in group:
            link = kinds.url_for(item, item.organisation.slug)
            lines.append(
                f"- {item.title} ({kinds.label_for(item.kind)}, "
                + _("due %(date)s") % {"date": f"{item.due_date:%d.%m.%Y}"}
                + f", {item.organisation.name}) {getattr(settings, 'ANLIEGEN_BASE_URL', '')}{link}"
            )
        lines.append("")
    lines.append(_("You can switch this e-mail off on the notifications page."))
    subject = _("[anliegen] %(count)d items turn red today or tomorrow") % {"count": len(items)}
    return subject, "\n".join(lines)


@task()
def send_digest_email(user_id: int, day: str) -> bool:
    """Send a person's daily digest for ``day`` (ISO date) at most once (issue 9)."""
    from anliegen.org.models import User

    on = dt.date.fromisoformat(day)
    user = User.objects.filter(id=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    preference, _created = WorkPreference.objects.get_or_create(user=user)
    if not preference.digest:
        return False
    previous = preference.digest_sent_on
    claimed = (
        WorkPreference.objects.filter(user=user)
        .exclude(digest_sent_on=on)
        .update(digest_sent_on=on)
    )
    if claimed != 1:
        return False  # sent already today
    with translation.override(settings.LANGUAGE_CODE):
        text = digest_text(user_id, on)
    if text is None:
        WorkPreference.objects.filter(user=user).update(digest_sent_on=previous)
        return False
    try:
        send_mail(text[0], text[1], settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError:
        logger.warning("digest e-mail for user %s failed; will retry", user_id)
        WorkPreference.objects.filter(user=user, digest_sent_on=on).update(digest_sent_on=previous)
        return False
    return True
