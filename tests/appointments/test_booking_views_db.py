"""KON-06/07, QS-01 in the web UI: book an appointment by hand from the customer page and the
week calendar (slots, other time, German errors, letter downloads), the consultation note after
a held appointment, and the opening-hours pages with confirmation before deleting."""

import datetime as dt
import io

import docx
import pytest
from pypdf import PdfReader

from anliegen.appointments.models import Appointment, OpeningHours
from anliegen.audit.models import AccessEntry
from anliegen.core.clock import BERLIN
from anliegen.customers.models import HistoryEntry
from tests.factories import make_customer

BOOK = "/o/jc-test/termine/vereinbaren/"
CALENDAR = "/o/jc-test/kontakte/wochenkalender/"
SITES = "/o/jc-test/standorte/"


@pytest.fixture
def customer(world, now):
    return make_customer(world, contact_person=world.worker, first_name="Eva", last_name="Albers")


def slot(day, hour):
    return dt.datetime(2026, 12, day, hour, tzinfo=BERLIN).isoformat()


def test_customer_page_links_to_booking_with_defaults(client, world, customer):
    client.force_login(world.tl)
    page = client.get(f"/o/jc-test/kunden/{customer.customer_number}/").content.decode()
    assert f"{BOOK}?kunde={customer.customer_number}" in page
    assert "Termin vereinbaren" in page
    response = client.get(BOOK, {"kunde": customer.customer_number})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<option value="worker" selected>' in page  # the contact person by default
    assert '<option value="worker2">' in page  # a lead may choose a member of the team
    assert f'value="{slot(1, 9)}"' in page
    assert "Dienstag, 01.12.2026" in page
    assert AccessEntry.objects.filter(customer=customer, purpose="appointment").exists()


def test_book_a_free_slot_with_letter_and_history(client, world, customer, unoserver):
    client.force_login(world.worker)
    response = client.post(
        BOOK,
        {
            "kunde": customer.customer_number,
            "case_worker": "worker",
            "slot": slot(1, 9),
            "note": "Lebenslauf",
        },
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/o/jc-test/termine/{appointment.pk}/gebucht/"
    assert appointment.source == "manual"
    assert appointment.note == "Lebenslauf"
    assert HistoryEntry.objects.filter(customer=customer, kind="invitation").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Termin gebucht" in page
    assert "Dienstag, 01.12.2026" in page
    letter = client.get(f"/o/jc-test/kontakte/termine/{appointment.pk}/einladung.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.content)).paragraphs)
    assert "01.12.2026" in text
    pdf = client.get(f"/o/jc-test/kontakte/wochenplan/einladungen.pdf?ids={appointment.pk}")
    assert pdf["Content-Type"] == "application/pdf"
    assert "01.12.2026" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    customer_page = client.get(f"/o/jc-test/kunden/{customer.customer_number}/").content.decode()
    assert f"/o/jc-test/termine/{appointment.pk}/gebucht/" in customer_page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"slot": slot(1, 9)},
            "Dieser Termin ist bereits gebucht. Bitte wählen Sie eine andere Zeit.",
        ),
        (
            {"day": "2026-12-01", "time": "07:00"},
            "Der Termin liegt außerhalb der Öffnungszeiten des Standorts.",
        ),
        ({"day": "2026-11-20", "time": "09:00"}, "Der Termin muss in der Zukunft liegen."),
        ({"day": "2026-12-07", "time": "09:00"}, "Die Fachkraft ist an diesem Tag abwesend."),
        ({}, "Wählen Sie einen freien Termin oder geben Sie eine andere Zeit ein."),
        ({"day": "2026-12-01"}, "Geben Sie Datum und Uhrzeit ein."),
    ],
    ids=["taken", "outside-hours", "past", "absence", "nothing", "date-only"],
)
def test_errors_are_german_and_book_nothing(client, world, customer, data, message):
    from anliegen.org.models import Absence

    Absence.objects.create(
        user=world.worker,
        organisation=world.org,
        start=dt.date(2026, 12, 7),
        end=dt.date(2026, 12, 7),
    )
    first = make_customer(world, contact_person=world.worker)
    client.force_login(world.worker)
    client.post(BOOK, {"kunde": first.customer_number, "case_worker": "worker", "slot": slot(1, 9)})
    response = client.post(
        BOOK, {"kunde": customer.customer_number, "case_worker": "worker", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Appointment.objects.filter(customer=customer).exists()


def test_other_time_outside_opening_hours_qs02(client, world, customer):
    client.force_login(world.worker)
    response = client.post(
        BOOK,
        {
            "kunde": customer.customer_number,
            "case_worker": "worker",
            "day": "2026-12-01",
            "time": "18:30",
            "outside_opening_hours": "on",
        },
    )
    assert response.status_code == 302
    assert Appointment.objects.get().local_start.strftime("%d.%m. %H:%M") == "01.12. 18:30"


def test_case_worker_cannot_book_for_a_colleague(client, world, customer):
    client.force_login(world.worker2)
    page = client.get(BOOK, {"kunde": customer.customer_number}).content.decode()
    assert "Sie dürfen für diese Fachkraft keine Termine buchen." in page
    response = client.post(
        BOOK, {"kunde": customer.customer_number, "case_worker": "worker", "slot": slot(1, 9)}
    )
    assert "Wählen Sie zuerst Kundin oder Kunde und Fachkraft." in response.content.decode()
    assert not Appointment.objects.exists()


def test_unknown_customer_and_providers(client, world, now):
    client.force_login(world.worker)
    page = client.get(BOOK, {"kunde": "K-NOPE"}).content.decode()
    assert "Keine Kundin und kein Kunde hat diese Kundennummer." in page
    client.force_login(world.provider)
    assert client.get(BOOK).status_code == 404


def test_week_calendar_links_to_booking_for_its_case_worker(client, world, customer):
    client.force_login(world.tl)
    page = client.get(CALENDAR, {"case_worker": "worker2", "week": "2026-W49"}).content.decode()
    assert f"{BOOK}?case_worker=worker2" in page
    form = client.get(BOOK, {"case_worker": "worker2"}).content.decode()
    assert '<option value="worker2" selected>' in form
    assert "Freie Termine anzeigen" in form


def test_held_leads_to_the_consultation_note_and_calendar_shows_it(client, world, customer, travel):
    """KON-07: held → the note form with the appointment's date and kind preselected; nothing
    is written automatically; the calendar shows whether the note exists."""
    client.force_login(world.worker)
    client.post(
        BOOK, {"kunde": customer.customer_number, "case_worker": "worker", "slot": slot(1, 9)}
    )
    appointment = Appointment.objects.get()
    travel("2026-12-01 10:30")
    client.force_login(world.worker)  # the session of a week ago has expired
    response = client.post(
        f"/o/jc-test/kontakte/termine/{appointment.pk}/ergebnis/", {"outcome": "held"}
    )
    note_url = f"/o/jc-test/termine/{appointment.pk}/beratungsvermerk/"
    assert response["Location"] == note_url
    assert not HistoryEntry.objects.filter(kind="consultation").exists()
    page = client.get(note_url).content.decode()
    assert 'value="consultation" id="id_kind_1" required checked>' in page
    assert 'value="note" id="id_kind_0" required>' in page
    assert 'value="2026-12-01"' in page
    assert f'action="/o/jc-test/kunden/{customer.customer_number}/vermerk/"' in page
    calendar = client.get(CALENDAR, {"week": "2026-W49"}).content.decode()
    assert "noch kein Beratungsvermerk" in calendar
    assert note_url in calendar
    client.post(
        f"/o/jc-test/kunden/{customer.customer_number}/vermerk/",
        {"kind": "consultation", "contact_date": "2026-12-01", "text": "Gespräch geführt"},
    )
    calendar = client.get(CALENDAR, {"week": "2026-W49"}).content.decode()
    assert "Beratungsvermerk geschrieben" in calendar
    assert note_url not in calendar


def test_sites_and_opening_hours_pages(client, world):
    client.force_login(world.gf)
    page = client.get(SITES).content.decode()
    hours_url = f"/o/jc-test/standorte/{world.site.pk}/oeffnungszeiten/"
    assert hours_url in page
    assert "Standard-Öffnungszeiten" in page
    page = client.get(hours_url).content.decode()
    assert "es gelten die Standard-Öffnungszeiten" in page
    response = client.post(hours_url, {"weekday": "0", "opens": "08:00", "closes": "12:30"})
    assert response.status_code == 302
    bad = client.post(hours_url, {"weekday": "0", "opens": "12:00", "closes": "14:00"})
    assert "Dieser Zeitraum überschneidet sich mit 08:00–12:30 am Montag." in bad.content.decode()
    bad = client.post(hours_url, {"weekday": "1", "opens": "12:00", "closes": "08:00"})
    assert "Die Schließzeit muss nach der Öffnungszeit liegen." in bad.content.decode()
    row = OpeningHours.objects.get()
    page = client.get(hours_url).content.decode()
    assert "08:00–12:30" in page
    assert "4,5" in page
    delete_url = f"{hours_url}{row.pk}/loeschen/"
    confirm = client.get(delete_url)
    assert "Ja, Zeitraum löschen" in confirm.content.decode()
    assert OpeningHours.objects.exists()  # GET only asks
    assert client.post(delete_url).status_code == 302
    assert not OpeningHours.objects.exists()


@pytest.mark.parametrize("role", ["worker", "tl", "provider"])
def test_opening_hours_pages_for_managers_only(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(SITES).status_code == 404
    assert client.get(f"/o/jc-test/standorte/{world.site.pk}/oeffnungszeiten/").status_code == 404


def test_calendar_links_opening_hours_for_management(client, world, now):
    client.force_login(world.gf)
    page = client.get(CALENDAR, {"case_worker": "worker", "week": "2026-W49"}).content.decode()
    assert SITES in page
    client.force_login(world.worker)
    assert SITES not in client.get(CALENDAR, {"week": "2026-W49"}).content.decode()
