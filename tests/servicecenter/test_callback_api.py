"""SOC-05 endpoints of CONTRACT.md and their extensions: free slots, booking (201, 409, 422 with
German problems, Idempotency-Key), cancel, .ics, list, detail, reschedule, attempts, letters,
service places; who may see and do what; nothing changed on bad input."""

from __future__ import annotations

import json

import pytest

from anliegen.audit.models import AccessEntry
from anliegen.servicecenter.callbacks.models import Callback, PlaceException, ServicePlace
from tests.api.conftest import Api, assert_problem
from tests.servicecenter.callback_helpers import add_place, make_customer

BASE = "/orgs/sc-test"
NINE = "2026-12-02T09:00:00+01:00"


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def places(sc):
    return [add_place(sc.os_potsdam, "P1", person=sc.os1), add_place(sc.os_potsdam, "P2")]


def body(response):
    return json.loads(response.content)


def booking(sc, **fields):
    values = {
        "team": sc.os_potsdam.id,
        "purpose": "benefits_consultation",
        "start": NINE,
        "customer_number": sc.customer.customer_number,
        "phone": "0331 1234567",
        "call_id": "cti-1",
    }
    values.update(fields)
    return values


def post_booking(api, sc, user=None, key=None, **fields):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.token(user or sc.tsb1)}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return api.client.post(
        f"/api/v1{BASE}/callbacks",
        data=json.dumps(booking(sc, **fields)),
        content_type="application/json",
        **headers,
    )


def test_slots(api, sc, places):
    response = api.get(
        f"{BASE}/callback-slots",
        sc.tsb1,
        team=sc.os_potsdam.id,
        purpose="benefits_consultation",
        query={"from": "2026-12-01", "to": "2026-12-02"},
    )
    assert response.status_code == 200, response.content
    slots = body(response)
    assert slots[0] == {
        "start": "2026-12-02T08:00:00+01:00",
        "end": "2026-12-02T08:30:00+01:00",
        "places": 2,
    }
    assert len(slots) == 10
    other = body(
        api.get(
            f"{BASE}/callback-slots",
            sc.tsb1,
            team=sc.os_potsdam.id,
            purpose="other",
            query={"from": "2026-12-02", "to": "2026-12-02"},
        )
    )
    assert other[0]["end"] == "2026-12-02T08:20:00+01:00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"purpose": "lunch"}, "purpose"),
        ({"purpose": "other", "from": "2026-12-05", "to": "2026-12-01"}, "to"),
        ({"purpose": "other", "from": "2026-12-01", "to": "2027-06-01"}, "to"),
    ],
)
def test_slots_bad_input(api, sc, places, params, field):
    response = api.get(f"{BASE}/callback-slots", sc.tsb1, team=sc.os_potsdam.id, query=params)
    problem = assert_problem(response, 422)
    assert field in problem.get("errors", {}) or problem["detail"]


def test_slots_of_a_team_that_is_no_os_team(api, sc, places):
    response = api.get(f"{BASE}/callback-slots", sc.tsb1, team=sc.sc_team.id, purpose="other")
    assert_problem(response, 422, fields=("team",))


def test_book_201_then_cancel_and_ics(api, sc, places, unoserver):
    response = post_booking(api, sc)
    assert response.status_code == 201, response.content
    data = body(response)
    assert data["start"] == NINE
    assert data["end"] == "2026-12-02T09:30:00+01:00"
    assert data["place"] == places[0].id
    assert data["status"] == "booked"
    assert data["call_id"] == "cti-1"
    assert data["source"] == "agent"
    assert {m["channel"] for m in data["messages"]} == {"letter", "sms"}
    ics = api.get(f"{BASE}/callbacks/{data['id']}.ics", sc.os1)
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART;TZID=Europe/Berlin:20261202T090000" in ics.content
    letter = api.get(f"{BASE}/callbacks/{data['id']}/letter.docx", sc.os1)
    assert letter.status_code == 200
    assert letter.content[:2] == b"PK"
    pdf = api.get(f"{BASE}/callbacks/{data['id']}/letter.pdf", sc.os1)
    assert pdf.status_code == 200
    assert pdf.content[:4] == b"%PDF"
    cancelled = api.post(f"{BASE}/callbacks/{data['id']}/cancel", {"reason": "verhindert"}, sc.tsb2)
    assert cancelled.status_code == 200, cancelled.content
    assert body(cancelled)["status"] == "cancelled"
    assert_problem(api.post(f"{BASE}/callbacks/{data['id']}/cancel", None, sc.tsb2), 409)
    # The time is free again.
    slots = body(
        api.get(
            f"{BASE}/callback-slots",
            sc.tsb1,
            team=sc.os_potsdam.id,
            purpose="benefits_consultation",
            query={"from": "2026-12-02", "to": "2026-12-02"},
        )
    )
    assert {"start": NINE, "end": "2026-12-02T09:30:00+01:00", "places": 2} in slots


def test_not_free_is_409_with_the_german_message(api, sc, places):
    assert post_booking(api, sc).status_code == 201
    assert (
        post_booking(
            api, sc, customer_number=make_customer(sc, "900-2").customer_number
        ).status_code
        == 201
    )
    before = Callback.objects.count()
    response = post_booking(api, sc, customer_number=make_customer(sc, "900-3").customer_number)
    assert_problem(response, 409, detail="Dieser Termin ist nicht mehr frei.")
    assert Callback.objects.count() == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start": "2026-11-30T09:00:00+01:00"}, "start"),
        ({"start": "2026-12-01T15:00:00+01:00"}, "start"),
        ({"start": "2026-12-02T09:05:00+01:00"}, "start"),
        ({"start": "2026-12-02T13:00:00+01:00"}, "start"),
        ({"purpose": "lunch"}, "purpose"),
        ({"customer_number": "nope"}, "customer_number"),
        ({"phone": "abc"}, "phone"),
    ],
)
def test_bad_bookings_are_422_and_change_nothing(api, sc, places, fields, field):
    before = (Callback.objects.count(), AccessEntry.objects.exclude(via="api").count())
    response = post_booking(api, sc, **fields)
    assert_problem(response, 422, fields=(field,))
    assert (Callback.objects.count(), AccessEntry.objects.exclude(via="api").count()) == before


def test_unknown_fields_and_missing_fields_are_422(api, sc, places):
    assert_problem(post_booking(api, sc, colour="red"), 422)
    response = api.post(f"{BASE}/callbacks", {"team": sc.os_potsdam.id}, sc.tsb1)
    assert_problem(response, 422)
    assert Callback.objects.count() == 0


def test_a_second_open_callback_for_the_purpose_is_422(api, sc, places):
    assert post_booking(api, sc).status_code == 201
    response = post_booking(api, sc, start="2026-12-03T09:00:00+01:00")
    assert_problem(response, 422, fields=("start",))
    assert Callback.objects.count() == 1


def test_idempotency_key(api, sc, places):
    first = post_booking(api, sc, key="abc")
    assert first.status_code == 201
    again = post_booking(api, sc, key="abc")
    assert again.status_code == 200
    assert body(again)["id"] == body(first)["id"]
    # Same instant written with another offset: the same request.
    same = post_booking(api, sc, key="abc", start="2026-12-02T08:00:00Z")
    assert same.status_code == 200
    different = post_booking(api, sc, key="abc", phone="0331 7654321")
    assert_problem(different, 422)
    assert Callback.objects.count() == 1


def test_list_and_detail(api, sc, places, travel):
    first = body(post_booking(api, sc))
    second = body(
        post_booking(
            api,
            sc,
            start="2026-12-03T08:00:00+01:00",
            customer_number=make_customer(sc, "900-2").customer_number,
        )
    )
    response = api.get(f"{BASE}/callbacks", sc.os1, team=sc.os_potsdam.id)
    assert response.status_code == 200
    assert response["X-Total-Count"] == "2"
    assert [c["id"] for c in body(response)] == [first["id"], second["id"]]
    day = api.get(f"{BASE}/callbacks", sc.os1, day="2026-12-03")
    assert [c["id"] for c in body(day)] == [second["id"]]
    paged = api.get(f"{BASE}/callbacks", sc.os1, limit=1, offset=1)
    assert [c["id"] for c in body(paged)] == [second["id"]]
    assert body(api.get(f"{BASE}/callbacks", sc.os1, status="cancelled")) == []
    detail = api.get(f"{BASE}/callbacks/{first['id']}", sc.os1)
    assert detail.status_code == 200
    assert AccessEntry.objects.filter(actor=sc.os1, customer=sc.customer, via="api").exists()
    # OS staff of another team see none of them.
    assert body(api.get(f"{BASE}/callbacks", sc.os_md)) == []
    assert_problem(api.get(f"{BASE}/callbacks/{first['id']}", sc.os_md), 404)


def test_reschedule_and_attempts(api, sc, places, travel):
    data = body(post_booking(api, sc))
    moved = api.post(
        f"{BASE}/callbacks/{data['id']}/reschedule", {"start": "2026-12-03T10:00:00+01:00"}, sc.tsb1
    )
    assert_problem(moved, 422, fields=("start",))  # outside the windows
    moved = api.post(
        f"{BASE}/callbacks/{data['id']}/reschedule", {"start": "2026-12-03T08:30:00+01:00"}, sc.tsb1
    )
    assert moved.status_code == 200, moved.content
    assert body(moved)["start"] == "2026-12-03T08:30:00+01:00"
    travel("2026-12-03 08:35")
    path = f"{BASE}/callbacks/{data['id']}/attempts"
    assert_problem(api.post(path, {"result": "reached"}, sc.tsb1), 403)
    assert_problem(api.post(path, {"result": "maybe"}, sc.os1), 422)
    first = api.post(path, {"result": "not_reached", "note": "Mailbox"}, sc.os1)
    assert first.status_code == 200, first.content
    assert body(first)["retry_at"] == "2026-12-03T10:35:00+01:00"
    second = api.post(path, {"result": "not_reached"}, sc.os2)
    result = body(second)
    assert (result["status"], result["outcome"]) == ("done", "not_reached")
    assert [a["result"] for a in result["attempts"]] == ["not_reached", "not_reached"]
    assert any(m["event"] == "not_reached" and m["channel"] == "letter" for m in result["messages"])
    assert_problem(api.post(path, {"result": "reached"}, sc.os1), 409)
    letter = api.get(f"{BASE}/callbacks/{data['id']}/letter.docx", sc.os1, event="not_reached")
    assert letter.status_code == 200


def test_access(api, sc, places):
    # OS Magdeburg may not book for Potsdam; OS Potsdam may.
    assert_problem(post_booking(api, sc, user=sc.os_md), 403)
    response = post_booking(api, sc, user=sc.os1)
    assert response.status_code == 201
    assert body(response)["source"] == "os"
    assert_problem(
        api.get(f"{BASE}/callback-slots", sc.os_md, team=sc.os_potsdam.id, purpose="other"), 403
    )
    # Staff of another organisation: 404.
    from tests.servicecenter.conftest import build_sc

    stranger = build_sc("sc-other", prefix="x").tsb1
    assert_problem(post_booking(api, sc, user=stranger), 404)
    assert_problem(api.get(f"{BASE}/callbacks/{body(response)['id']}", stranger), 404)


def test_service_places(api, sc):
    created = api.post(
        f"{BASE}/service-places",
        {
            "team": sc.os_potsdam.id,
            "name": "Platz 1",
            "person": sc.os1.username,
            "valid_from": "2026-12-01",
            "windows": [
                {"weekday": 0, "start": "08:00", "end": "12:00"},
                {"weekday": 1, "start": "13:00", "end": "15:00"},
            ],
        },
        sc.os_tl,
    )
    assert created.status_code == 201, created.content
    place = body(created)
    assert place["person"] == sc.os1.username
    assert len(place["windows"]) == 2
    assert_problem(
        api.post(
            f"{BASE}/service-places",
            {"team": sc.os_potsdam.id, "name": "X", "valid_from": "2026-12-01"},
            sc.os1,
        ),
        403,
    )
    overlapping = api.send(
        "put",
        f"{BASE}/service-places/{place['id']}/windows",
        {
            "windows": [
                {"weekday": 2, "start": "08:00", "end": "10:00"},
                {"weekday": 2, "start": "09:00", "end": "11:00"},
            ]
        },
        sc.os_tl,
    )
    assert_problem(overlapping, 422)
    windows = api.send(
        "put",
        f"{BASE}/service-places/{place['id']}/windows",
        {"windows": [{"weekday": 2, "start": "08:00", "end": "10:00"}]},
        sc.os_tl,
    )
    assert windows.status_code == 200
    assert body(windows)["windows"] == [{"weekday": 2, "start": "08:00:00", "end": "10:00:00"}]
    closed = api.post(
        f"{BASE}/service-places/{place['id']}/exceptions",
        {"day": "2026-12-02", "note": "Schulung"},
        sc.os_tl,
    )
    assert closed.status_code == 201
    assert body(closed)["start"] is None
    assert_problem(
        api.post(
            f"{BASE}/service-places/{place['id']}/exceptions",
            {"day": "2026-12-02", "start": "09:00"},
            sc.os_tl,
        ),
        422,
    )
    listed = body(api.get(f"{BASE}/service-places", sc.tsb1, team=sc.os_potsdam.id))
    assert [p["name"] for p in listed] == ["Platz 1"]
    assert listed[0]["exceptions"][0]["day"] == "2026-12-02"
    deleted = api.delete(
        f"{BASE}/service-places/{place['id']}/exceptions/{body(closed)['id']}", sc.os_tl
    )
    assert deleted.status_code == 204
    assert not PlaceException.objects.exists()
    renamed = api.send(
        "put",
        f"{BASE}/service-places/{place['id']}",
        {"name": "Platz A", "valid_from": "2026-12-01", "valid_until": "2026-11-01"},
        sc.os_tl,
    )
    assert_problem(renamed, 422, fields=("valid_until",))
    assert ServicePlace.objects.get().name == "Platz 1"
