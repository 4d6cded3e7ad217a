"""KON-06 API: confirm the weekly plan, list a week, record outcomes, cancel, iCalendar;
bad input is a German problem+json and changes nothing."""

import pytest
from icalendar import Calendar

from anliegen.appointments.models import Appointment
from anliegen.customers.models import HistoryEntry
from tests.api.conftest import Api, assert_problem, counts
from tests.appointments.conftest import WEEK

CONFIRM = "/orgs/jc-test/contact-plan/confirm"
LIST = "/orgs/jc-test/appointments"


@pytest.fixture
def api() -> Api:
    return Api()


def test_confirm_then_list_outcome_cancel_and_ics(api, world, now, due, travel):
    a, b, c = (due(world, world.worker, n) for n in (9, 5, 1))
    body = {
        "case_worker": "worker",
        "week": WEEK,
        "customers": [a.customer_number, b.customer_number],
    }
    response = api.post(CONFIRM, body, world.worker)
    assert response.status_code == 201, response.content
    result = response.json()
    assert [x["customer_number"] for x in result["booked"]] == [
        a.customer_number,
        b.customer_number,
    ]
    assert result["booked"][0]["starts_at"] == "2026-11-30T08:00:00+01:00"
    assert result["booked"][0]["ends_at"] == "2026-11-30T09:00:00+01:00"
    assert result["not_booked"] == []

    again = api.post(
        CONFIRM, {**body, "customers": [a.customer_number, c.customer_number]}, world.tl
    )
    assert again.status_code == 201
    assert again.json()["not_booked"] == [
        {
            "customer_number": a.customer_number,
            "reason": "already_booked",
            "appointment_id": result["booked"][0]["id"],
        }
    ]
    listed = api.get(LIST, world.tl, case_worker="worker", week=WEEK).json()
    assert [x["customer_number"] for x in listed] == [
        a.customer_number,
        b.customer_number,
        c.customer_number,
    ]
    first = listed[0]["id"]

    ics = api.get(f"/orgs/jc-test/appointments/{first}.ics", world.worker)
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert a.customer_number in str(event["summary"])

    early = api.post(
        f"/orgs/jc-test/appointments/{first}/outcome", {"outcome": "held"}, world.worker
    )
    assert_problem(early, 422, fields=("outcome",))
    travel("2026-11-30 12:00")
    done = api.post(
        f"/orgs/jc-test/appointments/{first}/outcome", {"outcome": "no_show"}, world.worker
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "no_show"
    assert HistoryEntry.objects.filter(customer=a, kind="no_show").count() == 1
    assert_problem(
        api.post(f"/orgs/jc-test/appointments/{first}/outcome", {"outcome": "held"}, world.worker),
        409,
    )
    second = listed[1]["id"]
    cancelled = api.post(f"/orgs/jc-test/appointments/{second}/cancel", None, world.worker)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"


def test_no_show_raises_the_measured_rate(api, world, now, due, travel):
    """KON-05: a recorded no-show counts in the no-show rate of the contact plan."""
    a = due(world, world.worker, 3)
    api.post(
        CONFIRM,
        {"case_worker": "worker", "week": WEEK, "customers": [a.customer_number]},
        world.worker,
    )
    appointment = Appointment.objects.get()
    travel("2026-11-30 12:00")
    api.post(
        f"/orgs/jc-test/appointments/{appointment.pk}/outcome", {"outcome": "no_show"}, world.worker
    )
    plan = api.get(
        "/orgs/jc-test/contact-plan", world.worker, case_worker="worker", week="2026-W50"
    )
    assert plan.json()["no_show_rate"] == 1


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"case_worker": "worker", "week": "2026-49", "customers": ["X"]}, ("week",)),
        ({"case_worker": "nobody", "week": WEEK, "customers": ["X"]}, ("case_worker",)),
        ({"case_worker": "worker", "week": WEEK, "customers": ["K-UNKNOWN"]}, ("customers",)),
        ({"case_worker": "worker", "week": "2026-W40", "customers": ["X"]}, ("week",)),
        ({"case_worker": "worker", "week": WEEK, "customers": []}, ("customers",)),
    ],
)
def test_bad_input_is_422_and_changes_nothing(api, world, now, due, body, fields):
    due(world, world.worker)
    before = counts()
    problem = assert_problem(api.post(CONFIRM, body, world.tl), 422, fields=fields)
    assert problem["detail"]
    assert counts() == before
    assert not Appointment.objects.exists()


def test_customer_of_another_case_worker_is_422(api, world, now, due):
    theirs = due(world, world.worker2)
    body = {"case_worker": "worker", "week": WEEK, "customers": [theirs.customer_number]}
    problem = assert_problem(api.post(CONFIRM, body, world.tl), 422, fields=("customers",))
    assert theirs.customer_number in problem["errors"]["customers"]
    assert not Appointment.objects.exists()


def test_scoping(api, world, other, now, due):
    a = due(world, world.worker2)
    body = {"case_worker": "worker2", "week": WEEK, "customers": [a.customer_number]}
    assert_problem(api.post(CONFIRM, body, world.worker), 404)
    assert_problem(api.post(CONFIRM, body, world.tl_integration), 404)
    assert_problem(api.post(CONFIRM, body, world.provider), 404)
    assert_problem(api.post("/orgs/jc-test/contact-plan/confirm", body, other.gf), 404)
    assert api.post(CONFIRM, body).status_code == 401
    booked = api.post(CONFIRM, body, world.tl).json()["booked"][0]["id"]
    assert_problem(api.get(LIST, world.worker, case_worker="worker2", week=WEEK), 404)
    assert_problem(api.get(f"/orgs/jc-test/appointments/{booked}.ics", world.worker), 404)
    assert_problem(api.post(f"/orgs/jc-test/appointments/{booked}/cancel", None, world.worker), 404)
    assert_problem(api.get(f"/orgs/jc-test/appointments/{booked}.ics", world.tl_integration), 404)
    assert len(api.get(LIST, world.worker2, case_worker="worker2", week=WEEK).json()) == 1
