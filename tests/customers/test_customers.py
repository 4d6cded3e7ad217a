"""FND-04: customer master data; age is derived, never stored; bad input changes nothing."""

import datetime as dt

import pytest

from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.customers.actions import CustomerData, create_customer, update_customer
from anliegen.customers.models import Customer
from anliegen.customers.queries import get_customer_for, search_customers
from anliegen.org.scope import scope_for


def _data(**overrides):
    values = {
        "customer_number": "123A456789",
        "first_name": "Max",
        "last_name": "Muster",
        "birth_date": dt.date(1985, 2, 28),
        "status": "unemployed",
        "profile": "market",
        "care_group": "ue25_basis",
    }
    values.update(overrides)
    return CustomerData(**values)


def test_create_and_age_derived(world, travel):
    travel("2026-11-02 09:00")
    customer = create_customer(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        data=_data(contact_person=world.av.username),
    )
    assert customer.contact_person == world.av
    assert customer.age_on(dt.date(2026, 11, 2)) == 41
    assert customer.age_on(dt.date(2027, 2, 27)) == 41
    assert customer.age_on(dt.date(2027, 2, 28)) == 42
    assert customer.profile_since == dt.date(2026, 11, 2)
    assert AuditEntry.objects.filter(action="customer.created").count() == 1


def test_employer_needs_company_name_not_birth_date(world):
    scope = scope_for(world.worker, world.org)
    employer = create_customer(
        actor=world.worker,
        scope=scope,
        data=CustomerData(customer_number="AG-1", kind="employer", company_name="Muster GmbH"),
    )
    assert employer.display_name == "Muster GmbH"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"birth_date": dt.date(2030, 1, 1)}, "birth_date"),
        ({"birth_date": dt.date(1850, 1, 1)}, "birth_date"),
        ({"status": "retired"}, "status"),
        ({"profile": "x"}, "profile"),
        ({"care_group": "u99"}, "care_group"),
        ({"customer_number": ""}, "customer_number"),
        ({"customer_number": "12 34"}, "customer_number"),
        ({"last_name": ""}, "last_name"),
        ({"contact_person": "nobody"}, "contact_person"),
    ],
)
def test_bad_master_data_rejected(world, travel, overrides, field):
    travel("2026-11-02 09:00")
    with pytest.raises(InvalidInput) as exc:
        create_customer(
            actor=world.worker, scope=scope_for(world.worker, world.org), data=_data(**overrides)
        )
    assert field in exc.value.errors
    assert not Customer.objects.exists()


def test_contact_person_from_other_org_rejected(world, other):
    with pytest.raises(InvalidInput):
        create_customer(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            data=_data(contact_person=other.worker.username),
        )
    assert not Customer.objects.exists()


def test_duplicate_number_rejected(world):
    scope = scope_for(world.worker, world.org)
    create_customer(actor=world.worker, scope=scope, data=_data())
    with pytest.raises(InvalidInput):
        create_customer(actor=world.worker, scope=scope, data=_data())
    assert Customer.objects.count() == 1


def test_same_number_in_another_org_is_fine(world, other):
    create_customer(actor=world.worker, scope=scope_for(world.worker, world.org), data=_data())
    create_customer(actor=other.worker, scope=scope_for(other.worker, other.org), data=_data())


def test_update_records_changes_and_resets_profile_since(world, travel):
    travel("2026-11-02 09:00")
    scope = scope_for(world.worker, world.org)
    customer = create_customer(actor=world.worker, scope=scope, data=_data())
    travel("2026-12-01 09:00")
    update_customer(actor=world.worker, scope=scope, customer=customer, data=_data(profile="z"))
    customer.refresh_from_db()
    assert customer.profile == "z"
    assert customer.profile_since == dt.date(2026, 12, 1)
    entry = AuditEntry.objects.get(action="customer.updated")
    assert entry.old["profile"] == "market"
    assert entry.new["profile"] == "z"


def test_every_view_is_logged_and_scoped(world, other, customer):
    """FND-10/§35 SGB I: each view of a record is logged; other organisations get NotFound."""
    get_customer_for(scope_for(world.worker, world.org), customer.customer_number, via="web")
    get_customer_for(scope_for(world.tl, world.org), customer.customer_number, via="api")
    assert AccessEntry.objects.filter(customer=customer).count() == 2
    with pytest.raises(NotFound):
        get_customer_for(scope_for(other.worker, other.org), customer.customer_number, via="web")
    with pytest.raises(NotFound):
        get_customer_for(scope_for(world.provider, world.org), customer.customer_number, via="web")
    assert AccessEntry.objects.filter(customer=customer).count() == 2


def test_search_by_name_and_number(world, customer):
    scope = scope_for(world.worker, world.org)
    assert list(search_customers(scope, "muster")) == [customer]
    assert list(search_customers(scope, customer.customer_number)) == [customer]
    assert list(search_customers(scope, "Erika Muster")) == [customer]
    assert list(search_customers(scope, "Schmidt")) == []
