"""FND-04/NFR-04: creating and editing customers through the customer actions."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.customers.models import Customer
from tests.web.helpers import heading, html

VALID = {
    "kind": "person",
    "customer_number": "K7001",
    "first_name": "Jana",
    "last_name": "Schulz",
    "birth_date": "1990-03-04",
    "status": "seeking",
    "profile": "",
    "care_group": "u25",
    "contact_person": "worker",
    "email": "jana@example.org",
    "city": "Berlin",
}


@pytest.fixture
def new_url(world):  # type: ignore[no-untyped-def]
    return f"/o/{world.org.slug}/kunden/neu/"


def test_create_form_is_german_and_labelled(as_user, world, new_url):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).get(new_url)
    assert heading(response) == "Neuer Kunde"
    page = html(response)
    assert '<label class="field__label" for="id_customer_number">Kundennummer' in page
    assert (
        '<legend class="field__label">Kundenart<span class="required" aria-hidden="true"> *</span>'
        in page
    )  # required choice groups are marked too (issue 9 defect 7)


def test_create_customer(as_user, world, new_url):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).post(new_url, VALID, follow=True)
    assert response.redirect_chain[-1][0] == f"/o/{world.org.slug}/kunden/K7001/"
    assert "Der Kunde wurde angelegt." in html(response)
    customer = Customer.objects.get(customer_number="K7001")
    assert (customer.last_name, customer.birth_date, customer.contact_person) == (
        "Schulz",
        dt.date(1990, 3, 4),
        world.worker,
    )
    assert AuditEntry.objects.filter(action="customer.created").count() == 1


def test_missing_names_are_shown_next_to_the_fields(as_user, world, new_url):  # type: ignore[no-untyped-def]
    """NFR-04: the action's field errors appear at the fields; nothing is saved."""
    response = as_user(world.worker).post(new_url, {**VALID, "first_name": "", "birth_date": ""})
    assert response.status_code == 200
    page = html(response)
    assert '<p class="field__error" id="id_first_name-error">' in page
    assert '<p class="field__error" id="id_birth_date-error">' in page
    assert 'aria-describedby="id_first_name-error" aria-invalid="true"' in page
    assert not Customer.objects.exists()


def test_duplicate_number_is_refused(as_user, world, new_url, customer):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).post(
        new_url, {**VALID, "customer_number": customer.customer_number}
    )
    assert '<p class="field__error" id="id_customer_number-error">' in html(response)
    assert Customer.objects.count() == 1


def test_invalid_email_is_a_german_error(as_user, world, new_url):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).post(new_url, {**VALID, "email": "keine-mail"})
    assert "Bitte gültige E-Mail-Adresse eingeben." in html(response)
    assert not Customer.objects.exists()


def test_employer_needs_only_the_company_name(as_user, world, new_url):  # type: ignore[no-untyped-def]
    data = {"kind": "employer", "customer_number": "A100", "company_name": "Bäckerei Kranz"}
    as_user(world.worker).post(new_url, data)
    assert Customer.objects.get(customer_number="A100").display_name == "Bäckerei Kranz"


def test_edit_prefills_and_saves(as_user, world, customer, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    customer.profile_since = dt.date(2025, 1, 1)
    customer.save()
    url = f"/o/{world.org.slug}/kunden/{customer.customer_number}/bearbeiten/"
    client = as_user(world.worker)
    page = html(client.get(url))
    assert 'value="Mustermann"' in page
    assert 'name="customer_number"' not in page  # the number never changes

    data = {
        "kind": "person",
        "first_name": "Erika",
        "last_name": "Musterfrau",
        "birth_date": "1980-05-17",
        "status": "unemployed",
        "profile": "market",
        "care_group": "ue25_basis",
        "city": "Berlin",
    }
    response = client.post(url, data, follow=True)
    assert "Die Stammdaten wurden gespeichert." in html(response)
    customer.refresh_from_db()
    assert customer.last_name == "Musterfrau"
    assert customer.profile_since == dt.date(2025, 1, 1)  # unchanged profile keeps its date
    assert AuditEntry.objects.filter(action="customer.updated").count() == 1


def test_edit_with_bad_input_changes_nothing(as_user, world, customer):  # type: ignore[no-untyped-def]
    url = f"/o/{world.org.slug}/kunden/{customer.customer_number}/bearbeiten/"
    response = as_user(world.worker).post(
        url, {"kind": "person", "first_name": "", "last_name": ""}
    )
    assert '<p class="field__error" id="id_last_name-error">' in html(response)
    customer.refresh_from_db()
    assert customer.last_name == "Mustermann"
