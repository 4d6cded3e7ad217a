"""Issue 9 (FND-07, FND-08, FND-11) in the web UI: the item page of a follow-up (complete,
postpone with the non-working-day warning of defect 7, priority, reassign), the customer
page's follow-up actions, bulk actions with confirmation, sortable columns kept per user,
saved views with @me, notifications linking to their item, the digest opt-out."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anliegen.org.scope import scope_for
from anliegen.work.actions import add_follow_up
from anliegen.work.models import SavedView, Status, WorkItem, WorkPreference
from anliegen.work.notify import notify
from tests.web.helpers import heading, html, make_item


@pytest.fixture
def follow_up(world, customer, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    item = add_follow_up(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        on=dt.date(2026, 11, 24),
        note="Nachweis anfordern",
        customer=customer,
    )
    travel("2026-11-26 09:00")  # red by now
    return item


def _titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'class="worklist__text"[^>]*>(.*?)</', html(response))


def test_a_follow_up_row_opens_its_page_with_ways_to_finish_it(as_user, world, follow_up):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    postkorb = html(client.get(f"/o/{world.org.slug}/postkorb/"))
    page_url = f"/o/{world.org.slug}/vorgaenge/{follow_up.id}/"
    assert f'<a class="worklist__text" href="{page_url}">' in postkorb
    page = client.get(page_url)
    assert page.status_code == 200
    assert heading(page) == follow_up.title
    body = html(page)
    for action in ("erledigen", "verschieben", "prioritaet"):
        assert f'action="{page_url}{action}/"' in body
    assert "zuweisen/" not in body  # only team leads reassign


def test_completing_on_the_page_ends_the_red_follow_up(as_user, world, follow_up):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    url = f"/o/{world.org.slug}/vorgaenge/{follow_up.id}/erledigen/"
    empty = client.post(url, {"note": ""})
    assert empty.status_code == 422
    assert "Bitte notieren Sie, was erledigt wurde." in html(empty)
    done = client.post(url, {"note": "Nachweis liegt vor."}, follow=True)
    assert "Der Vorgang wurde erledigt." in html(done)
    follow_up.refresh_from_db()
    assert follow_up.status == Status.DONE
    assert _titles(client.get(f"/o/{world.org.slug}/postkorb/")) == []


def test_postponing_to_a_saturday_warns_and_suggests_monday(as_user, world, follow_up):  # type: ignore[no-untyped-def]
    """Defect 7: warn about a non-working day and suggest the next working day."""
    client = as_user(world.worker)
    url = f"/o/{world.org.slug}/vorgaenge/{follow_up.id}/verschieben/"
    warned = client.post(url, {"on": "2026-11-28"})
    assert warned.status_code == 422
    assert "Der 28.11.2026 ist kein Arbeitstag (Samstag)" in html(warned)
    assert "Montag, 30.11.2026" in html(warned)
    follow_up.refresh_from_db()
    assert follow_up.due_date == dt.date(2026, 11, 24)
    client.post(url, {"on": "2026-11-28", "allow_non_working_day": "on"})
    follow_up.refresh_from_db()
    assert follow_up.due_date == dt.date(2026, 11, 28)


def test_setting_a_follow_up_on_a_sunday_from_the_customer_page_warns(
    as_user, world, customer, travel
):  # type: ignore[no-untyped-def]
    """Defect 7 on the customer page."""
    travel("2026-11-23 09:00")
    client = as_user(world.worker)
    url = f"/o/{world.org.slug}/kunden/{customer.customer_number}/wiedervorlage/"
    response = client.post(url, {"on": "2026-11-29", "note": "Anruf"})
    assert "kein Arbeitstag (Sonntag)" in html(response)
    assert not WorkItem.objects.filter(kind="follow_up").exists()


def test_the_customer_page_completes_a_follow_up(as_user, world, customer, follow_up):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    detail = f"/o/{world.org.slug}/kunden/{customer.customer_number}/"
    page = html(client.get(detail))
    assert f'href="/o/{world.org.slug}/vorgaenge/{follow_up.id}/"' in page
    response = client.post(
        f"/o/{world.org.slug}/vorgaenge/{follow_up.id}/erledigen/",
        {"note": "Telefonisch geklärt", "next": detail},
    )
    assert response.status_code == 302
    assert response.url == detail
    follow_up.refresh_from_db()
    assert follow_up.status == Status.DONE


def test_team_lead_reassigns_and_reprioritises_on_the_page(as_user, world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    item = make_item(world, assignee=world.worker, kind="callback", title="RR")
    client = as_user(world.tl)
    base = f"/o/{world.org.slug}/vorgaenge/{item.id}/"
    assert 'action="' + base + 'zuweisen/"' in html(client.get(base))
    client.post(base + "zuweisen/", {"assignee": world.worker2.pk})
    client.post(base + "prioritaet/", {"priority": "2"})
    item.refresh_from_db()
    assert (item.assignee_id, item.priority) == (world.worker2.id, 2)


def test_bulk_complete_with_confirmation_and_all_or_nothing(as_user, world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    a = make_item(world, assignee=world.worker, kind="follow_up", title="WV 1")
    b = make_item(world, assignee=world.worker, kind="callback", title="Rückruf")
    ticket = make_item(world, assignee=world.worker, kind="ticket", title="Ticket")
    client = as_user(world.worker)
    url = f"/o/{world.org.slug}/postkorb/sammelaktion/"
    postkorb = f"/o/{world.org.slug}/postkorb/"
    ask = {"action": "complete", "items": [a.id, b.id, ticket.id], "note": "erledigt"}
    confirm = client.post(url, {**ask, "next": postkorb})
    assert confirm.status_code == 200
    assert heading(confirm) == "Aktion bestätigen"
    assert WorkItem.objects.filter(status=Status.OPEN).count() == 3
    refused = client.post(url, {**ask, "confirm": "1", "next": postkorb})
    assert refused.status_code == 422
    assert "Nichts wurde geändert" in html(refused)
    assert WorkItem.objects.filter(status=Status.OPEN).count() == 3
    ok = client.post(url, {**ask, "items": [a.id, b.id], "confirm": "1", "next": postkorb})
    assert ok.status_code == 302
    assert set(WorkItem.objects.filter(status=Status.OPEN).values_list("id", flat=True)) == {
        ticket.id
    }


def test_bulk_postpone_all_matching_items(as_user, world, travel):  # type: ignore[no-untyped-def]
    """Select all: every item of the filtered list, on all pages."""
    travel("2026-11-23 09:00")
    follow_ups = [make_item(world, assignee=world.worker, kind="follow_up") for _ in range(3)]
    make_item(world, assignee=world.worker, kind="ticket")
    client = as_user(world.worker)
    postkorb = f"/o/{world.org.slug}/postkorb/?kind=follow_up"
    body = {
        "action": "postpone",
        "all_matching": "on",
        "on": "2026-12-01",
        "confirm": "1",
        "next": postkorb,
    }
    response = client.post(f"/o/{world.org.slug}/postkorb/sammelaktion/", body)
    assert response.status_code == 200  # the confirmation lists the items first
    assert html(response).count('name="items"') == 3
    items = [f.id for f in follow_ups]
    client.post(
        f"/o/{world.org.slug}/postkorb/sammelaktion/", {**body, "items": items, "all_matching": ""}
    )
    assert set(WorkItem.objects.filter(id__in=items).values_list("due_date", flat=True)) == {
        dt.date(2026, 12, 1)
    }


def test_sortable_headers_and_the_order_is_kept_per_user(as_user, world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    make_item(world, assignee=world.worker, light="red", title="Rot", priority=9)
    make_item(world, assignee=world.worker, light="green", title="Grün", priority=1)
    client = as_user(world.worker)
    url = f"/o/{world.org.slug}/postkorb/"
    page = html(client.get(url))
    assert _titles(client.get(url)) == ["Rot", "Grün"]  # the most urgent first by default
    assert 'aria-sort="ascending"><a class="sort-link" href="?sort=urgent"' in page
    assert 'href="?sort=priority"' in page
    assert _titles(client.get(url, {"sort": "priority"})) == ["Grün", "Rot"]
    assert WorkPreference.objects.get(user=world.worker).sorts == {"postkorb": "priority"}
    assert _titles(client.get(url)) == ["Grün", "Rot"]  # kept without asking again
    assert 'aria-sort="ascending"><a class="sort-link" href="?sort=-priority"' in html(
        client.get(url)
    )


def test_a_team_view_with_at_me_shows_each_viewer_their_own_items(as_user, world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    make_item(world, assignee=world.tl, title="Von TL")
    make_item(world, assignee=world.worker, title="Von Worker")
    client = as_user(world.tl)
    team = f"/o/{world.org.slug}/team/{world.team.id}/"
    saved = client.post(team + "ansichten/", {"name": "Meine", "query": f"member={world.tl.id}"})
    assert saved.status_code == 302
    view = SavedView.objects.get()
    assert (view.team_id, view.filters) == (world.team.id, {"member": "@me"})
    assert "Meine" in html(client.get(team))
    opened = client.get(team + f"ansichten/{view.id}/", follow=True)
    assert _titles(opened) == ["Von TL"]


def test_notifications_link_to_their_item(as_user, world, follow_up):  # type: ignore[no-untyped-def]
    notify(user=world.worker, organisation=world.org, kind="follow_up_due", item=follow_up)
    page = html(as_user(world.worker).get(f"/o/{world.org.slug}/benachrichtigungen/"))
    assert (
        f'<a class="notification__text" href="/o/{world.org.slug}/vorgaenge/{follow_up.id}/"'
        in page
    )


def test_digest_opt_out(as_user, world):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    client.post(f"/o/{world.org.slug}/benachrichtigungen/zusammenfassung/", {})
    assert WorkPreference.objects.get(user=world.worker).digest is False
    client.post(f"/o/{world.org.slug}/benachrichtigungen/zusammenfassung/", {"digest": "on"})
    assert WorkPreference.objects.get(user=world.worker).digest is True


def test_every_column_order_keeps_the_filters(as_user, world, travel):  # type: ignore[no-untyped-def]
    """A remembered order such as "title" must not drop the kind filter."""
    travel("2026-11-23 09:00")
    make_item(world, assignee=world.worker, kind="follow_up", title="B Wiedervorlage")
    make_item(world, assignee=world.worker, kind="follow_up", title="A Wiedervorlage")
    make_item(world, assignee=world.worker, kind="ticket", title="C Ticket")
    client = as_user(world.worker)
    url = f"/o/{world.org.slug}/postkorb/"
    for sort in ("title", "-title", "kind", "-kind", "due", "-due", "received", "-priority"):
        titles = _titles(client.get(url, {"sort": sort, "kind": "follow_up"}))
        assert sorted(titles) == ["A Wiedervorlage", "B Wiedervorlage"], sort
    assert _titles(client.get(url, {"sort": "-title"}))[0] == "C Ticket"
