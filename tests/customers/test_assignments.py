"""Issue 9, defect 2 (§ 35 SGB I, FND-03, FND-04): contact persons, absence deputies and
standing deputies are staff with a casework role in the same organisation — never a provider
(Träger) nor an administrator-only account. Rows that break this are reported by
``manage.py check_assignments``. Each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anliegen.core.errors import InvalidInput
from anliegen.customers.actions import CustomerData, create_customer, update_customer
from anliegen.customers.assignments import bad_assignments
from anliegen.customers.models import Customer
from anliegen.org.actions import record_absence, set_standing_deputy
from anliegen.org.models import Absence, User
from anliegen.org.scope import scope_for
from tests.api.conftest import Api
from tests.factories import make_customer

CASEWORK_ONLY = (
    "Ansprechperson kann nur Personal dieser Dienststelle mit einer Rolle in der "
    "Fallbearbeitung sein."
)
DEPUTY_CASEWORK_ONLY = (
    "Vertretung kann nur Personal dieser Dienststelle mit einer Rolle in der Fallbearbeitung sein."
)


def _data(contact_person: str) -> CustomerData:
    return CustomerData(
        customer_number="K8001",
        first_name="Jana",
        last_name="Schulz",
        birth_date=dt.date(1990, 3, 4),
        contact_person=contact_person,
    )


@pytest.mark.parametrize("who", ["provider", "admin"])
def test_provider_or_admin_cannot_be_contact_person(world, who):
    scope = scope_for(world.worker, world.org)
    with pytest.raises(InvalidInput) as caught:
        create_customer(actor=world.worker, scope=scope, data=_data(getattr(world, who).username))
    assert caught.value.errors == {"contact_person": CASEWORK_ONLY}
    assert not Customer.objects.exists()


def test_provider_cannot_become_contact_person_on_update(world, customer):
    scope = scope_for(world.worker, world.org)
    data = _data(world.provider.username)
    data.customer_number = customer.customer_number
    with pytest.raises(InvalidInput):
        update_customer(actor=world.worker, scope=scope, customer=customer, data=data)
    customer.refresh_from_db()
    assert customer.contact_person_id is None


@pytest.mark.parametrize("who", ["worker", "av", "tl", "gf"])
def test_casework_staff_can_be_contact_person(world, who):
    scope = scope_for(world.worker, world.org)
    created = create_customer(
        actor=world.worker, scope=scope, data=_data(getattr(world, who).username)
    )
    assert created.contact_person == getattr(world, who)


def test_api_refuses_a_provider_as_contact_person(world):
    body = {
        "customer_number": "K8002",
        "first_name": "Jana",
        "last_name": "Schulz",
        "birth_date": "1990-03-04",
        "contact_person": world.provider.username,
    }
    response = Api().post("/orgs/jc-test/customers", body, world.worker)
    assert response.status_code == 422
    assert response.json()["errors"] == {"contact_person": CASEWORK_ONLY}


def test_form_offers_only_casework_staff(client, world):
    client.force_login(world.worker)
    page = client.get(f"/o/{world.org.slug}/kunden/neu/").content.decode()
    choice = page[page.index('name="contact_person"') :]
    choice = choice[: choice.index("</select>")]
    assert 'value="worker"' in choice
    assert 'value="provider"' not in choice
    assert 'value="admin"' not in choice


@pytest.mark.parametrize("who", ["provider", "admin"])
def test_provider_or_admin_cannot_deputise_an_absence(world, who):
    scope = scope_for(world.worker, world.org)
    with pytest.raises(InvalidInput) as caught:
        record_absence(
            actor=world.worker,
            scope=scope,
            person=world.worker,
            start=dt.date(2026, 12, 1),
            end=dt.date(2026, 12, 4),
            deputy=getattr(world, who),
        )
    assert caught.value.errors == {"deputy": DEPUTY_CASEWORK_ONLY}
    assert not Absence.objects.exists()


@pytest.mark.parametrize("who", ["provider", "admin"])
def test_provider_or_admin_cannot_be_standing_deputy(world, who):
    scope = scope_for(world.worker, world.org)
    with pytest.raises(InvalidInput):
        set_standing_deputy(
            actor=world.worker, scope=scope, person=world.worker, deputy=getattr(world, who)
        )
    world.worker.refresh_from_db()
    assert world.worker.deputy_id is None


def test_colleague_can_still_deputise(world):
    scope = scope_for(world.worker, world.org)
    set_standing_deputy(actor=world.worker, scope=scope, person=world.worker, deputy=world.worker2)
    absence = record_absence(
        actor=world.worker,
        scope=scope,
        person=world.worker,
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 4),
        deputy=world.av,
    )
    assert absence.deputy == world.av


def test_absence_page_offers_only_casework_deputies(client, world):
    client.force_login(world.worker)
    page = client.get(f"/o/{world.org.slug}/abwesenheiten/").content.decode()
    assert ">Provider Test" not in page
    assert ">Admin Test" not in page
    assert "Worker2 Test" in page


def test_check_assignments_reports_existing_rows(world, other, travel):
    """Rows written before the rule (admin, import) are listed; the command fails."""
    travel("2026-11-25 10:00")
    bad_customer = make_customer(world, contact_person=world.provider)
    make_customer(world, contact_person=world.worker)
    foreign = make_customer(world, contact_person=other.worker)  # another organisation
    Absence.objects.create(
        organisation=world.org,
        user=world.worker,
        start=dt.date(2026, 11, 30),
        end=dt.date(2026, 12, 4),
        deputy=world.admin,
    )
    Absence.objects.create(  # over: no access any more, not reported
        organisation=world.org,
        user=world.worker,
        start=dt.date(2026, 11, 2),
        end=dt.date(2026, 11, 6),
        deputy=world.provider,
    )
    User.objects.filter(pk=world.worker2.pk).update(deputy=world.provider)

    found = {(b.kind, b.holder, b.assignee) for b in bad_assignments()}
    assert found == {
        ("contact_person", bad_customer.customer_number, "provider"),
        ("contact_person", foreign.customer_number, "other_worker"),
        ("absence_deputy", "worker", "admin"),
        ("standing_deputy", "worker2", "provider"),
    }
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("check_assignments", stdout=out)
    assert "4 Zuordnung(en)" in str(caught.value)
    report = out.getvalue()
    assert bad_customer.customer_number in report
    assert "Ständige Vertretung von worker2 ist provider" in report


def test_check_assignments_passes_when_all_are_fine(world):
    make_customer(world, contact_person=world.worker)
    out = io.StringIO()
    call_command("check_assignments", stdout=out)
    assert "zulässig" in out.getvalue()
