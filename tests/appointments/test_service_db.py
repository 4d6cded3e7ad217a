"""Issue 10: appointments is a calendar service that knows no procedure. How long an appointment
lasts and what a booked one offers come from the procedures through extension points; without
them the calendar still works (60-minute appointments, a calendar file, the customer page panel).
Contact density plugs in: consultation length (KON-05), invitation letter and week calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.appointments import lengths, links
from anliegen.appointments.actions import book, book_in_week
from anliegen.appointments.lengths import DEFAULT_MINUTES, appointment_minutes
from anliegen.appointments.models import Appointment
from anliegen.appointments.slots import free_slots
from anliegen.core.clock import BERLIN
from anliegen.customers import hooks
from anliegen.customers.actions import CustomerData, create_customer
from anliegen.org.scope import scope_for
from tests.factories import make_customer

MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def without_procedures(monkeypatch):
    """The calendar as a new procedure finds it: no length policy, no links registered."""
    monkeypatch.setattr(lengths, "_POLICIES", [])
    monkeypatch.setattr(links, "_PROVIDERS", [])


def test_without_a_procedure_appointments_last_an_hour(world, now, without_procedures):
    active = make_customer(world, contact_person=world.worker, care_group="ue25_active")
    assert active.care_group == "ue25_active"
    assert appointment_minutes(world.org, world.worker, MONDAY) == DEFAULT_MINUTES
    first = free_slots(world.worker, world.org, MONDAY)[0]
    assert first.ends_at - first.starts_at == dt.timedelta(minutes=60)


def test_contact_density_sets_the_consultation_length(world, now):
    """KON-05: 0.75 h when the case worker's customers are mostly Aktivteam."""
    assert appointment_minutes(world.org, world.worker, MONDAY) == 60
    make_customer(world, contact_person=world.worker, care_group="ue25_active")
    assert appointment_minutes(world.org, world.worker, MONDAY) == 45
    first = free_slots(world.worker, world.org, MONDAY, minutes=30)[0]
    assert first.ends_at - first.starts_at == dt.timedelta(minutes=30)


def test_book_in_week_is_generic_and_all_or_nothing(world, now, without_procedures):
    scope = scope_for(world.worker, world.org)
    a = make_customer(world, contact_person=world.worker)
    b = make_customer(world, contact_person=world.worker2)  # not the calendar's business
    result = book_in_week(
        actor=world.worker,
        scope=scope,
        case_worker=world.worker,
        monday=MONDAY,
        customers=[a, b],
        source=Appointment.Source.MANUAL,
        minutes=30,
    )
    assert [x.customer for x in result.booked] == [a, b]
    assert [x.local_start.strftime("%H:%M") for x in result.booked] == ["08:00", "08:30"]


def test_booked_page_without_procedures_has_the_calendar_file_only(
    client, world, now, without_procedures
):
    customer = make_customer(world, contact_person=world.worker)
    appointment = book(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        case_worker=world.worker,
        customer=customer,
        starts_at=dt.datetime(2026, 12, 1, 9, tzinfo=BERLIN),
    )
    client.force_login(world.worker)
    page = client.get(f"/o/jc-test/termine/{appointment.pk}/gebucht/").content.decode()
    assert f"/o/jc-test/termine/{appointment.pk}/termin.ics" in page
    assert "einladung.docx" not in page
    ics = client.get(f"/o/jc-test/termine/{appointment.pk}/termin.ics")
    assert ics.status_code == 200
    assert b"BEGIN:VEVENT" in ics.content
    note = client.get(f"/o/jc-test/termine/{appointment.pk}/beratungsvermerk/").content.decode()
    assert f"/o/jc-test/kunden/{customer.customer_number}/" in note


def test_booked_page_offers_contact_densitys_letter_and_calendar(client, world, now):
    customer = make_customer(world, contact_person=world.worker)
    appointment = book(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        case_worker=world.worker,
        customer=customer,
        starts_at=dt.datetime(2026, 12, 1, 9, tzinfo=BERLIN),
    )
    client.force_login(world.worker)
    page = client.get(f"/o/jc-test/termine/{appointment.pk}/gebucht/").content.decode()
    assert f"/o/jc-test/kontakte/termine/{appointment.pk}/einladung.docx" in page
    assert "Einladungsschreiben (PDF)" in page
    assert "/o/jc-test/kontakte/wochenkalender/?case_worker=worker&amp;week=2026-W49" in page


def test_customer_change_hook_runs_inside_the_transaction(world, monkeypatch):
    """Issue 10: customers call the hook in their transaction; contact density subscribes."""
    from django.db import connection

    seen = []

    def handler(customer, actor):
        seen.append((customer.customer_number, actor, connection.in_atomic_block))

    monkeypatch.setattr(hooks, "_HANDLERS", [*hooks._HANDLERS, handler])
    create_customer(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        data=CustomerData(
            customer_number="K1", first_name="A", last_name="B", birth_date=dt.date(1980, 1, 1)
        ),
    )
    assert seen == [("K1", world.worker, True)]
    from anliegen.contacts.actions import on_customer_changed

    assert on_customer_changed in hooks._HANDLERS
