"""KON-04 and KON-01 in the web UI: the invitation worklist (sections, team and case-worker
choice, export, scope) and the individual-interval form; the next-contact card on the customer
page."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.contacts.models import ContactSchedule
from anliegen.customers.actions import add_note
from anliegen.org.scope import scope_for
from tests.factories import make_customer
from tests.web.helpers import heading, html, read_csv, read_xlsx, resources

# Wednesday 25 November 2026: this week runs 23–29 Nov, next week 30 Nov – 6 Dec.
TODAY = "2026-11-25 10:00"


@pytest.fixture
def as_user(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def contacted(world, person, last: dt.date, number: str, **fields):
    """Unemployed, Ü25 Basis (every 2 months), with a consultation note on ``last``."""
    customer = make_customer(
        world,
        customer_number=number,
        contact_person=person,
        birth_date=dt.date(1990, 4, 1),
        **fields,
    )
    actor = person or world.tl
    add_note(
        actor=actor,
        scope=scope_for(actor, world.org),
        customer=customer,
        kind="consultation",
        text="Beratungsgespräch",
        contact_date=last,
    )
    return customer


@pytest.fixture
def plan(world, travel):
    travel(TODAY)
    return {
        "overdue": contacted(world, world.worker, dt.date(2026, 9, 1), "K7001"),  # due 01.11.
        "this_week": contacted(
            world, world.worker, dt.date(2026, 9, 27), "K7002", last_name="Wochenheute"
        ),  # due 27.11.
        "next_week": contacted(
            world, world.worker, dt.date(2026, 10, 2), "K7003", last_name="Naechste"
        ),  # due 02.12.
        "later": contacted(world, world.worker, dt.date(2026, 11, 20), "K7004"),  # due 20.01.
        "colleague": contacted(
            world, world.worker2, dt.date(2026, 9, 1), "K7005", last_name="Kollegin"
        ),
        "integration": contacted(world, world.av, dt.date(2026, 9, 1), "K7006", last_name="Av"),
        # Seeking, Ü25 Basis: no fixed interval, at most 6 months → due 01.03.2027.
        "seeking": contacted(
            world, world.worker, dt.date(2026, 9, 1), "K7007", last_name="Suchend", status="seeking"
        ),
    }


def _url(world, suffix: str = "") -> str:
    return f"/o/{world.org.slug}/kontakte/{suffix}"


def _section(page: str, title: str) -> str:
    """The HTML of one section (from its heading to the next section)."""
    start = page.index(f">{title} <")
    end = page.find("<section", start)
    return page[start : end if end != -1 else len(page)]


def test_case_worker_sees_three_sections_in_german(as_user, world, plan):
    response = as_user(world.worker).get(_url(world))
    assert response.status_code == 200
    assert heading(response) == "Einladungen"
    page = html(response)
    assert 'aria-current="page">Einladungen</a>' in page
    overdue = _section(page, "Überfällig")
    assert f'href="/o/{world.org.slug}/kunden/K7001/"' in overdue
    assert "01.11.2026" in overdue
    assert "01.09.2026" in overdue  # last contact
    assert "Ü25" in overdue  # care group
    this_week = _section(page, "Fällig diese Woche")
    assert "K7002" in this_week
    assert "27.11.2026" in this_week
    next_week = _section(page, "Fällig nächste Woche")
    assert "K7003" in next_week
    assert "02.12.2026" in next_week
    for hidden in ("K7004", "K7005", "K7006", "K7007"):
        assert hidden not in page
    assert "Team oder Fachkraft wählen" not in page  # no chooser for case workers
    parsed = resources(response)
    assert parsed.inline_scripts == 0
    assert parsed.style_attributes == 0


def test_empty_states(as_user, world, travel):
    travel(TODAY)
    page = html(as_user(world.worker).get(_url(world)))
    assert "Keine überfälligen Kontakte." in page
    assert "Diese Woche sind keine Kontakte fällig." in page
    assert "Nächste Woche sind keine Kontakte fällig." in page
    assert "Export" not in page


def test_lead_chooses_team_and_case_worker(as_user, world, plan):
    client = as_user(world.tl)
    page = html(client.get(_url(world)))
    assert "Team oder Fachkraft wählen" in page
    assert "K7001" in page
    assert "K7005" in page
    assert "K7006" not in page  # another team's
    page = html(client.get(_url(world), {"case_worker": world.worker2.pk}))
    assert "K7005" in page
    assert "K7001" not in page
    page = html(client.get(_url(world), {"team": world.team.pk}))
    assert "K7001" in page
    assert "K7005" in page
    assert "K7006" not in page
    # A team the lead does not lead is not offered: the choice is dropped.
    page = html(client.get(_url(world), {"team": world.team_integration.pk}))
    assert "K7006" not in page
    gf = html(as_user(world.gf).get(_url(world), {"team": world.team_integration.pk}))
    assert "K7006" in gf
    assert "K7001" not in gf


def test_export_csv_and_xlsx(as_user, world, plan):
    client = as_user(world.worker)
    response = client.get(_url(world), {"export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="einladungen-')
    rows = read_csv(response)
    assert rows[0][:4] == ["Abschnitt", "Kundennummer", "Kunde", "Nächster Kontakt fällig"]
    assert [r[:2] for r in rows[1:]] == [
        ["Überfällig", "K7001"],
        ["Fällig diese Woche", "K7002"],
        ["Fällig nächste Woche", "K7003"],
    ]
    assert rows[1][3] == "01.11.2026"
    assert rows[1][5] == "01.09.2026"
    xlsx = read_xlsx(client.get(_url(world), {"export": "xlsx"}))
    assert xlsx[1][1] == "K7001"
    due = xlsx[1][3]
    assert isinstance(due, dt.datetime)
    assert due.date() == dt.date(2026, 11, 1)


def test_other_organisation_and_provider_get_404(as_user, world, other, plan):
    assert as_user(other.worker).get(_url(world)).status_code == 404
    assert as_user(other.worker).get(_url(world, "K7001/intervall/")).status_code == 404
    assert as_user(world.provider).get(_url(world)).status_code == 404
    assert as_user(world.provider).get(_url(world, "K7001/intervall/")).status_code == 404
    assert as_user(world.worker).get(_url(world, "K9999/intervall/")).status_code == 404


def test_set_and_clear_the_individual_interval(as_user, world, plan):
    client = as_user(world.worker)
    url = _url(world, "K7007/intervall/")
    assert "K7007" not in html(client.get(_url(world)))
    response = client.get(url)
    assert heading(response) == "Individuelles Kontaktintervall"
    assert "Kein individuelles Intervall (Regel gilt)" in html(response)

    response = client.post(url, {"unit": "weeks", "count": "4"})
    assert response.status_code == 302
    assert response["Location"] == f"/o/{world.org.slug}/kunden/K7007/#naechster-kontakt"
    schedule = ContactSchedule.objects.get(customer=plan["seeking"])
    assert (schedule.individual_interval_unit, schedule.individual_interval_count) == ("weeks", 4)
    assert schedule.due_date == dt.date(2026, 9, 29)
    assert AuditEntry.objects.filter(action="contacts.interval_set").count() == 1
    page = html(client.get(response["Location"]))
    assert "Das individuelle Kontaktintervall wurde gespeichert." in page
    assert "Individuelles Intervall ändern" in page
    assert "K7007" in _section(html(client.get(_url(world))), "Überfällig")

    response = client.post(url, {"unit": "", "count": ""})
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.individual_interval_unit == ""
    assert schedule.individual_interval_count is None
    assert schedule.due_date == dt.date(2027, 3, 1)


def test_interval_above_the_cap_is_refused_in_german(as_user, world, plan):
    client = as_user(world.worker)
    url = _url(world, "K7007/intervall/")
    before = ContactSchedule.objects.get(customer=plan["seeking"])
    response = client.post(url, {"unit": "months", "count": "7"})
    assert response.status_code == 200
    page = html(response)
    assert "Bitte korrigieren Sie die markierten Angaben." in page
    assert "Arbeitsuchende Kunden dürfen höchstens 6 Monate ohne Kontakt bleiben" in page
    assert 'id="id_count-error"' in page
    after = ContactSchedule.objects.get(customer=plan["seeking"])
    assert after.individual_interval_unit == ""
    assert after.due_date == before.due_date
    assert not AuditEntry.objects.filter(action="contacts.interval_set").exists()

    response = client.post(url, {"unit": "weeks", "count": ""})
    assert response.status_code == 200
    assert "Bitte die Anzahl der Wochen oder Monate angeben." in html(response)
    response = client.post(url, {"unit": "weeks", "count": "0"})
    assert response.status_code == 200
    assert 'id="id_count-error"' in html(response)


def test_customer_page_shows_the_next_contact_card(as_user, world, plan):
    client = as_user(world.worker)
    before = AccessEntry.objects.filter(customer=plan["overdue"]).count()
    page = html(client.get(f"/o/{world.org.slug}/kunden/K7001/"))
    assert "Nächster Kontakt" in page
    assert "01.11.2026" in page
    assert "überfällig" in page
    assert f'href="/o/{world.org.slug}/kontakte/K7001/intervall/"' in page
    assert "Individuelles Intervall festlegen" in page
    assert AccessEntry.objects.filter(customer=plan["overdue"]).count() == before + 1
    employer = make_customer(
        world, customer_number="K7100", kind="employer", company_name="Firma", birth_date=None
    )
    page = html(client.get(f"/o/{world.org.slug}/kunden/{employer.customer_number}/"))
    assert "Nächster Kontakt" not in page
