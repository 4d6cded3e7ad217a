"""The KON endpoints (CONTRACT "Contact density"): next contact (KON-02), individual interval
(KON-01) and the contact worklist (KON-04); bad input changes nothing, other organisations are
404."""

import datetime as dt

import pytest

from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.contacts.actions import recompute_for
from anliegen.contacts.models import ContactSchedule
from anliegen.customers.actions import add_history_entry
from tests.api.conftest import Api, assert_problem
from tests.factories import make_customer


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def seeking(world, travel):
    """A seeking Ü25 Basis customer of ``worker``, last contact 02.11.2026."""
    travel("2026-11-25 10:00")
    customer = make_customer(
        world,
        contact_person=world.worker,
        status="seeking",
        profile="z",
        profile_since=dt.date(2026, 10, 1),
    )
    add_history_entry(
        actor=world.worker,
        customer=customer,
        kind="consultation",
        text="Beratung",
        contact_date=dt.date(2026, 11, 2),
    )
    recompute_for(customer)
    return customer


def _path(customer, tail: str, org: str = "jc-test") -> str:
    return f"/orgs/{org}/customers/{customer.customer_number}/{tail}"


def test_next_contact_answers_the_contract_fields(api, world, seeking):
    """KON-02: `{"due_date", "rule", …}`; the view is logged (FND-10)."""
    response = api.get(_path(seeking, "next-contact"), world.worker)
    assert response.status_code == 200, response.content
    body = response.json()
    # Profile Z: 12 months whatever the status (KON-01).
    assert body["due_date"] == "2027-11-02"
    assert body["rule"] == "Ü25, Profillage Z"
    assert body["reason"] == "rule"
    assert body["last_contact"] == "2026-11-02"
    assert body["interval"] == {"unit": "months", "count": 12}
    assert body["individual_interval"] is None
    assert body["review_date"] == "2027-04-01"  # KON-03: 6 months after assignment
    assert body["contact_person"] == "worker"
    assert body["rule_version"] == 1
    assert "recompute_on" in body
    access = AccessEntry.objects.get()
    assert (access.actor, access.customer, access.via, access.purpose) == (
        world.worker,
        seeking,
        "api",
        "contacts",
    )


def test_next_contact_is_computed_for_a_customer_without_schedule(api, world, travel):
    travel("2026-11-25 10:00")
    customer = make_customer(world)
    response = api.get(_path(customer, "next-contact"), world.tl)
    assert response.status_code == 200, response.content
    assert response.json()["reason"] == "never_contacted"
    assert ContactSchedule.objects.filter(customer=customer).exists()


def test_next_contact_of_other_organisations_is_404(api, world, other, seeking):
    theirs = make_customer(other)
    assert_problem(api.get(_path(seeking, "next-contact"), other.gf), 404)
    assert_problem(api.get(_path(theirs, "next-contact"), world.gf), 404)
    assert_problem(api.get(_path(seeking, "next-contact", org="jc-other"), world.gf), 404)
    assert_problem(api.get(_path(seeking, "next-contact"), world.provider), 404)
    assert api.get(_path(seeking, "next-contact")).status_code == 401


def test_contact_interval_is_set(api, world, seeking):
    """KON-01: a seeking customer not in profile Z gets the individual interval."""
    seeking.profile = "market"
    seeking.save()
    recompute_for(seeking)
    response = api.send(
        "put", _path(seeking, "contact-interval"), {"unit": "weeks", "count": 6}, world.worker
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["individual_interval"] == {"unit": "weeks", "count": 6}
    assert body["interval"] == {"unit": "weeks", "count": 6}
    assert (body["due_date"], body["reason"]) == ("2026-12-14", "individual")
    assert AuditEntry.objects.filter(action="contacts.interval_set").count() == 1
    cleared = api.send(
        "put", _path(seeking, "contact-interval"), {"unit": None, "count": None}, world.worker
    )
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["individual_interval"] is None
    assert cleared.json()["reason"] == "individual_capped"


@pytest.mark.parametrize(
    "body",
    [
        {"unit": "months", "count": 7},
        {"unit": "weeks", "count": 30},
        {"unit": "weeks", "count": 500},
        {"unit": "days", "count": 3},
        {"unit": "months", "count": 0},
        {"unit": "months"},
        {"unit": "months", "count": 2, "extra": 1},
    ],
)
def test_contact_interval_bad_input_changes_nothing(api, world, seeking, body):
    """KON-01: above the 6-month cap for seeking customers → 422 in German, nothing changed."""
    seeking.profile = "market"
    seeking.save()
    recompute_for(seeking)
    before = list(ContactSchedule.objects.values())
    audits = AuditEntry.objects.count()
    response = api.send("put", _path(seeking, "contact-interval"), body, world.worker)
    problem = assert_problem(response, 422)
    if body == {"unit": "months", "count": 7}:
        assert "höchstens 6 Monate" in problem["detail"]
        assert "individual_interval" in problem["errors"]
    assert list(ContactSchedule.objects.values()) == before
    assert AuditEntry.objects.count() == audits


def test_contact_interval_of_other_organisations_is_404(api, world, other, seeking):
    body = {"unit": "months", "count": 2}
    assert_problem(api.send("put", _path(seeking, "contact-interval"), body, other.gf), 404)
    theirs = make_customer(other)
    assert_problem(api.send("put", _path(theirs, "contact-interval"), body, world.gf), 404)


def test_provider_may_not_set_an_interval(api, world, seeking):
    body = {"unit": "months", "count": 2}
    response = api.send("put", _path(seeking, "contact-interval"), body, world.provider)
    assert response.status_code in (403, 404)
    assert_problem(response, response.status_code)


def test_contact_worklist(api, world, other, seeking):
    """KON-04: buckets as JSON; TLs ask per case worker; others' names are 404."""
    overdue = make_customer(world, contact_person=world.worker, birth_date=dt.date(1990, 1, 1))
    add_history_entry(
        actor=None,
        customer=overdue,
        kind="contact",
        text="Kontakt",
        contact_date=dt.date(2026, 9, 1),
    )
    recompute_for(overdue)
    response = api.get("/orgs/jc-test/contact-worklist", world.tl, case_worker="worker")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["today"] == "2026-11-25"
    (entry,) = body["overdue"]
    assert entry["customer_number"] == overdue.customer_number
    assert entry["due_date"] == "2026-11-01"
    assert entry["days_overdue"] == 24
    assert entry["contact_person"] == "worker"
    assert body["this_week"] == body["next_week"] == []
    mine = api.get("/orgs/jc-test/contact-worklist", world.worker).json()
    assert [e["customer_number"] for e in mine["overdue"]] == [overdue.customer_number]
    assert_problem(
        api.get("/orgs/jc-test/contact-worklist", world.worker, case_worker="worker2"), 404
    )
    assert_problem(
        api.get("/orgs/jc-test/contact-worklist", world.tl, case_worker="nobody-here"), 404
    )
    assert_problem(api.get("/orgs/jc-test/contact-worklist", other.gf), 404)
    theirs = api.get("/orgs/jc-other/contact-worklist", other.gf).json()
    assert theirs["overdue"] == []
    provider = api.get("/orgs/jc-test/contact-worklist", world.provider).json()
    assert provider["overdue"] == provider["this_week"] == provider["next_week"] == []
    assert api.get("/orgs/jc-test/contact-worklist").status_code == 401
