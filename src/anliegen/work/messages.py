"""German text of notifications, produced when shown (never stored translated)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from anliegen.work.models import Notification


def notification_text(notification: Notification) -> str:
    title = notification.params.get("title", "")
    texts = {
        Notification.Kind.ITEM_ASSIGNED: _("New in your worklist: %(title)s"),
        Notification.Kind.ITEM_AMBER: _("Deadline approaching: %(title)s"),
        Notification.Kind.ITEM_RED: _("Deadline passed: %(title)s"),
        Notification.Kind.ITEM_COMPLETED: _("Completed: %(title)s"),
        Notification.Kind.APPROVAL_REQUESTED: _("Approval requested: %(title)s"),
        Notification.Kind.FOLLOW_UP_DUE: _("Follow-up due: %(title)s"),
        Notification.Kind.OVERRUN_FLAGGED: _("Repeated deadline overruns: %(title)s"),
        Notification.Kind.REACTION_RECEIVED: _(
            "A customer reaction concerning your work was received: %(title)s"
        ),
    }
    template = texts.get(notification.kind, "%(title)s")  # type: ignore[call-overload]
    return template % {"title": title}
