"""FND-11: notifications for items turning amber or red; e-mail after commit, retried on failure."""

import datetime as dt
from unittest import mock

from django.core import mail

from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.models import Notification
from anliegen.work.periodic import notify_light_changes, retry_failed_emails
from anliegen.work.tasks import send_notification_email


def _item(world, customer, due, assignee):
    return create_item(
        actor=world.tl,
        organisation=world.org,
        kind="ticket",
        title="Bescheid prüfen",
        customer=customer,
        team=world.team,
        assignee=assignee,
        deadlines=[DeadlineSpec("main", due)],
    )


def test_amber_then_red_each_notified_once(world, customer, travel):
    travel("2026-11-02 09:00")
    _item(world, customer, dt.date(2026, 11, 12), world.worker)
    travel("2026-11-10 07:00")
    assert notify_light_changes() == {"amber": 1, "red": 0, "follow_up": 0}
    assert notify_light_changes() == {"amber": 0, "red": 0, "follow_up": 0}
    travel("2026-11-13 07:00")
    assert notify_light_changes() == {"amber": 0, "red": 1, "follow_up": 0}
    kinds = list(world.worker.notifications.values_list("kind", flat=True))
    assert sorted(kinds) == ["item_amber", "item_assigned", "item_red"]


def test_unassigned_team_item_notifies_team_lead(world, customer, travel):
    travel("2026-11-02 09:00")
    create_item(
        actor=None,
        organisation=world.org,
        kind="ticket",
        title="Team-Eingang",
        customer=customer,
        team=world.team,
        deadlines=[DeadlineSpec("main", dt.date(2026, 11, 3))],
    )
    assert world.tl.notifications.filter(kind="item_assigned").exists()


def test_absent_assignee_notification_also_reaches_deputy(world, customer, travel):
    from anliegen.org.actions import record_absence
    from anliegen.org.scope import scope_for

    travel("2026-11-02 09:00")
    record_absence(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        person=world.worker,
        start=dt.date(2026, 11, 2),
        end=dt.date(2026, 11, 6),
        deputy=world.worker2,
    )
    _item(world, customer, dt.date(2026, 11, 9), world.worker)
    assert world.worker2.notifications.filter(kind="item_assigned").exists()


def test_german_e_mail_and_retry_after_failure(world, customer, travel):
    travel("2026-11-02 09:00")
    _item(world, customer, dt.date(2026, 11, 9), world.worker)
    notification = Notification.objects.get(user=world.worker)
    mail.outbox.clear()
    with mock.patch("anliegen.work.tasks.send_mail", side_effect=OSError("smtp down")):
        send_notification_email.call(notification.id)
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert notification.email_attempts == 1
    travel("2026-11-02 09:30")
    assert retry_failed_emails() == {"requeued": 1}
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert mail.outbox[0].subject == "[anliegen] Neu in Ihrem Postkorb: Bescheid prüfen"
    assert send_notification_email.call(notification.id) is False  # idempotent
    assert len(mail.outbox) == 1
