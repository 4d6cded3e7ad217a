"""FND-07/TKT-05/TKT-09: the team worklist for leads — filters, per-person counts, reassigning."""

from __future__ import annotations

import re

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.work.models import WorkItem
from tests.web.helpers import heading, html, make_item, read_csv


@pytest.fixture
def items(world, customer, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    return {
        "w_red": make_item(world, assignee=world.worker, light="red", title="Widerspruch"),
        "w_amber": make_item(world, assignee=world.worker, light="amber", title="Rückruf"),
        "w2_green": make_item(world, assignee=world.worker2, light="green", title="Antrag"),
        "none": make_item(world, assignee=None, light="green", title="Posteingang"),
        "other_team": make_item(
            world, assignee=world.av, light="red", title="Integration", team=world.team_integration
        ),
    }


@pytest.fixture
def url(world):  # type: ignore[no-untyped-def]
    return f"/o/{world.org.slug}/team/{world.team.id}/"


def _titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'<(?:span|a) class="worklist__text"[^>]*>(.*?)</(?:span|a)>', html(response))


def test_team_lead_sees_the_team_worklist(as_user, world, items, url):  # type: ignore[no-untyped-def]
    response = as_user(world.tl).get(url)
    assert response.status_code == 200
    assert heading(response) == "Team Leistung 1"
    assert set(_titles(response)) == {"Widerspruch", "Rückruf", "Antrag", "Posteingang"}


def test_per_person_counts(as_user, world, items, url):  # type: ignore[no-untyped-def]
    """TKT-09: open, amber and red per person, and the unassigned items."""
    page = html(as_user(world.tl).get(url))
    table = page[page.index("Offene Vorgänge je Person") :]
    worker_row = re.search(r"Worker Test</a>\s*</th>(.*?)</tr>", table, re.S)
    assert worker_row
    cells = re.findall(r'<td class="col-num">(.*?)</td>', worker_row.group(1), re.S)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells] == ["2", "1", "1"]
    assert '<a href="?member=none">Nicht zugewiesen</a>' in table


def test_filter_by_member_unassigned_light_and_kind(as_user, world, items, url):  # type: ignore[no-untyped-def]
    client = as_user(world.tl)
    assert set(_titles(client.get(url, {"member": world.worker.id}))) == {"Widerspruch", "Rückruf"}
    assert _titles(client.get(url, {"member": "none"})) == ["Posteingang"]
    assert _titles(client.get(url, {"light": "amber"})) == ["Rückruf"]
    assert _titles(client.get(url, {"kind": "callback"})) == []


def test_team_chooser_lists_the_visible_teams(as_user, world, items):  # type: ignore[no-untyped-def]
    response = as_user(world.gf).get(f"/o/{world.org.slug}/team/")
    assert heading(response) == "Team-Postkörbe"
    assert f'href="/o/{world.org.slug}/team/{world.team.id}/"' in html(response)
    assert f'href="/o/{world.org.slug}/team/{world.team_integration.id}/"' in html(response)


def test_team_chooser_goes_straight_to_the_only_team(as_user, world):  # type: ignore[no-untyped-def]
    response = as_user(world.tl).get(f"/o/{world.org.slug}/team/")
    assert response.status_code == 302
    assert response.url == f"/o/{world.org.slug}/team/{world.team.id}/"


@pytest.mark.parametrize("who", ["worker", "provider", "av", "tl_integration"])
def test_others_get_404(as_user, world, url, who):  # type: ignore[no-untyped-def]
    """Only the team's leads and management see the team page; everyone else gets 404."""
    client = as_user(getattr(world, who))
    assert client.get(url).status_code == 404
    if who != "tl_integration":
        assert client.get(f"/o/{world.org.slug}/team/").status_code == 404


def test_reassign_asks_for_confirmation_then_moves_the_items(as_user, world, items, url):  # type: ignore[no-untyped-def]
    """TKT-05: select items, choose a member, confirm; then the items belong to that member."""
    client = as_user(world.tl)
    chosen = [items["w_red"].id, items["none"].id]
    post = {"items": chosen, "assignee": world.worker2.id, "next": url}

    confirm = client.post(f"{url}zuweisen/", post)
    assert confirm.status_code == 200
    assert heading(confirm) == "Neuzuweisung bestätigen"
    assert "Worker2 Test" in html(confirm)
    assert set(WorkItem.objects.filter(id__in=chosen).values_list("assignee_id", flat=True)) != {
        world.worker2.id
    }

    done = client.post(f"{url}zuweisen/", {**post, "confirm": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == url
    assert "2 Vorgänge wurden Worker2 Test zugewiesen." in html(done)
    assert set(WorkItem.objects.filter(id__in=chosen).values_list("assignee_id", flat=True)) == {
        world.worker2.id
    }
    assert AuditEntry.objects.filter(action="work.reassigned").count() == 2


def test_reassign_without_selection_shows_a_german_error(as_user, world, items, url):  # type: ignore[no-untyped-def]
    response = as_user(world.tl).post(f"{url}zuweisen/", {"assignee": world.worker2.id})
    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens einen Vorgang aus." in html(response)


def test_items_of_other_teams_cannot_be_smuggled_in(as_user, world, items, url):  # type: ignore[no-untyped-def]
    foreign = items["other_team"]
    response = as_user(world.tl).post(
        f"{url}zuweisen/", {"items": [foreign.id], "assignee": world.worker2.id, "confirm": "1"}
    )
    assert response.status_code == 200  # the form is shown again with an error
    foreign.refresh_from_db()
    assert foreign.assignee_id == world.av.id


def test_team_export_csv(as_user, world, items, url):  # type: ignore[no-untyped-def]
    rows = read_csv(as_user(world.tl).get(url, {"member": world.worker.id, "export": "csv"}))
    assert rows[0][0] == "Ampel"
    assert {r[2] for r in rows[1:]} == {"Widerspruch", "Rückruf"}
    assert {r[7] for r in rows[1:]} == {"Worker Test"}
