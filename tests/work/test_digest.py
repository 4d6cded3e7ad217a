"""Issue 9: the daily digest e-mail per person, sorted by risk (items turning red today or
tomorrow), opt-out per user, sent by the periodic job through the task worker, never twice a
day (FND-11)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.org.scope import scope_for
from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.digest import send_daily_digests
from anliegen.work.models import WorkPreference
from anliegen.work.preferences import set_digest
from anliegen.work.tasks import send_digest_email


def _item(world, title: str, due: dt.date, priority: int = 5):  # type: ignore[no-untyped-def]
    return create_item(
        actor=None,
        organisation=world.org,
        kind="ticket",
        title=title,
        received_at=dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC),
        team=world.team,
        assignee=world.worker,
        priority=priority,
        deadlines=[DeadlineSpec("main", due)],
    )


@pytest.fixture
def at_risk(world, travel):  # type: ignore[no-untyped-def]
    """On Wednesday 25.11.2026: one item red since today, two turning red tomorrow, one later."""
    travel("2026-11-16 09:00")
    _item(world, "Morgen rot, Prio 5", dt.date(2026, 11, 25), priority=5)
    _item(world, "Heute rot", dt.date(2026, 11, 24))
    _item(world, "Morgen rot, Prio 1", dt.date(2026, 11, 25), priority=1)
    _item(world, "Später", dt.date(2026, 12, 10))
    world.worker.email = "worker@example.org"
    world.worker.save()
    travel("2026-11-25 07:00")


def test_digest_lists_items_turning_red_by_risk_once_a_day(world, at_risk, mailoutbox):  # type: ignore[no-untyped-def]
    assert send_daily_digests()["enqueued"] == 1
    (mail,) = mailoutbox
    assert mail.to == ["worker@example.org"]
    assert mail.subject == "[anliegen] 3 Vorgänge werden heute oder morgen rot"
    body = mail.body
    assert (
        body.index("Heute rot")
        < body.index("Morgen rot, Prio 1")
        < body.index("Morgen rot, Prio 5")
    )
    assert "Später" not in body
    assert "Ab heute überfällig:" in body
    assert "/o/jc-test/tickets/vorgang/" in body  # the link from the kind registry
    # never twice a day: neither the job nor a duplicate task sends again
    send_daily_digests()
    send_digest_email.call(world.worker.id, "2026-11-25")
    assert len(mailoutbox) == 1
    assert WorkPreference.objects.get(user=world.worker).digest_sent_on == dt.date(2026, 11, 25)


def test_digest_is_opt_out(world, at_risk, mailoutbox):  # type: ignore[no-untyped-def]
    set_digest(actor=world.worker, scope=scope_for(world.worker, world.org), enabled=False)
    assert send_daily_digests()["enqueued"] == 0
    assert send_digest_email.call(world.worker.id, "2026-11-25") is False
    assert mailoutbox == []


def test_no_digest_before_six_or_without_risk(world, at_risk, travel, mailoutbox):  # type: ignore[no-untyped-def]
    travel("2026-11-25 05:30")
    assert send_daily_digests()["enqueued"] == 0
    travel("2026-12-20 08:00")  # the items are long overdue: none turns red today or tomorrow
    assert send_daily_digests()["enqueued"] == 0
    assert mailoutbox == []


def test_a_failed_send_is_retried_by_the_next_run(world, at_risk, mailoutbox, monkeypatch):  # type: ignore[no-untyped-def]
    from anliegen.work import tasks

    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("smtp down")

    monkeypatch.setattr(tasks, "send_mail", fail)
    assert send_digest_email.call(world.worker.id, "2026-11-25") is False
    assert WorkPreference.objects.get(user=world.worker).digest_sent_on is None
    monkeypatch.undo()
    assert send_digest_email.call(world.worker.id, "2026-11-25") is True
    assert len(mailoutbox) == 1
