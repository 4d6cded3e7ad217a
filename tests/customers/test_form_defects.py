"""Issue 9, defect 7 (FND-04, NFR-04): the customer form refuses a phone "abc" and a postcode
"ABCDEFG" with German messages, in the action, so the API answers the same; every error comes in
one round; "nicht gesetzt" appears once. Each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import InvalidInput
from anliegen.customers.actions import (
    CustomerData,
    create_customer,
    update_customer,
    validate_customer,
)
from anliegen.customers.models import Customer
from anliegen.org.scope import scope_for
from tests.api.conftest import Api, assert_problem, counts, german
from tests.factories import make_customer

PHONE = (
    "Bitte geben Sie die Telefonnummer in Ziffern an; dazwischen sind nur Leerzeichen, +, /, - "
    "und Klammern erlaubt."
)
POSTCODE = "Eine deutsche Postleitzahl hat genau fünf Ziffern."


def _data(**overrides: object) -> CustomerData:
    values: dict[str, object] = {
        "customer_number": "K7001",
        "first_name": "Jana",
        "last_name": "Schulz",
        "birth_date": dt.date(1990, 3, 4),
        "status": "seeking",
        "care_group": "u25",
    }
    values.update(overrides)
    return CustomerData(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("phone", ["abc", "030 abc", "12", "+49 30 1234#5", "0172-1234567x"])
def test_bad_phone_is_refused_in_german(world, phone):
    scope = scope_for(world.worker, world.org)
    with pytest.raises(InvalidInput) as caught:
        create_customer(actor=world.worker, scope=scope, data=_data(phone=phone))
    assert caught.value.errors == {"phone": PHONE}
    assert not Customer.objects.exists()


@pytest.mark.parametrize("postcode", ["ABCDEFG", "1024", "102477", "10 247", "D-10247"])
def test_bad_postcode_is_refused_in_german(world, postcode):
    scope = scope_for(world.worker, world.org)
    with pytest.raises(InvalidInput) as caught:
        create_customer(actor=world.worker, scope=scope, data=_data(postcode=postcode))
    assert caught.value.errors == {"postcode": POSTCODE}
    assert not Customer.objects.exists()


@pytest.mark.parametrize("phone", ["030 1234567", "+49 (30) 123-45/67", "0172/1234567", " 030 12 "])
def test_phone_numbers_as_people_write_them_are_accepted(world, phone):
    scope = scope_for(world.worker, world.org)
    customer = create_customer(
        actor=world.worker, scope=scope, data=_data(phone=phone, postcode="10247")
    )
    assert customer.phone == phone.strip()
    assert customer.postcode == "10247"


def test_update_refuses_bad_phone_and_changes_nothing(world, customer):
    scope = scope_for(world.worker, world.org)
    data = _data(
        customer_number=customer.customer_number, phone="abc", postcode="ABCDEFG", city="Berlin"
    )
    with pytest.raises(InvalidInput) as caught:
        update_customer(actor=world.worker, scope=scope, customer=customer, data=data)
    assert set(caught.value.errors) == {"phone", "postcode"}
    customer.refresh_from_db()
    assert (customer.phone, customer.postcode) == ("", "10247")
    assert not AuditEntry.objects.filter(action="customer.updated").exists()


def test_every_problem_comes_at_once(world, customer):
    """Names, phone, postcode, e-mail, contact person and a number already taken: one answer
    (the contact person and the number came only in later rounds before)."""
    scope = scope_for(world.worker, world.org)
    data = _data(
        customer_number=customer.customer_number,
        last_name="",
        phone="abc",
        postcode="ABCDEFG",
        email="keine-adresse",
        contact_person=world.provider.username,
    )
    with pytest.raises(InvalidInput) as caught:
        create_customer(actor=world.worker, scope=scope, data=data)
    assert set(caught.value.errors) == {
        "customer_number",
        "last_name",
        "phone",
        "postcode",
        "email",
        "contact_person",
    }
    assert validate_customer(scope, data) == caught.value.errors


def test_api_gives_the_same_answer(world):
    """The API refuses what the form refuses, with the same German messages, all at once."""
    body = {
        "customer_number": "K4711",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "birth_date": "1980-05-17",
        "phone": "abc",
        "postcode": "ABCDEFG",
    }
    before = counts()
    response = Api().post("/orgs/jc-test/customers", body, world.worker)
    assert counts() == before
    problem = assert_problem(
        response, 422, german("The customer data are invalid."), ("phone", "postcode")
    )
    assert problem["errors"]["phone"] == PHONE
    assert problem["errors"]["postcode"] == POSTCODE


def _field_errors(page: str) -> set[str]:
    return set(re.findall(r'<p class="field__error" id="id_([a-z_]+)-error">', page))


def test_form_shows_every_error_in_one_round(client, world):
    """An e-mail address the form refuses no longer hides the action's errors: phone,
    postcode and the missing last name are shown in the same answer."""
    client.force_login(world.worker)
    response = client.post(
        f"/o/{world.org.slug}/kunden/neu/",
        {
            "kind": "person",
            "customer_number": "K7001",
            "first_name": "Jana",
            "last_name": "",
            "birth_date": "1990-03-04",
            "email": "keine-adresse",
            "phone": "abc",
            "postcode": "ABCDEFG",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert _field_errors(page) >= {"email", "phone", "postcode", "last_name"}
    assert PHONE in page
    assert POSTCODE in page
    assert not Customer.objects.exists()


def test_edit_form_shows_every_error_in_one_round(client, world, customer):
    client.force_login(world.worker)
    response = client.post(
        f"/o/{world.org.slug}/kunden/{customer.customer_number}/bearbeiten/",
        {
            "kind": "person",
            "first_name": "Erika",
            "last_name": "Mustermann",
            "birth_date": "17.05.1980",
            "measure_until": "kein Datum",
            "phone": "abc",
            "postcode": "ABCDEFG",
        },
    )
    assert response.status_code == 200
    assert _field_errors(response.content.decode()) >= {"measure_until", "phone", "postcode"}


def test_not_set_appears_once_in_the_status_choice(client, world):
    """ "nicht gesetzt" is a status of its own; the empty choice reads "keine Angabe"."""
    client.force_login(world.worker)
    page = client.get(f"/o/{world.org.slug}/kunden/neu/").content.decode()
    status = page[page.index('name="status"') :]
    status = status[: status.index("</select>")]
    assert status.count("nicht gesetzt") == 1
    assert '<option value="" selected>keine Angabe</option>' in status


def test_existing_customer_keeps_a_valid_phone_on_edit(world):
    customer = make_customer(world, phone="030 1234567")
    scope = scope_for(world.worker, world.org)
    data = _data(customer_number=customer.customer_number, phone=customer.phone, city="Berlin")
    updated = update_customer(actor=world.worker, scope=scope, customer=customer, data=data)
    assert updated.phone == "030 1234567"
