"""TKT-03 … TKT-06: the ticket page — facts and deadline, the amber reminder, commitment,
completion, callback, appointment and the lead's reassigning; access (NFR-05)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.customers.models import HistoryEntry
from anliegen.org.actions import record_absence
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import complete_ticket
from anliegen.tickets.models import Commitment, Completion, Violation
from anliegen.work.models import Notification
from tests.web.helpers import heading, html


@pytest.fixture
def ticket(new_ticket, travel):
    """A Leistung ticket of Monday 23.11.2026 for world.worker, due Monday 30.11.2026."""
    travel("2026-11-23 09:00")
    return new_ticket(area="benefits")


def _url(world, ticket, action=""):
    return f"/o/{world.org.slug}/tickets/{ticket.id}/{action}"


def test_ticket_page_shows_customer_concern_and_deadlines(client, world, ticket):
    """TKT-01/TKT-02: customer link, concern, due date with light, rule deadline."""
    client.force_login(world.worker)
    response = client.get(_url(world, ticket))
    assert response.status_code == 200
    page = html(response)
    assert heading(response) == f"Ticket {ticket.id}: Erika Mustermann"
    assert f'href="/o/{world.org.slug}/kunden/{ticket.customer.customer_number}/"' in page
    assert "Frage zum Bewilligungsbescheid" in page
    assert "Frist laut Regel" in page
    assert "Mo, 30.11.2026" in page
    assert "light--green" in page
    assert "Zusage erfassen" in page
    assert "Ticket erledigen" in page
    assert "Zuweisen" not in page  # only leads reassign


def test_amber_ticket_without_commitment_shows_the_reminder(client, world, ticket, travel):
    """TKT-04: amber and no commitment → a visible reminder that a commitment is needed."""
    client.force_login(world.worker)
    reminder = "Kann das Ticket bis dahin nicht erledigt werden, ist eine Zusage nötig."
    assert reminder not in html(client.get(_url(world, ticket)))  # green: no reminder
    travel(f"{ticket.item.amber_from.isoformat()} 09:00")
    client.force_login(world.worker)  # sessions end after a working day
    page = html(client.get(_url(world, ticket)))
    assert "light--amber" in page
    assert "Die Frist endet am Montag, 30.11.2026." in page
    assert reminder in page
    # Once a commitment is recorded, the reminder goes away.
    client.post(
        _url(world, ticket, "zusage/"),
        {"commitment-promised_date": "2026-12-04", "commitment-note": "Bescheid bis Freitag"},
    )
    assert reminder not in html(client.get(_url(world, ticket)))


def test_red_ticket_warns_of_the_violation(client, world, ticket, travel):
    travel("2026-12-01 09:00")
    client.force_login(world.worker)
    page = html(client.get(_url(world, ticket)))
    assert "Die Frist ist überschritten." in page
    assert "light--red" in page


def test_commitment_moves_the_deadline(client, world, ticket, travel):
    """TKT-04: the promised date becomes the deadline; the note goes into the history."""
    travel("2026-11-27 10:00")
    client.force_login(world.worker)
    response = client.post(
        _url(world, ticket, "zusage/"),
        {"commitment-promised_date": "2026-12-04", "commitment-note": "Bescheid kommt bis Freitag"},
        follow=True,
    )
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 12, 4)
    page = html(response)
    assert "Zusage gespeichert. Neue Frist: Freitag, 04.12.2026." in page
    assert "Erledigung bis Fr, 04.12.2026" in page  # the commitments list
    assert "Bescheid kommt bis Freitag" in page
    assert HistoryEntry.objects.filter(kind="commitment").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"commitment-promised_date": "2026-11-20", "commitment-note": "x"},
            "Das zugesagte Datum darf nicht in der Vergangenheit liegen.",
        ),
        (
            {"commitment-promised_date": "2026-12-04", "commitment-note": ""},
            "Dieses Feld ist zwingend erforderlich.",
        ),
        (
            {"commitment-promised_date": "morgen", "commitment-note": "x"},
            "Bitte ein gültiges Datum eingeben.",
        ),
    ],
)
def test_bad_commitment_is_rejected(client, world, ticket, data, message):
    """NFR-04: a German message next to the field, the deadline unchanged."""
    client.force_login(world.worker)
    response = client.post(_url(world, ticket, "zusage/"), data)
    assert response.status_code == 200
    assert message in html(response)
    assert "field--invalid" in html(response)
    assert not Commitment.objects.exists()
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 11, 30)


def test_complete_needs_a_resolution_and_informs_the_lead(client, world, ticket):
    """TKT-03/TKT-08: no completion without resolution; then the TL is notified."""
    client.force_login(world.worker)
    response = client.post(_url(world, ticket, "erledigen/"), {"complete-resolution": "  "})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in html(response)
    assert not Completion.objects.exists()

    response = client.post(
        _url(world, ticket, "erledigen/"),
        {"complete-resolution": "Bescheid erläutert, Nachzahlung veranlasst"},
        follow=True,
    )
    page = html(response)
    assert "Das Ticket wurde fristgerecht erledigt." in page
    assert "Bescheid erläutert, Nachzahlung veranlasst" in page
    assert "Ticket erledigen" not in page
    assert Completion.objects.get().on_time
    assert Notification.objects.filter(user=world.tl, kind="item_completed").exists()


def test_completing_twice_says_so(client, world, ticket):
    """NFR-03: someone else completed it first → a German message, nothing changed."""
    complete_ticket(
        actor=world.tl, scope=scope_for(world.tl, world.org), ticket=ticket, resolution="erledigt"
    )
    client.force_login(world.worker)
    response = client.post(
        _url(world, ticket, "erledigen/"), {"complete-resolution": "auch erledigt"}, follow=True
    )
    assert "Dieser Vorgang wurde bereits erledigt." in html(response)
    assert Completion.objects.get().resolution == "erledigt"


def test_late_completion_counts_the_violation(client, world, ticket, travel):
    travel("2026-12-02 09:00")
    client.force_login(world.worker)
    response = client.post(
        _url(world, ticket, "erledigen/"), {"complete-resolution": "erledigt"}, follow=True
    )
    assert "nach Fristablauf erledigt" in html(response)
    assert Violation.objects.filter(ticket=ticket, user=world.worker).count() == 1


def test_callback_ticket_records_the_callback(client, world, new_ticket, travel):
    """TKT-06: callback wishes are handled by calling back; the callback is noted."""
    travel("2026-11-23 09:00")
    ticket = new_ticket(kind="callback")
    client.force_login(world.worker)
    page = html(client.get(_url(world, ticket)))
    assert "Rückruf erfassen" in page
    response = client.post(_url(world, ticket, "rueckruf/"), {"callback-note": ""})
    assert "Dieses Feld ist zwingend erforderlich." in html(response)
    response = client.post(
        _url(world, ticket, "rueckruf/"),
        {"callback-note": "Kunde erreicht, Unterlagen kommen per Post"},
        follow=True,
    )
    page = html(response)
    assert "Der Rückruf wurde erfasst." in page
    assert "Zurückgerufen am 23.11.2026" in page
    assert "Rückruf erfassen" not in page


def test_appointment_ticket_shows_the_information_deadline_and_records(
    client, world, new_ticket, travel
):
    """TKT-06: the customer is to be told the exact appointment within 5 working days."""
    travel("2026-11-23 09:00")
    ticket = new_ticket(kind="appointment")
    client.force_login(world.worker)
    page = html(client.get(_url(world, ticket)))
    assert "Der Kunde ist bis <strong>Montag, 30.11.2026</strong> über den genauen Termin" in page
    bad = client.post(
        _url(world, ticket, "termin/"),
        {"appointment-date": "2026-11-20", "appointment-time": "10:00", "appointment-place": "R 1"},
    )
    assert "Der Termin darf nicht in der Vergangenheit liegen." in html(bad)
    response = client.post(
        _url(world, ticket, "termin/"),
        {
            "appointment-date": "2026-12-02",
            "appointment-time": "10:30",
            "appointment-place": "Raum 2.14",
        },
        follow=True,
    )
    page = html(response)
    assert "Der Termin am Mittwoch, 02.12.2026, 10:30 wurde erfasst." in page
    ticket.refresh_from_db()
    assert ticket.appointment_place == "Raum 2.14"
    assert ticket.appointment_at.astimezone(dt.UTC).hour == 9  # 10:30 Berlin = 09:30 UTC


def test_lead_reassigns_the_ticket(client, world, ticket):
    """TKT-05: the TL gives the ticket to another member of the team."""
    client.force_login(world.tl)
    assert "Neue zuständige Person" in html(client.get(_url(world, ticket)))
    response = client.post(
        _url(world, ticket, "zuweisen/"), {"reassign-assignee": str(world.worker2.pk)}, follow=True
    )
    assert "Das Ticket wurde Worker2 Test zugewiesen." in html(response)
    ticket.item.refresh_from_db()
    assert ticket.item.assignee == world.worker2


def test_case_worker_may_not_reassign(client, world, ticket):
    client.force_login(world.worker)
    response = client.post(
        _url(world, ticket, "zuweisen/"), {"reassign-assignee": str(world.worker2.pk)}
    )
    assert response.status_code == 403
    ticket.item.refresh_from_db()
    assert ticket.item.assignee == world.worker


def test_deputy_handles_the_ticket_of_an_absent_colleague(client, world, ticket, travel):
    """TKT-05/FND-03: while the worker is absent, the deputy sees and completes the ticket."""
    client.force_login(world.worker2)
    assert client.get(_url(world, ticket)).status_code == 404
    record_absence(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        person=world.worker,
        start=dt.date(2026, 11, 23),
        end=dt.date(2026, 11, 27),
        deputy=world.worker2,
    )
    page = html(client.get(_url(world, ticket)))
    assert "Vertretung für Worker Test" in page
    response = client.post(
        _url(world, ticket, "erledigen/"), {"complete-resolution": "erledigt"}, follow=True
    )
    assert response.status_code == 200
    assert Completion.objects.get().completed_by == world.worker2


@pytest.mark.parametrize("who", ["provider", "av", "worker2"])
def test_others_get_404(client, world, ticket, who):
    """NFR-05: whoever may not see the ticket gets 404, never its data."""
    client.force_login(getattr(world, who))
    response = client.get(_url(world, ticket))
    assert response.status_code == 404
    assert "Bewilligungsbescheid" not in html(response)
    response = client.post(
        _url(world, ticket, "zusage/"),
        {"commitment-promised_date": "2026-12-04", "commitment-note": "x"},
    )
    assert response.status_code == 404


def test_other_organisation_gets_404(client, world, other, ticket):
    client.force_login(other.gf)
    assert client.get(_url(world, ticket)).status_code == 404
    # and in its own organisation the ticket id does not exist either
    assert client.get(f"/o/{other.org.slug}/tickets/{ticket.id}/").status_code == 404


def test_work_item_link_leads_to_the_ticket(client, world, ticket):
    client.force_login(world.worker)
    response = client.get(f"/o/{world.org.slug}/tickets/vorgang/{ticket.item_id}/")
    assert response.status_code == 302
    assert response.url == _url(world, ticket)
    client.force_login(world.worker2)
    assert client.get(f"/o/{world.org.slug}/tickets/vorgang/{ticket.item_id}/").status_code == 404


def test_recorded_appointment_downloads_as_icalendar(client, world, new_ticket, travel):
    """FND-12/TKT-06: the appointment as an .ics file that calendar programs read."""
    import icalendar

    travel("2026-11-23 09:00")
    ticket = new_ticket(kind="appointment")
    client.force_login(world.worker)
    assert client.get(_url(world, ticket, "termin.ics")).status_code == 404
    client.post(
        _url(world, ticket, "termin/"),
        {
            "appointment-date": "2026-12-02",
            "appointment-time": "10:30",
            "appointment-place": "Raum 2.14",
        },
    )
    response = client.get(_url(world, ticket, "termin.ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (dt.date(2026, 12, 2), 10, 30)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert str(event["location"]) == "Raum 2.14"
    assert str(event["summary"]).startswith("Termin beim Jobcenter")
    other = client.get(f"/o/{world.org.slug}/tickets/{ticket.id}/termin.ics")
    assert other.status_code == 200
    client.force_login(world.worker2)
    assert client.get(_url(world, ticket, "termin.ics")).status_code == 404
