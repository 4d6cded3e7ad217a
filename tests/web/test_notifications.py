"""FND-11: the notification list and marking notifications as read."""

from __future__ import annotations

import pytest

from anliegen.work.actions import mark_read
from anliegen.work.models import Notification
from tests.web.helpers import heading, html, make_item


@pytest.fixture
def url(world):  # type: ignore[no-untyped-def]
    return f"/o/{world.org.slug}/benachrichtigungen/"


@pytest.fixture
def inbox(world, customer):  # type: ignore[no-untyped-def]
    """Three new items for the worker, one for worker2: each notifies its assignee."""
    for title in ("Widerspruch", "Rückruf", "Antrag"):
        make_item(world, assignee=world.worker, title=title, customer=customer)
    make_item(world, assignee=world.worker2, title="Fremd")
    return Notification.objects.filter(user=world.worker)


def test_list_shows_german_texts(as_user, world, url, inbox, customer):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).get(url)
    assert heading(response) == "Benachrichtigungen"
    page = html(response)
    assert "3 ungelesene Benachrichtigungen." in page
    assert page.count('<span class="tag tag--new">neu</span>') == 3
    assert "Widerspruch" in page
    assert "Fremd" not in page
    assert f'href="/o/{world.org.slug}/kunden/{customer.customer_number}/"' in page


def test_mark_one_as_read(as_user, world, url, inbox):  # type: ignore[no-untyped-def]
    first = inbox.first()
    response = as_user(world.worker).post(f"{url}gelesen/", {"notification": first.id}, follow=True)
    assert "1 Benachrichtigung als gelesen markiert." in html(response)
    assert inbox.filter(read_at__isnull=True).count() == 2
    first.refresh_from_db()
    assert first.read_at is not None


def test_mark_all_as_read_touches_only_mine(as_user, world, url, inbox):  # type: ignore[no-untyped-def]
    foreign = Notification.objects.get(user=world.worker2)
    client = as_user(world.worker)
    client.post(f"{url}gelesen/", {"all": "1", "notification": foreign.id})
    assert not inbox.filter(read_at__isnull=True).exists()
    foreign.refresh_from_db()
    assert foreign.read_at is None
    assert "0 ungelesene Benachrichtigungen." in html(client.get(url))


def test_someone_elses_notification_cannot_be_marked(as_user, world, url, inbox):  # type: ignore[no-untyped-def]
    foreign = Notification.objects.get(user=world.worker2)
    as_user(world.worker).post(f"{url}gelesen/", {"notification": foreign.id})
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_mark_read_action_ignores_other_users(world, inbox):  # type: ignore[no-untyped-def]
    """The action marks only the actor's own unread notifications and counts them."""
    everything = list(Notification.objects.all())
    assert mark_read(actor=world.worker, notifications=everything) == 3
    assert mark_read(actor=world.worker, notifications=everything) == 0
    assert Notification.objects.filter(user=world.worker2, read_at__isnull=True).count() == 1


def test_empty_state(as_user, world, url):  # type: ignore[no-untyped-def]
    assert "Keine Benachrichtigungen." in html(as_user(world.worker).get(url))
