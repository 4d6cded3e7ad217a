"""FND-04, FND-10 via the API: create, read (logged), search and change customers; bad input is
rejected in German and changes nothing (NFR-04)."""

from __future__ import annotations

import pytest

from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.customers.models import Customer
from tests.api.conftest import assert_problem, german
from tests.factories import make_customer

INVALID = "Die Eingabe ist ungültig."
DATA = "Die Kundendaten sind ungültig."
BODY = {
    "customer_number": "K4711",
    "first_name": "Erika",
    "last_name": "Mustermann",
    "birth_date": "1980-05-17",
    "status": "unemployed",
    "profile": "market",
    "care_group": "ue25_basis",
}


# --- POST ------------------------------------------------------------------------------------


def test_create_returns_201_with_the_customer(api, world, travel):
    """FND-04: the contract's body creates the customer; the answer has its data and age."""
    travel("2026-11-23 10:00")
    body = {
        **BODY,
        "in_retraining": True,
        "measure_until": "2027-03-31",
        "contact_person": "worker",
    }
    response = api.post("/orgs/jc-test/customers", body, world.worker)
    assert response.status_code == 201, response.content
    data = response.json()
    assert {k: data[k] for k in body} == body
    assert data["age"] == 46
    assert data["kind"] == "person"
    assert data["profile_since"] == "2026-11-23"
    assert data["parental_leave_until"] is None
    customer = Customer.objects.get(customer_number="K4711")
    assert data["id"] == customer.id
    assert customer.organisation == world.org
    assert customer.contact_person == world.worker
    assert AuditEntry.objects.filter(action="customer.created", object_id=str(customer.id)).exists()


def test_create_an_employer(api, world):
    body = {"customer_number": "A-100", "kind": "employer", "company_name": "Bäckerei Schmidt"}
    response = api.post("/orgs/jc-test/customers", body, world.worker)
    assert response.status_code == 201, response.content
    assert response.json()["status"] is None
    assert response.json()["age"] is None


def test_duplicate_number_is_422_and_changes_nothing(api, world, customer, unchanged):
    """NFR-04: a duplicate customer number is rejected; the existing customer is untouched."""
    with unchanged():
        response = api.post(
            "/orgs/jc-test/customers",
            {**BODY, "customer_number": customer.customer_number},
            world.worker,
        )
    body = assert_problem(
        response, 422, german("A customer with this number already exists."), ("customer_number",)
    )
    assert body["errors"]["customer_number"] == german("Already taken.")
    customer.refresh_from_db()
    assert customer.last_name == "Mustermann"


def test_same_number_in_another_organisation_is_fine(api, world, other):
    make_customer(other, customer_number="K4711")
    assert api.post("/orgs/jc-test/customers", BODY, world.worker).status_code == 201


@pytest.mark.parametrize(
    ("change", "field", "message", "detail"),
    [
        ({"customer_number": None}, "customer_number", "Muss ein Text sein.", INVALID),
        ({"customer_number": "K 4711!"}, "customer_number", None, DATA),
        (
            {"customer_number": "K" * 21},
            "customer_number",
            "Zu lang (höchstens 20 Zeichen).",
            INVALID,
        ),
        ({"last_name": ""}, "last_name", "Der Nachname ist erforderlich.", DATA),
        ({"birth_date": None}, "birth_date", "Das Geburtsdatum ist erforderlich.", DATA),
        ({"birth_date": "17.05.1980"}, "birth_date", "Kein gültiges Datum (JJJJ-MM-TT).", INVALID),
        ({"birth_date": "1980-02-30"}, "birth_date", "Kein gültiges Datum (JJJJ-MM-TT).", INVALID),
        (
            {"birth_date": "2031-01-01"},
            "birth_date",
            "Das Geburtsdatum liegt in der Zukunft.",
            DATA,
        ),
        ({"status": "arbeitslos"}, "status", None, INVALID),
        ({"profile": "markt"}, "profile", None, INVALID),
        ({"care_group": "u99"}, "care_group", None, INVALID),
        ({"in_retraining": "vielleicht"}, "in_retraining", "Muss true oder false sein.", INVALID),
        ({"first_name": "E" * 101}, "first_name", "Zu lang (höchstens 100 Zeichen).", INVALID),
        ({"contact_person": "niemand"}, "contact_person", None, "Unbekannte Ansprechperson."),
        ({"email": "keine-adresse"}, "email", "Keine gültige E-Mail-Adresse.", INVALID),
        ({"shoe_size": 42}, "shoe_size", "Unbekanntes Feld.", INVALID),
    ],
)
def test_bad_input_is_422_in_german_and_changes_nothing(
    api, world, unchanged, change, field, message, detail
):
    """NFR-04: each bad field is named with a German message; no customer, no audit row."""
    body = {**BODY, **change}
    with unchanged():
        response = api.post("/orgs/jc-test/customers", body, world.worker)
    problem = assert_problem(response, 422, detail, fields=(field,))
    if message is not None:
        assert problem["errors"][field] == message
    assert not Customer.objects.filter(customer_number__startswith="K4711").exists()


def test_unknown_code_lists_the_allowed_codes(api, world):
    problem = assert_problem(
        api.post("/orgs/jc-test/customers", {**BODY, "profile": "markt"}, world.worker), 422
    )
    assert problem["errors"]["profile"] == (
        "Unbekannter Code. Erlaubt: market, activation, support, development, stabilisation, "
        "assistance, integrated_i, z."
    )


def test_contact_person_of_another_organisation_is_rejected(api, world, other, unchanged):
    """NFR-05: staff of another organisation cannot be made contact person."""
    with unchanged():
        response = api.post(
            "/orgs/jc-test/customers", {**BODY, "contact_person": "other_worker"}, world.worker
        )
    assert_problem(response, 422, german("Unknown contact person."), ("contact_person",))


def test_provider_may_not_create(api, world, unchanged):
    with unchanged():
        response = api.post("/orgs/jc-test/customers", BODY, world.provider)
    assert_problem(response, 403, german("You may not change customer records."))


# --- GET -------------------------------------------------------------------------------------


def test_get_returns_the_customer_and_logs_the_view(api, world, customer, travel):
    """FND-10: every API read of a customer record is in the access log."""
    travel("2026-11-23 10:00")
    response = api.get(f"/orgs/jc-test/customers/{customer.customer_number}", user=world.worker)
    assert response.status_code == 200
    data = response.json()
    assert data["customer_number"] == customer.customer_number
    assert data["last_name"] == "Mustermann"
    assert data["birth_date"] == "1980-05-17"
    assert data["age"] == 46
    assert data["care_group"] == "ue25_basis"
    assert data["created_at"].endswith("+01:00")
    entry = AccessEntry.objects.get()
    assert (entry.actor, entry.customer, entry.via) == (world.worker, customer, "api")


def test_unknown_number_is_404_and_not_logged(api, world):
    body = assert_problem(api.get("/orgs/jc-test/customers/K0000", user=world.worker), 404)
    assert body["detail"] == german("Customer not found.")
    assert not AccessEntry.objects.exists()


def test_provider_cannot_see_customers(api, world, customer):
    """FND-02: providers have no access to customer records: 404, never the data."""
    response = api.get(f"/orgs/jc-test/customers/{customer.customer_number}", user=world.provider)
    assert_problem(response, 404)
    assert b"Mustermann" not in response.content


# --- Search ----------------------------------------------------------------------------------


def test_search_is_paged_in_an_envelope(api, world):
    for i in range(5):
        make_customer(world, customer_number=f"K90{i}", last_name=f"Schulz{i}")
    make_customer(world, customer_number="K999", last_name="Meier")
    response = api.get(
        "/orgs/jc-test/customers", user=world.worker, q="Schulz", page=2, page_size=2
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (5, 2, 2)
    assert [c["last_name"] for c in body["results"]] == ["Schulz2", "Schulz3"]
    assert set(body["results"][0]) >= {
        "id",
        "customer_number",
        "name",
        "birth_date",
        "contact_person",
    }
    assert not AccessEntry.objects.exists()


def test_search_by_number(api, world, customer):
    body = api.get("/orgs/jc-test/customers", user=world.worker, q=customer.customer_number).json()
    assert [c["customer_number"] for c in body["results"]] == [customer.customer_number]


def test_search_never_shows_another_organisation(api, world, other):
    make_customer(other, customer_number="K5555", last_name="Geheim")
    body = api.get("/orgs/jc-test/customers", user=world.worker, q="Geheim").json()
    assert body["count"] == 0


@pytest.mark.parametrize(("param", "value"), [("page", 0), ("page_size", 500), ("page", "zwei")])
def test_search_rejects_bad_paging(api, world, param, value):
    assert_problem(
        api.get("/orgs/jc-test/customers", user=world.worker, **{param: value}),
        422,
        fields=(param,),
    )


# --- PATCH -----------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(api, world, customer):
    Customer.objects.filter(id=customer.id).update(profile_since="2025-01-01")
    path = f"/orgs/jc-test/customers/{customer.customer_number}"
    response = api.patch(path, {"city": "Potsdam", "contact_person": "worker2"}, world.worker)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["city"], data["contact_person"], data["last_name"]) == (
        "Potsdam",
        "worker2",
        "Mustermann",
    )
    customer.refresh_from_db()
    assert customer.city == "Potsdam"
    assert customer.contact_person == world.worker2
    assert customer.street == "Frankfurter Allee 1"
    entry = AuditEntry.objects.get(action="customer.updated")
    assert set(entry.new) == {"city", "contact_person"}


def test_patch_null_clears_a_code(api, world, customer):
    response = api.patch(
        f"/orgs/jc-test/customers/{customer.customer_number}", {"profile": None}, world.worker
    )
    assert response.json()["profile"] is None
    customer.refresh_from_db()
    assert customer.profile == ""


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"last_name": ""}, "last_name"),
        ({"birth_date": "morgen"}, "birth_date"),
        ({"status": "x"}, "status"),
        ({"contact_person": "niemand"}, "contact_person"),
        ({"customer_number": "K1"}, "customer_number"),
    ],
)
def test_patch_bad_input_changes_nothing(api, world, customer, unchanged, body, field):
    with unchanged():
        response = api.patch(
            f"/orgs/jc-test/customers/{customer.customer_number}", body, world.worker
        )
    assert_problem(response, 422, fields=(field,))
    fresh = Customer.objects.get(id=customer.id)
    assert (fresh.last_name, fresh.status, fresh.contact_person) == (
        "Mustermann",
        "unemployed",
        None,
    )


def test_patch_of_another_organisations_customer_is_404(api, world, other, unchanged):
    theirs = make_customer(other, customer_number="K7777")
    with unchanged():
        response = api.patch("/orgs/jc-other/customers/K7777", {"city": "X"}, world.worker)
    assert_problem(response, 404)
    theirs.refresh_from_db()
    assert theirs.city == "Berlin"
