"""KON-06: booking one appointment by hand — the next free slots over ten working days, and
German errors for a time in the past, outside the opening hours, on a closed day or in an
absence; QS-02 allows a time outside the opening hours when asked for explicitly."""

import datetime as dt

import pytest

from anliegen.appointments import actions
from anliegen.appointments.models import Appointment, OpeningHours
from anliegen.appointments.slots import next_free_slots
from anliegen.core.clock import BERLIN
from anliegen.core.errors import Conflict, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.models import Absence, ClosingDay
from anliegen.org.scope import scope_for
from tests.factories import make_customer


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def book(world, when, *, customer=None, actor=None, **extra):
    actor = actor or world.worker
    return actions.book(
        actor=actor,
        scope=scope_for(actor, world.org),
        case_worker=world.worker,
        customer=customer or make_customer(world, contact_person=world.worker),
        starts_at=when,
        **extra,
    )


def test_next_free_slots_cover_ten_working_days(world, now):
    """From Wednesday 25.11. ten working days run to Tuesday 8.12.; today's slots before
    10:00 are gone, a closing day and an absence leave gaps."""
    ClosingDay.objects.create(organisation=world.org, date=dt.date(2026, 12, 2))
    Absence.objects.create(
        user=world.worker,
        organisation=world.org,
        start=dt.date(2026, 12, 3),
        end=dt.date(2026, 12, 3),
    )
    slots = next_free_slots(world.worker, world.org)
    days = sorted({s.starts_at.astimezone(BERLIN).date() for s in slots})
    assert days[0] == dt.date(2026, 11, 25)
    assert days[-1] == dt.date(2026, 12, 9)  # the closing day is not a working day
    assert dt.date(2026, 12, 2) not in days
    assert dt.date(2026, 12, 3) not in days
    assert dt.date(2026, 11, 28) not in days  # Saturday
    assert slots[0].starts_at == at(25, 11, month=11)


def test_booked_slot_is_no_longer_offered(world, now):
    book(world, at(1, 9))
    assert at(1, 9) not in [s.starts_at for s in next_free_slots(world.worker, world.org)]


def test_manual_booking_writes_invitation_and_note(world, now):
    customer = make_customer(world, contact_person=world.worker)
    appointment = book(world, at(1, 9), customer=customer, note="Bitte Lebenslauf mitbringen")
    assert appointment.source == Appointment.Source.MANUAL
    assert appointment.note == "Bitte Lebenslauf mitbringen"
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(hours=1)
    entry = HistoryEntry.objects.get(customer=customer, kind=HistoryEntry.Kind.INVITATION)
    assert "Dienstag, 01.12.2026" in entry.text
    assert "09:00" in entry.text


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (at(24, 9, month=11), "Der Termin muss in der Zukunft liegen."),
        (at(1, 7), "Der Termin liegt außerhalb der Öffnungszeiten des Standorts."),
        (at(1, 12), "Der Termin liegt außerhalb der Öffnungszeiten des Standorts."),  # ends 13:00
        (
            at(5, 9),
            "Der Standort ist an diesem Tag geschlossen (Wochenende, Feiertag oder Schließtag).",
        ),
        (
            at(25, 9),
            "Der Standort ist an diesem Tag geschlossen (Wochenende, Feiertag oder Schließtag).",
        ),
        (at(7, 9), "Die Fachkraft ist an diesem Tag abwesend."),
    ],
    ids=["past", "before-opening", "past-closing", "saturday", "christmas", "absence"],
)
def test_bad_times_are_rejected_in_german_and_change_nothing(world, now, when, message):
    Absence.objects.create(
        user=world.worker,
        organisation=world.org,
        start=dt.date(2026, 12, 7),
        end=dt.date(2026, 12, 8),
    )
    with pytest.raises(InvalidInput) as exc:
        book(world, when)
    assert exc.value.errors == {"starts_at": message}
    assert not Appointment.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_outside_opening_hours_on_request_qs02_but_never_in_an_absence(world, now):
    """QS-02: appointments can be booked outside the opening hours (e.g. 18:30)."""
    evening = book(world, at(1, 18, 30), outside_opening_hours=True)
    assert evening.local_start.strftime("%H:%M") == "18:30"
    Absence.objects.create(
        user=world.worker,
        organisation=world.org,
        start=dt.date(2026, 12, 2),
        end=dt.date(2026, 12, 2),
    )
    with pytest.raises(InvalidInput) as exc:
        book(world, at(2, 18, 30), outside_opening_hours=True)
    assert exc.value.errors["starts_at"] == "Die Fachkraft ist an diesem Tag abwesend."


def test_site_opening_hours_decide(world, now):
    OpeningHours.objects.create(site=world.site, weekday=1, opens=dt.time(14), closes=dt.time(19))
    book(world, at(1, 18))
    with pytest.raises(InvalidInput):
        book(world, at(1, 9))  # the default morning no longer applies


def test_taken_slot_is_a_conflict(world, now):
    book(world, at(1, 9))
    with pytest.raises(Conflict) as exc:
        book(world, at(1, 9))
    assert (
        exc.value.message == "Dieser Termin ist bereits gebucht. Bitte wählen Sie eine andere Zeit."
    )


def test_too_long_note_is_rejected(world, now):
    with pytest.raises(InvalidInput) as exc:
        book(world, at(1, 9), note="x" * 501)
    assert "note" in exc.value.errors
