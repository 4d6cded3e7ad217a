"""TKT-05, TKT-08 … TKT-12: the team lead's controlling page — figures per person with traffic
lights, the team's open tickets with filters and reassigning, completions, talks about repeated
overruns, spot checks, export; only leads and management (NFR-05)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anliegen.org.scope import scope_for
from anliegen.tickets.actions import complete_ticket, create_ticket, record_commitment
from anliegen.tickets.controlling import detect_violations, draw_spot_checks, raise_overrun_flags
from anliegen.tickets.models import OverrunFlag, SpotCheck
from tests.factories import make_customer
from tests.web.helpers import heading, html, read_csv, read_xlsx


@pytest.fixture
def url(world):
    return f"/o/{world.org.slug}/tickets/controlling/{world.team.id}/"


@pytest.fixture
def desk(world, new_ticket, travel):
    """Leistung tickets of Tuesday 1.12.2026 (due Tuesday 8.12.) for world.worker: one
    completed on Monday 7.12., one with a commitment; on Wednesday 9.12. the third is red."""
    travel("2026-12-01 09:00")
    scope = scope_for(world.worker, world.org)
    a, b, c = new_ticket(), new_ticket(), new_ticket()
    travel("2026-12-02 09:00")
    record_commitment(
        actor=world.worker,
        scope=scope,
        ticket=b,
        promised_date=dt.date(2026, 12, 18),
        note="Zusage bis 18.12.",
    )
    travel("2026-12-07 09:00")
    complete_ticket(actor=world.worker, scope=scope, ticket=a, resolution="Bescheid erklärt")
    travel("2026-12-09 09:00")
    detect_violations()
    return {"done": a, "committed": b, "red": c}


def _row(page: str, name: str) -> list[str]:
    table = page[page.index("Tickets je Person") :]
    match = re.search(rf">{re.escape(name)}</a>.*?</th>(.*?)</tr>", table, re.S)
    assert match, name
    cells = re.findall(r'<td class="col-num">(.*?)</td>', match.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def _ticket_ids(page: str) -> set[int]:
    section = page[page.index('id="offene-tickets"') : page.index('id="erledigungen"')]
    return {int(n) for n in re.findall(r'name="bulk-tickets" value="(\d+)"', section)}


def test_team_lead_sees_figures_per_person(client, world, desk, url):
    """TKT-09: open, amber, red, with commitment, violations, completed week/month per person."""
    client.force_login(world.tl)
    response = client.get(url)
    assert response.status_code == 200
    assert heading(response) == "Team Leistung 1"
    page = html(response)
    assert "Ticket-Controlling" in page
    # open, amber, red, with commitment, violations, completed this week, this month
    assert _row(page, "Worker Test") == ["2", "0", "1", "1", "1", "1", "1"]
    assert _row(page, "Worker2 Test") == ["0"] * 7
    assert 'class="num num--red">1<' in page  # red is marked, not only by colour
    assert "Fristüberschreitungen: letzte 90 Tage" in page


def test_completion_shows_in_the_controlling_page(client, world, desk, url):
    """TKT-08: the TL sees each completion with its resolution."""
    client.force_login(world.tl)
    page = html(client.get(url))
    completions = page[page.index('id="erledigungen"') :]
    assert f"Ticket {desk['done'].id}: Erika Mustermann" in completions
    assert "Bescheid erklärt" in completions
    assert "fristgerecht" in completions


def test_open_tickets_with_filters(client, world, desk, url, new_ticket):
    client.force_login(world.tl)
    assert _ticket_ids(html(client.get(url))) == {desk["committed"].id, desk["red"].id}
    assert _ticket_ids(html(client.get(url, {"light": "red"}))) == {desk["red"].id}
    assert _ticket_ids(html(client.get(url, {"member": world.worker2.id}))) == set()
    assert _ticket_ids(html(client.get(url, {"area": "integration"}))) == set()
    page = html(client.get(url, {"member": "none"}))
    assert "Keine Tickets entsprechen diesen Filtern." in page


def test_lead_reassigns_several_tickets_at_once(client, world, desk, url):
    """TKT-05: the TL moves tickets of a person to a colleague in one step."""
    client.force_login(world.tl)
    response = client.post(
        f"{url}zuweisen/",
        {
            "bulk-tickets": [desk["committed"].id, desk["red"].id],
            "bulk-assignee": str(world.worker2.pk),
            "next": url,
        },
        follow=True,
    )
    assert "2 Tickets wurden Worker2 Test zugewiesen." in html(response)
    for ticket in (desk["committed"], desk["red"]):
        ticket.item.refresh_from_db()
        assert ticket.item.assignee == world.worker2


def test_reassigning_without_selection_says_so(client, world, desk, url):
    client.force_login(world.tl)
    response = client.post(f"{url}zuweisen/", {"bulk-assignee": str(world.worker2.pk)})
    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens ein Ticket aus." in html(response)
    desk["red"].item.refresh_from_db()
    assert desk["red"].item.assignee == world.worker


def test_tickets_of_another_team_cannot_be_reassigned_here(client, world, desk, new_ticket, url):
    integration = new_ticket(area="integration")
    client.force_login(world.tl)
    response = client.post(
        f"{url}zuweisen/",
        {"bulk-tickets": [integration.id], "bulk-assignee": str(world.worker2.pk)},
    )
    assert response.status_code == 200  # the form again: that ticket is no choice here
    integration.item.refresh_from_db()
    assert integration.item.assignee is None


def test_export_of_figures_and_tickets(client, world, desk, url):
    """FND-12: the figures as CSV, the team's open tickets as XLSX."""
    client.force_login(world.tl)
    rows = read_csv(client.get(url, {"export": "csv"}))
    assert rows[0] == [
        "Person",
        "offen",
        "gelb",
        "rot",
        "mit Zusage",
        "Fristüberschreitungen (90 Tage)",
        "erledigt diese Woche",
        "erledigt diesen Monat",
        "Gespräch fällig",
    ]
    worker = next(r for r in rows if r[0] == "Worker Test")
    assert worker[1:] == ["2", "0", "1", "1", "1", "1", "1", "nein"]
    tickets = read_xlsx(client.get(url, {"export": "xlsx", "table": "tickets"}))
    assert tickets[0][0] == "Ticket"
    assert {r[0] for r in tickets[1:]} == {desk["committed"].id, desk["red"].id}


def test_overrun_flag_and_the_talk(client, world, new_ticket, url, travel):
    """TKT-11: three violations flag the worker; the TL records the talk, the flag goes."""
    travel("2026-11-02 09:00")
    for _ in range(3):
        new_ticket()
    travel("2026-11-20 09:00")
    detect_violations()
    raise_overrun_flags()
    flag = OverrunFlag.objects.get(user=world.worker)
    client.force_login(world.tl)
    page = html(client.get(url))
    assert "Mehrfache Terminüberschreitungen" in page
    assert "3 Fristüberschreitungen in 90 Tagen" in page
    assert "Gespräch fällig" in page
    assert "Gespräch erfassen" in page

    talk_url = f"{url}gespraech/{flag.id}/"
    response = client.post(talk_url, {f"talk{flag.id}-note": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in html(response)
    flag.refresh_from_db()
    assert flag.talk_at is None

    response = client.post(
        talk_url,
        {f"talk{flag.id}-note": "Rückstände besprochen, Unterstützung durch Kollegin", "next": url},
        follow=True,
    )
    assert "Das Gespräch mit Worker Test wurde erfasst." in html(response)
    assert "Mehrfache Terminüberschreitungen" not in html(response)
    flag.refresh_from_db()
    assert flag.talk_note.startswith("Rückstände")


def test_worker_cannot_record_the_talk(client, world, new_ticket, url, travel):
    travel("2026-11-02 09:00")
    for _ in range(3):
        new_ticket()
    travel("2026-11-20 09:00")
    detect_violations()
    raise_overrun_flags()
    flag = OverrunFlag.objects.get()
    client.force_login(world.worker2)
    response = client.post(f"{url}gespraech/{flag.id}/", {f"talk{flag.id}-note": "x"})
    assert response.status_code == 403
    flag.refresh_from_db()
    assert flag.talk_at is None


@pytest.fixture
def spot_checks(world, agent, travel):
    """TKT-12: two Integration completions in November → two spot checks in December."""
    travel("2026-11-02 09:00")
    scope = scope_for(world.av, world.org)
    for n in range(2):
        customer = make_customer(world, contact_person=world.av)
        ticket, _ = create_ticket(
            actor=agent,
            scope=scope_for(agent, world.org),
            area="integration",
            customer_number=customer.customer_number,
            concern=f"Anliegen {n}",
        )
        complete_ticket(actor=world.av, scope=scope, ticket=ticket, resolution=f"Lösung {n}")
    travel("2026-12-01 09:00")
    draw_spot_checks(month=dt.date(2026, 11, 1))
    return list(SpotCheck.objects.order_by("id"))


def test_spot_checks_ok_and_not_ok(client, world, spot_checks):
    """TKT-12: the TL records ok, or not ok with a note (required)."""
    url = f"/o/{world.org.slug}/tickets/controlling/{world.team_integration.id}/"
    first, second = spot_checks
    client.force_login(world.tl_integration)
    page = html(client.get(url))
    assert "Stichproben" in page
    assert "Lösung 0" in page
    assert "Lösung 1" in page
    assert "nicht in Ordnung" in page

    response = client.post(
        f"{url}stichprobe/{first.id}/",
        {f"check{first.id}-result": "not_ok", f"check{first.id}-note": ""},
    )
    assert response.status_code == 200
    assert "Bitte vermerken Sie, was nicht in Ordnung war." in html(response)
    first.refresh_from_db()
    assert first.checked_at is None

    client.post(
        f"{url}stichprobe/{first.id}/",
        {
            f"check{first.id}-result": "not_ok",
            f"check{first.id}-note": "Bescheid fehlt",
            "next": url,
        },
    )
    response = client.post(
        f"{url}stichprobe/{second.id}/",
        {f"check{second.id}-result": "ok", "next": url},
        follow=True,
    )
    assert "Die Stichprobe wurde erfasst." in html(response)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.result, first.note) == ("not_ok", "Bescheid fehlt")
    assert second.result == "ok"
    page = html(response)
    assert "Keine offenen Stichproben." in page
    assert "Zuletzt geprüft" in page


def test_another_lead_cannot_record_spot_checks(client, world, spot_checks):
    check = spot_checks[0]
    client.force_login(world.tl)
    response = client.post(
        f"/o/{world.org.slug}/tickets/controlling/{world.team_integration.id}/stichprobe/{check.id}/",
        {f"check{check.id}-result": "ok"},
    )
    assert response.status_code == 403


def test_deputy_lead_and_management_see_the_page(client, world, desk, url):
    """TKT-09: the deputy TL sees the same; management sees every team."""
    for user in (world.deputy, world.gf, world.office):
        client.force_login(user)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("who", "status"), [("worker", 403), ("av", 403), ("tl_integration", 403)])
def test_case_workers_and_other_leads_are_refused(client, world, url, who, status):
    client.force_login(getattr(world, who))
    assert client.get(url).status_code == status
    assert client.get(url, {"export": "csv"}).status_code == status


def test_provider_and_other_organisation_get_404(client, world, other, url):
    for user in (world.provider, other.gf):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(world.tl)
    assert (
        client.get(f"/o/{world.org.slug}/tickets/controlling/{other.team.id}/").status_code == 404
    )


def test_chooser(client, world):
    base = f"/o/{world.org.slug}/tickets/controlling/"
    client.force_login(world.tl)
    response = client.get(base)
    assert response.status_code == 302
    assert response.url == f"{base}{world.team.id}/"
    client.force_login(world.gf)
    page = html(client.get(base))
    assert f'href="{base}{world.team.id}/"' in page
    assert f'href="{base}{world.team_integration.id}/"' in page
    client.force_login(world.worker)
    assert client.get(base).status_code == 404
