"""FND-11 via the API: my notifications, newest first, in German; marking one as read."""

from __future__ import annotations

import datetime as dt

from anliegen.work.models import Notification
from tests.api.conftest import assert_problem, german, make_item


def test_list_and_mark_read(api, world, travel):
    travel("2026-11-23 09:00")
    item = make_item(world, assignee=world.worker, due=dt.date(2026, 11, 30), title="Antrag prüfen")
    response = api.get("/orgs/jc-test/notifications", user=world.worker)
    assert response.status_code == 200
    (note,) = response.json()
    assert (note["kind"], note["item_id"], note["read_at"]) == ("item_assigned", item.id, None)
    assert note["text"] == german("New in your worklist: %(title)s") % {"title": "Antrag prüfen"}
    assert response["X-Total-Count"] == "1"

    travel("2026-11-23 10:00")
    read = api.post(f"/orgs/jc-test/notifications/{note['id']}/read", None, world.worker)
    assert read.status_code == 200, read.content
    assert read.json()["read_at"] == "2026-11-23T10:00:00+01:00"
    assert api.get("/orgs/jc-test/notifications", user=world.worker, unread=True).json() == []
    # Marking again changes nothing.
    travel("2026-11-23 11:00")
    again = api.post(f"/orgs/jc-test/notifications/{note['id']}/read", None, world.worker)
    assert again.json()["read_at"] == "2026-11-23T10:00:00+01:00"


def test_someone_elses_notification_is_404(api, world, travel):
    travel("2026-11-23 09:00")
    make_item(world, assignee=world.worker, due=dt.date(2026, 11, 30))
    notification = Notification.objects.get(user=world.worker)
    assert api.get("/orgs/jc-test/notifications", user=world.worker2).json() == []
    assert_problem(
        api.post(f"/orgs/jc-test/notifications/{notification.id}/read", None, world.worker2), 404
    )
    notification.refresh_from_db()
    assert notification.read_at is None
