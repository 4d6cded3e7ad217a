"""SOC-05: booking, cancelling, rescheduling callbacks and recording their attempts through the
one write path (`servicecenter.callbacks`): the work item, history, audit and messages; every bad
input refused with nothing changed; idempotency; who may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks.models import (
    Callback,
    CallbackAttempt,
    CallbackMessage,
    CallbackStatus,
)
from anliegen.servicecenter.callbacks.slots import free_times
from anliegen.work.models import Status, WorkItem
from tests.servicecenter.callback_helpers import add_place, at, book, make_customer

WED = dt.date(2026, 12, 2)
NINE = at("2026-12-02", "09:00")


@pytest.fixture
def places(sc):
    return [add_place(sc.os_potsdam, "P1"), add_place(sc.os_potsdam, "P2")]


def counts():
    return (
        Callback.objects.count(),
        WorkItem.objects.count(),
        HistoryEntry.objects.count(),
        CallbackMessage.objects.count(),
        AuditEntry.objects.count(),
    )


def test_booking_creates_callback_item_history_and_messages(
    sc, places, django_capture_on_commit_callbacks
):
    sc.customer.email = "jana@example.org"
    sc.customer.street = "Lindenstraße 5"
    sc.customer.save()
    with django_capture_on_commit_callbacks(execute=True):
        callback = book(sc, NINE, call_ref="cti-7", note="Frage zum Bescheid")
    assert callback.place_id == places[0].id
    assert callback.starts_at == NINE
    assert callback.ends_at == NINE + dt.timedelta(minutes=30)
    assert callback.status == CallbackStatus.BOOKED
    assert callback.email == "jana@example.org"
    item = callback.item
    assert (item.kind, item.team_id, item.status) == ("callback", sc.os_potsdam.id, Status.OPEN)
    assert item.due_date == WED
    assert item.deadlines.get().due_date == WED
    entry = HistoryEntry.objects.get(customer=sc.customer, kind="callback")
    assert "02.12.2026 09:00" in entry.text
    assert entry.author == sc.tsb1
    assert AuditEntry.objects.filter(action="servicecenter.callback_booked").count() == 1
    channels = sorted(
        CallbackMessage.objects.filter(callback=callback).values_list("channel", flat=True)
    )
    assert channels == ["email", "letter", "sms"]
    # Sent after the commit (immediate tasks in the tests): once each.
    assert CallbackMessage.objects.filter(callback=callback, sent_at__isnull=True).count() == 0
    sent = [m for m in mail.outbox if m.to == ["jana@example.org"]]
    assert len(sent) == 1
    name, content, mimetype = sent[0].attachments[0]
    assert (name, mimetype) == ("rueckruf.ics", "text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert "DTSTART;TZID=Europe/Berlin:20261202T090000" in text
    assert "02.12.2026" in sent[0].subject


def test_no_email_message_without_an_address(sc, places):
    callback = book(sc, NINE)
    channels = set(callback.messages.values_list("channel", flat=True))
    assert channels == {"letter", "sms"}


def test_two_places_take_two_bookings_at_one_start_then_409(sc, places):
    first = book(sc, NINE)
    second = book(sc, NINE, customer=make_customer(sc, "900-2"))
    assert {first.place_id, second.place_id} == {p.id for p in places}
    before = counts()
    with pytest.raises(Conflict) as caught:
        book(sc, NINE, customer=make_customer(sc, "900-3"))
    assert counts()[:2] == before[:2]
    assert caught.value.status == 409


@pytest.mark.parametrize(
    ("start", "field"),
    [
        (at("2026-11-30", "09:00"), "start"),  # past
        (at("2026-12-01", "14:00"), "start"),  # today
        (at("2026-12-02", "09:05"), "start"),  # off the grid
        (at("2026-12-02", "09:00") + dt.timedelta(seconds=30), "start"),
        (at("2026-12-02", "09:40"), "start"),  # 30 minutes do not fit before 10:00
        (at("2026-12-02", "14:00"), "start"),  # outside every window
        (at("2026-12-05", "09:00"), "start"),  # Saturday
    ],
)
def test_bad_starts_are_422_and_change_nothing(sc, places, start, field):
    before = counts()
    with pytest.raises(InvalidInput) as caught:
        book(sc, start)
    assert field in caught.value.errors
    assert counts() == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"purpose": "lunch"}, "purpose"),
        ({"phone": ""}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"email": "not-an-address"}, "email"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_bad_fields_are_422_and_change_nothing(sc, places, fields, field):
    before = counts()
    with pytest.raises(InvalidInput) as caught:
        book(sc, NINE, **fields)
    assert field in caught.value.errors
    assert counts() == before


def test_a_team_that_is_no_os_team_is_422(sc, places):
    with pytest.raises(InvalidInput) as caught:
        book(sc, NINE, team=sc.sc_team)
    assert "team" in caught.value.errors


def test_one_open_callback_per_customer_and_purpose(sc, places):
    book(sc, NINE)
    before = counts()
    with pytest.raises(InvalidInput):
        book(sc, at("2026-12-03", "09:00"))
    assert counts() == before
    # Another purpose is fine.
    book(sc, at("2026-12-03", "09:00"), purpose="other")


def test_idempotency_key_returns_the_first_callback(sc, places):
    first = book(sc, NINE, idempotency_key="k-1", request_hash="h")
    again = book(sc, NINE, idempotency_key="k-1", request_hash="h")
    assert again.id == first.id
    assert again.replayed
    assert not first.replayed
    assert Callback.objects.count() == 1
    with pytest.raises(InvalidInput):
        book(sc, NINE, idempotency_key="k-1", request_hash="other")


def test_who_may_book(sc, places):
    # OS staff of another team may not book for Potsdam; OS Potsdam staff may.
    with pytest.raises(Forbidden):
        book(sc, NINE, actor=sc.os_md)
    callback = book(sc, NINE, actor=sc.os1, source="os")
    assert callback.created_by == sc.os1


def test_cancel_frees_the_time(sc, places):
    callback = book(sc, NINE)
    other = book(sc, NINE, customer=make_customer(sc, "900-2"))
    assert all(
        f.start != NINE for f in free_times(sc.os_potsdam, "benefits_consultation", WED, WED)
    )
    cancelled = callbacks.cancel_callback(callback, actor=sc.tsb2, reason="Kunde verhindert")
    assert cancelled.status == CallbackStatus.CANCELLED
    assert cancelled.item.status == Status.CANCELLED
    free = {f.start: f.places for f in free_times(sc.os_potsdam, "benefits_consultation", WED, WED)}
    assert free[NINE] == (callback.place_id,)
    assert HistoryEntry.objects.filter(kind="callback", ref_id=callback.id).count() == 2
    assert set(cancelled.messages.filter(event="cancelled").values_list("channel", flat=True)) == {
        "letter",
        "sms",
    }
    with pytest.raises(Conflict):
        callbacks.cancel_callback(callback, actor=sc.tsb2)
    # The same customer may book again for the purpose.
    again = book(sc, NINE)
    assert again.place_id == callback.place_id
    assert other.status == CallbackStatus.BOOKED


def test_reschedule_keeps_the_place_when_free(sc, places):
    callback = book(sc, NINE)
    moved = callbacks.reschedule_callback(callback, start=at("2026-12-03", "08:30"), actor=sc.tsb1)
    assert moved.place_id == callback.place_id
    assert moved.starts_at == at("2026-12-03", "08:30")
    assert moved.item.due_date == dt.date(2026, 12, 3)
    assert moved.messages.filter(event="rescheduled", sequence=1).count() == 2
    # Moving by ten minutes overlaps its own old time: allowed.
    moved = callbacks.reschedule_callback(moved, start=at("2026-12-03", "08:40"), actor=sc.tsb1)
    assert moved.starts_at == at("2026-12-03", "08:40")
    assert moved.messages.filter(event="rescheduled", sequence=2).count() == 2


def test_reschedule_to_another_place_or_409(sc, places):
    mine = book(sc, NINE)
    other_customer = make_customer(sc, "900-2")
    blocker = book(sc, at("2026-12-03", "09:00"), customer=other_customer)
    assert blocker.place_id == mine.place_id  # P1 is first (no load on Thursday)
    moved = callbacks.reschedule_callback(mine, start=at("2026-12-03", "09:00"), actor=sc.tsb1)
    assert moved.place_id != blocker.place_id
    third = book(sc, NINE, customer=make_customer(sc, "900-3"))
    with pytest.raises(Conflict):
        callbacks.reschedule_callback(third, start=at("2026-12-03", "09:00"), actor=sc.tsb1)
    third.refresh_from_db()
    assert third.starts_at == NINE  # the old time is still held


def test_reschedule_bad_input(sc, places):
    callback = book(sc, NINE)
    for start in (at("2026-12-01", "15:00"), at("2026-12-02", "09:05"), at("2026-12-02", "12:00")):
        with pytest.raises(InvalidInput):
            callbacks.reschedule_callback(callback, start=start, actor=sc.tsb1)
    callback.refresh_from_db()
    assert callback.starts_at == NINE


def test_attempt_reached_first(sc, places, travel):
    callback = book(sc, NINE)
    with pytest.raises(InvalidInput):  # before the day
        callbacks.record_attempt(callback, result="reached", actor=sc.os1)
    travel("2026-12-02 09:05")
    with pytest.raises(Forbidden):  # the service centre does not record attempts
        callbacks.record_attempt(callback, result="reached", actor=sc.tsb1)
    with pytest.raises(InvalidInput):
        callbacks.record_attempt(callback, result="maybe", actor=sc.os1)
    done = callbacks.record_attempt(
        callback, result="reached", note="Bescheid erklärt", actor=sc.os1
    )
    assert (done.status, done.outcome) == ("done", "reached_first")
    assert done.item.status == Status.DONE
    assert CallbackAttempt.objects.get().by == sc.os1
    with pytest.raises(Conflict):
        callbacks.record_attempt(callback, result="reached", actor=sc.os1)


def test_not_reached_then_second_attempt_same_day(sc, places, travel):
    callback = book(sc, NINE)
    travel("2026-12-02 09:05")
    first = callbacks.record_attempt(callback, result="not_reached", actor=sc.os1)
    assert first.status == "booked"
    assert first.retry_at == at("2026-12-02", "11:05")
    assert first.item.status == Status.OPEN
    assert first.item.due_date == WED
    travel("2026-12-02 11:10")
    done = callbacks.record_attempt(callback, result="reached", actor=sc.os2)
    assert (done.outcome, done.retry_at) == ("reached_later", None)
    assert done.item.status == Status.DONE
    texts = list(
        HistoryEntry.objects.filter(kind="callback").order_by("id").values_list("text", flat=True)
    )
    assert len(texts) == 3


def test_not_reached_twice_sends_a_letter(sc, places, travel, django_capture_on_commit_callbacks):
    callback = book(sc, NINE)
    travel("2026-12-02 17:00")
    first = callbacks.record_attempt(callback, result="not_reached", actor=sc.os1)
    assert first.retry_at == at("2026-12-02", "18:00")  # no later than 18:00
    travel("2026-12-02 17:30")
    with django_capture_on_commit_callbacks(execute=True):
        done = callbacks.record_attempt(callback, result="not_reached", actor=sc.os1)
    assert (done.status, done.outcome) == ("done", "not_reached")
    assert done.item.status == Status.DONE
    letters = done.messages.filter(event="not_reached")
    assert list(letters.values_list("channel", flat=True)) == ["letter"]
    assert letters.get().sent_at is not None


def test_messages_are_recorded_once(sc, places):
    from anliegen.servicecenter.callbacks import messages as callback_messages

    callback = book(sc, NINE)
    n = CallbackMessage.objects.count()
    assert callback_messages.queue(callback, callback_messages.Event.BOOKED) == []
    assert CallbackMessage.objects.count() == n


def test_a_failing_sms_stays_unsent_and_is_retried(
    sc, places, settings, travel, django_capture_on_commit_callbacks
):
    from anliegen.servicecenter.callbacks import messages as callback_messages

    settings.SMS_SENDER = "tests.servicecenter.test_callback_booking.BrokenSender"
    with django_capture_on_commit_callbacks(execute=True):
        callback = book(sc, NINE)
    sms = callback.messages.get(channel="sms")
    assert sms.sent_at is None
    assert callback.messages.get(channel="letter").sent_at is not None
    settings.SMS_SENDER = "tests.servicecenter.test_callback_booking.RecordingSender"
    travel("2026-12-01 10:30")
    assert callback_messages.retry_callback_messages() == {"requeued": 1}
    sms.refresh_from_db()
    assert sms.sent_at is not None
    assert RecordingSender.sent == [("0331 1234567", sms.text)]
    # Enqueued again by mistake: not sent twice.
    assert callback_messages.send_callback_message.call(sms.id) is False
    assert len(RecordingSender.sent) == 1


def test_letter_docx_and_pdf_render(sc, places, unoserver):
    from anliegen.servicecenter.callbacks import messages as callback_messages

    callback = book(sc, NINE)
    docx = callback_messages.letter_docx(callback, "booked")
    assert docx[:2] == b"PK"
    pdf = callback_messages.letter_pdf(callback, "booked")
    assert pdf[:4] == b"%PDF"


class BrokenSender:
    def send(self, to, text):  # type: ignore[no-untyped-def]
        raise OSError("gateway down")


class RecordingSender:
    sent: list[tuple[str, str]] = []

    def send(self, to, text):  # type: ignore[no-untyped-def]
        RecordingSender.sent.append((to, text))
