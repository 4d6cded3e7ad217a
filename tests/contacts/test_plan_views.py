"""KON-05/06 in the web UI: the weekly plan (capacity, proposal with checkboxes, further
customers), confirming it (booking, invitation letters as .docx, combined PDF and ZIP), the week
calendar with outcomes and cancel, and scoping."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from pypdf import PdfReader

from anliegen.appointments.models import Appointment
from anliegen.contacts.actions import recompute_for
from anliegen.contacts.models import ContactSchedule
from anliegen.customers.models import HistoryEntry
from anliegen.letters.models import PdfBatch
from tests.factories import make_customer

WEEK = "2026-W49"
MONDAY = dt.date(2026, 11, 30)
PLAN = "/o/jc-test/kontakte/wochenplan/"
CONFIRM = "/o/jc-test/kontakte/wochenplan/bestaetigen/"
CALENDAR = "/o/jc-test/kontakte/wochenkalender/"


@pytest.fixture
def setup(world, travel):
    travel("2026-11-25 10:00")
    customers = []
    for n, last in enumerate(["Albers", "Becker", "Cramer"]):
        customer = make_customer(
            world, contact_person=world.worker, first_name="Eva", last_name=last
        )
        recompute_for(customer)
        ContactSchedule.objects.filter(customer=customer).update(
            due_date=MONDAY - dt.timedelta(days=10 - n)
        )
        customers.append(customer)
    return customers


def _text_of_docx(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_plan_page_shows_capacity_and_proposal(client, world, setup):
    """KON-05: target, derived capacity, no-show rate, invitations; KON-06: all checked."""
    client.force_login(world.worker)
    response = client.get(PLAN, {"week": WEEK})
    assert response.status_code == 200
    page = response.content.decode()
    assert "18,72" in page or "18.72" in page
    for customer in setup:
        assert (
            f'value="{customer.customer_number}" id="invite-{customer.customer_number}" checked'
            in page
        )
    assert page.index("Albers") < page.index("Becker") < page.index("Cramer")
    assert "30.11. 08:00" in page
    assert not Appointment.objects.exists()


def test_list_page_links_to_the_plan(client, world, setup):
    client.force_login(world.worker)
    assert PLAN in client.get("/o/jc-test/kontakte/").content.decode()


def test_confirm_books_checked_customers_and_letters_download(
    client, world, setup, unoserver, django_capture_on_commit_callbacks
):
    """KON-06: unchecked customers are not booked; each letter names customer and date. The
    letters' PDF is made by the background worker (issue 21) and offered when ready."""
    client.force_login(world.worker)
    chosen = [setup[0].customer_number, setup[2].customer_number]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CONFIRM, {"case_worker": "worker", "week": WEEK, "customers": chosen}
        )
    assert response.status_code == 200
    assert "im Hintergrund vorbereitet" in response.content.decode()
    page = response.content.decode()
    assert "Cramer" in page
    assert "Becker" not in page
    appointments = list(Appointment.objects.order_by("starts_at"))
    assert [a.customer for a in appointments] == [setup[0], setup[2]]
    assert HistoryEntry.objects.filter(kind="invitation").count() == 2

    letter = client.get(f"/o/jc-test/kontakte/termine/{appointments[1].pk}/einladung.docx")
    assert letter.status_code == 200
    text = _text_of_docx(letter.content)
    assert "Eva Cramer" in text
    assert "Montag, 30.11.2026" in text
    assert "09:00" in text

    ids = ",".join(str(a.pk) for a in appointments)
    batch = PdfBatch.objects.get()
    assert batch.state == PdfBatch.State.DONE
    assert batch.letters == 2
    status = client.get(f"/o/jc-test/briefe/pdf/{batch.pk}/", headers={"HX-Request": "true"})
    assert f"/o/jc-test/briefe/pdf/{batch.pk}/briefe.pdf" in status.content.decode()
    pdf = client.get(f"/o/jc-test/briefe/pdf/{batch.pk}/briefe.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    pdf_text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Eva Albers" in pdf_text
    assert "Eva Cramer" in pdf_text
    assert "30.11.2026" in pdf_text

    archive = zipfile.ZipFile(
        io.BytesIO(
            client.get("/o/jc-test/kontakte/wochenplan/einladungen.zip", {"ids": ids}).content
        )
    )
    assert len(archive.namelist()) == 2
    assert "Eva Albers" in _text_of_docx(archive.read(archive.namelist()[0]))

    again = client.post(CONFIRM, {"case_worker": "worker", "week": WEEK, "customers": chosen})
    assert "Albers" in again.content.decode()
    assert Appointment.objects.count() == 2


def test_confirm_bad_input_changes_nothing(client, world, setup):
    client.force_login(world.worker)
    response = client.post(
        CONFIRM, {"case_worker": "worker", "week": WEEK, "customers": ["K-NOPE"]}, follow=True
    )
    assert response.status_code == 200
    assert not Appointment.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_calendar_outcome_and_cancel(client, world, setup, travel):
    client.force_login(world.worker)
    numbers = [c.customer_number for c in setup[:2]]
    client.post(CONFIRM, {"case_worker": "worker", "week": WEEK, "customers": numbers})
    first, second = Appointment.objects.order_by("starts_at")
    travel("2026-11-30 12:00")
    client.force_login(world.worker)  # the session timed out meanwhile
    page = client.get(CALENDAR, {"week": WEEK}).content.decode()
    assert "Albers" in page
    assert "Montag, 30.11.2026" in page
    response = client.post(
        f"/o/jc-test/kontakte/termine/{first.pk}/ergebnis/", {"outcome": "no_show"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "no_show"
    assert HistoryEntry.objects.filter(customer=setup[0], kind="no_show").exists()
    confirm_page = client.get(f"/o/jc-test/kontakte/termine/{second.pk}/absagen/")
    assert confirm_page.status_code == 200
    second.refresh_from_db()
    assert second.status == "booked"  # GET only asks
    client.post(f"/o/jc-test/kontakte/termine/{second.pk}/absagen/")
    second.refresh_from_db()
    assert second.status == "cancelled"
    ics = client.get(CALENDAR, {"week": WEEK, "format": "ics"})
    assert ics["Content-Type"] == "text/calendar"
    assert b"BEGIN:VEVENT" in ics.content


def test_lead_plans_for_team_member_others_do_not(client, world, other, setup):
    client.force_login(world.tl)
    assert client.get(PLAN, {"case_worker": "worker", "week": WEEK}).status_code == 200
    client.force_login(world.worker2)
    assert client.get(PLAN, {"case_worker": "worker", "week": WEEK}).status_code == 404
    assert client.get(CALENDAR, {"case_worker": "worker", "week": WEEK}).status_code == 404
    client.post(
        CONFIRM,
        {"case_worker": "worker", "week": WEEK, "customers": [setup[0].customer_number]},
    )
    assert not Appointment.objects.exists()
    client.force_login(world.tl_integration)
    assert client.get(PLAN, {"case_worker": "worker", "week": WEEK}).status_code == 404
    client.force_login(world.provider)
    assert client.get(PLAN, {"week": WEEK}).status_code == 404
    client.force_login(world.worker)
    client.post(
        CONFIRM, {"case_worker": "worker", "week": WEEK, "customers": [setup[0].customer_number]}
    )
    booked = Appointment.objects.get()
    client.force_login(world.worker2)
    assert client.get(f"/o/jc-test/kontakte/termine/{booked.pk}/einladung.docx").status_code == 404


def test_letter_downloads_are_logged(client, world, setup, unoserver):
    """FND-10: a letter shows the customer's data, so its download is a logged view."""
    from anliegen.audit.models import AccessEntry

    client.force_login(world.worker)
    numbers = [setup[0].customer_number]
    client.post(CONFIRM, {"case_worker": "worker", "week": WEEK, "customers": numbers})
    appointment = Appointment.objects.get()
    before = AccessEntry.objects.filter(customer=setup[0]).count()
    client.get(f"/o/jc-test/kontakte/termine/{appointment.pk}/einladung.docx")
    client.get("/o/jc-test/kontakte/wochenplan/einladungen.pdf", {"ids": str(appointment.pk)})
    assert AccessEntry.objects.filter(customer=setup[0]).count() == before + 2
