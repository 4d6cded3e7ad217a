"""KON-06 / QS-01 API: book one appointment by hand, the next free slots, the week's calendar
file, the opening hours of a site; German problem+json, nothing changed on bad input, and two
simultaneous bookings of one slot give one appointment."""

import threading

import pytest
from django.db import connections
from icalendar import Calendar

from anliegen.appointments.models import Appointment, OpeningHours
from anliegen.audit.models import AuditEntry
from anliegen.customers.models import HistoryEntry
from tests.api.conftest import Api, assert_problem
from tests.appointments.conftest import WEEK
from tests.factories import make_customer

BOOK = "/orgs/jc-test/appointments"
SLOTS = "/orgs/jc-test/appointments/free-slots"
ICS = "/orgs/jc-test/appointments.ics"


@pytest.fixture
def api() -> Api:
    return Api()


def body(customer, starts_at="2026-12-01T09:00:00+01:00", **extra):
    return {
        "customer_number": customer.customer_number,
        "case_worker": "worker",
        "starts_at": starts_at,
        **extra,
    }


def test_book_list_and_week_ics(api, world, now):
    customer = make_customer(
        world, contact_person=world.worker, first_name="Eva", last_name="Albers"
    )
    response = api.post(BOOK, body(customer, note="Unterlagen mitbringen"), world.worker)
    assert response.status_code == 201, response.content
    booked = response.json()
    assert booked["starts_at"] == "2026-12-01T09:00:00+01:00"
    assert booked["ends_at"] == "2026-12-01T10:00:00+01:00"
    assert booked["source"] == "manual"
    assert booked["status"] == "booked"
    assert booked["note"] == "Unterlagen mitbringen"
    assert HistoryEntry.objects.filter(customer=customer, kind="invitation").count() == 1
    listed = api.get(BOOK, world.tl, case_worker="worker", week=WEEK).json()
    assert [a["id"] for a in listed] == [booked["id"]]

    ics = api.get(ICS, world.tl, case_worker="worker", week=WEEK)
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert "termine-worker-2026-W49.ics" in ics["Content-Disposition"]
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        f"Beratungsgespräch Eva Albers ({customer.customer_number})"
    ]
    assert events[0].decoded("dtstart").strftime("%Y-%m-%d %H:%M") == "2026-12-01 09:00"


def test_naive_time_is_berlin_time(api, world, now):
    customer = make_customer(world, contact_person=world.worker)
    response = api.post(BOOK, body(customer, "2026-12-01T11:00:00"), world.worker)
    assert response.json()["starts_at"] == "2026-12-01T11:00:00+01:00"


@pytest.mark.parametrize(
    ("starts_at", "detail"),
    [
        ("2026-11-20T09:00:00+01:00", "Der Termin muss in der Zukunft liegen."),
        (
            "2026-12-01T07:00:00+01:00",
            "Der Termin liegt außerhalb der Öffnungszeiten des Standorts.",
        ),
        (
            "2026-12-05T09:00:00+01:00",
            "Der Standort ist an diesem Tag geschlossen (Wochenende, Feiertag oder Schließtag).",
        ),
    ],
)
def test_bad_times_are_422_in_german(api, world, now, starts_at, detail):
    customer = make_customer(world, contact_person=world.worker)
    response = api.post(BOOK, body(customer, starts_at), world.worker)
    assert_problem(response, 422, detail, fields=("starts_at",))
    assert not Appointment.objects.exists()


def test_outside_opening_hours_qs02(api, world, now):
    customer = make_customer(world, contact_person=world.worker)
    response = api.post(
        BOOK, body(customer, "2026-12-01T18:30:00+01:00", outside_opening_hours=True), world.worker
    )
    assert response.status_code == 201, response.content


def test_unknown_customer_and_case_worker_are_422(api, world, now):
    customer = make_customer(world, contact_person=world.worker)
    response = api.post(BOOK, {**body(customer), "customer_number": "K-NOPE"}, world.worker)
    assert_problem(response, 422, fields=("customer_number",))
    response = api.post(BOOK, {**body(customer), "case_worker": "nobody"}, world.worker)
    assert_problem(response, 422, fields=("case_worker",))
    assert not Appointment.objects.exists()


def test_taken_slot_is_409_and_scoping(api, world, other, now):
    one = make_customer(world, contact_person=world.worker)
    two = make_customer(world, contact_person=world.worker)
    assert api.post(BOOK, body(one), world.worker).status_code == 201
    assert_problem(
        api.post(BOOK, body(two), world.tl),
        409,
        "Dieser Termin ist bereits gebucht. Bitte wählen Sie eine andere Zeit.",
    )
    # another case worker may not book into a colleague's calendar; other orgs see nothing
    assert api.post(BOOK, body(two, "2026-12-02T09:00:00+01:00"), world.worker2).status_code == 404
    assert api.post(BOOK, body(two), other.worker).status_code == 404
    assert Appointment.objects.count() == 1


def test_free_slots(api, world, now):
    customer = make_customer(world, contact_person=world.worker)
    api.post(BOOK, body(customer, "2026-11-30T08:00:00+01:00"), world.worker)
    slots = api.get(SLOTS, world.worker, case_worker="worker", query={"from": "2026-11-30"}, days=1)
    assert slots.status_code == 200, slots.content
    assert [s["starts_at"] for s in slots.json()] == [
        "2026-11-30T09:00:00+01:00",
        "2026-11-30T10:00:00+01:00",
        "2026-11-30T11:00:00+01:00",
    ]
    everything = api.get(SLOTS, world.tl, case_worker="worker").json()
    assert everything[0]["starts_at"] == "2026-11-25T11:00:00+01:00"
    assert everything[-1]["starts_at"].startswith("2026-12-08")
    assert api.get(SLOTS, world.worker, case_worker="worker", days=0).status_code == 422
    assert api.get(SLOTS, world.worker2, case_worker="worker").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_manual_bookings_of_the_same_slot_via_the_api(world, travel):
    """NFR-03: two clients book the same slot for different customers at the same moment:
    one 201, one 409, one appointment, one invitation."""
    travel("2026-11-25 10:00")
    customers = [make_customer(world, contact_person=world.worker) for _n in range(2)]
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    clients = [(Api(), world.worker), (Api(), world.tl)]
    for client, user in clients:
        client.token(user)

    def attempt(client, user, customer):
        try:
            barrier.wait()
            statuses.append(client.post(BOOK, body(customer), user).status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(c, u, customer))
        for (c, u), customer in zip(clients, customers, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409]
    assert Appointment.objects.count() == 1
    assert HistoryEntry.objects.filter(kind="invitation").count() == 1


def test_opening_hours_get_and_put(api, world, other):
    url = f"/orgs/jc-test/sites/{world.site.pk}/opening-hours"
    default = api.get(url, world.worker).json()
    assert default["default"] is True
    assert default["intervals"][0] == {"weekday": 0, "opens": "08:00:00", "closes": "12:30:00"}
    new = {
        "intervals": [
            {"weekday": 0, "opens": "08:00", "closes": "12:00"},
            {"weekday": 3, "opens": "14:00", "closes": "18:00"},
        ]
    }
    assert_problem(api.send("put", url, new, world.worker), 403)
    response = api.send("put", url, new, world.gf)
    assert response.status_code == 200, response.content
    assert response.json()["default"] is False
    assert len(response.json()["intervals"]) == 2
    assert OpeningHours.objects.count() == 2
    assert AuditEntry.objects.filter(action="opening_hours.replaced").count() == 1
    bad = {
        "intervals": [
            {"weekday": 0, "opens": "08:00", "closes": "12:00"},
            {"weekday": 0, "opens": "11:00", "closes": "13:00"},
        ]
    }
    problem = assert_problem(
        api.send("put", url, bad, world.gf), 422, fields=("intervals.1.opens",)
    )
    assert "überschneidet" in problem["detail"]
    reversed_ = {"intervals": [{"weekday": 1, "opens": "12:00", "closes": "08:00"}]}
    assert_problem(
        api.send("put", url, reversed_, world.admin),
        422,
        "Die Schließzeit muss nach der Öffnungszeit liegen.",
    )
    assert OpeningHours.objects.count() == 2
    assert (
        api.get(f"/orgs/jc-test/sites/{other.site.pk}/opening-hours", world.gf).status_code == 404
    )
