"""FND-04/FND-05/FND-10: customer search and the customer page; every opening is logged."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anliegen.audit.models import AccessEntry
from anliegen.customers.actions import add_history_entry
from tests.factories import make_customer
from tests.web.helpers import heading, html, make_item, read_csv, read_xlsx


@pytest.fixture
def customers_url(world):  # type: ignore[no-untyped-def]
    return f"/o/{world.org.slug}/kunden/"


def test_search_by_name_and_number(as_user, world, customers_url, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    erika = make_customer(world, customer_number="K2001")
    make_customer(world, customer_number="K2002", first_name="Max", last_name="Meier")
    client = as_user(world.worker)

    response = client.get(customers_url, {"q": "muster"})
    assert heading(response) == "Kunden"
    page = html(response)
    assert f'href="/o/{world.org.slug}/kunden/K2001/">Erika Mustermann</a>' in page
    assert "Max Meier" not in page
    assert "17.05.1980" in page
    assert "(46 Jahre)" in page
    assert "Max Meier" in html(client.get(customers_url, {"q": "K2002"}))
    assert AccessEntry.objects.filter(customer=erika).count() == 0  # a search opens no record


def test_search_paging_and_empty_state(as_user, world, customers_url, settings):  # type: ignore[no-untyped-def]
    settings.ANLIEGEN_PAGE_SIZE = 2
    for i in range(3):
        make_customer(world, customer_number=f"K30{i}", last_name=f"Name{i}")
    client = as_user(world.worker)
    assert "Seite 1 von 2" in html(client.get(customers_url))
    assert "Kein Kunde zu „Niemand“ gefunden." in html(client.get(customers_url, {"q": "Niemand"}))


def test_empty_customer_list(as_user, world, customers_url):  # type: ignore[no-untyped-def]
    assert "Noch keine Kunden." in html(as_user(world.worker).get(customers_url))


def test_customer_list_export(as_user, world, customers_url):  # type: ignore[no-untyped-def]
    make_customer(world, customer_number="K4001")
    client = as_user(world.worker)
    rows = read_csv(client.get(customers_url, {"export": "csv"}))
    assert rows[0][:2] == ["Kundennummer", "Name"]
    assert rows[1][:3] == ["K4001", "Erika Mustermann", "17.05.1980"]
    xlsx = read_xlsx(client.get(customers_url, {"export": "xlsx"}))
    assert xlsx[1][0] == "K4001"
    assert xlsx[1][2].date() == dt.date(1980, 5, 17)  # type: ignore[union-attr]


def test_customer_page_shows_master_data_and_logs_the_view(as_user, world, customer, travel):  # type: ignore[no-untyped-def]
    """FND-04, FND-10: master data with derived age; the opening is logged (via web)."""
    travel("2026-11-23 09:00")
    customer.contact_person = world.worker
    customer.save()
    response = as_user(world.tl).get(f"/o/{world.org.slug}/kunden/{customer.customer_number}/")
    assert response.status_code == 200
    assert heading(response) == "Erika Mustermann"
    page = html(response)
    assert "17.05.1980 (46 Jahre)" in page
    assert "Worker Test" in page
    assert "Frankfurter Allee 1, 10247 Berlin" in page
    entry = AccessEntry.objects.get(customer=customer)
    assert (entry.actor, entry.via) == (world.tl, "web")


def test_timeline_newest_first_and_paged(as_user, world, customer, travel, settings):  # type: ignore[no-untyped-def]
    """FND-05: the history, newest first, paged."""
    settings.ANLIEGEN_PAGE_SIZE = 2
    for day, text in ((2, "Erster Kontakt"), (3, "Zweiter Kontakt"), (4, "Dritter Kontakt")):
        travel(f"2026-11-0{day} 10:00")
        add_history_entry(actor=world.worker, customer=customer, kind="contact", text=text)
    client = as_user(world.worker)
    url = f"/o/{world.org.slug}/kunden/{customer.customer_number}/"
    texts = re.findall(r'<div class="timeline__text">(.*?)</div>', html(client.get(url)))
    assert texts == ["Dritter Kontakt", "Zweiter Kontakt"]
    texts = re.findall(
        r'<div class="timeline__text">(.*?)</div>', html(client.get(url, {"page": 2}))
    )
    assert texts == ["Erster Kontakt"]


def test_customer_page_lists_open_items(as_user, world, customer, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    make_item(
        world, assignee=world.worker, light="amber", title="Rückruf zum Bescheid", customer=customer
    )
    page = html(
        as_user(world.worker).get(f"/o/{world.org.slug}/kunden/{customer.customer_number}/")
    )
    section = page[page.index("Offene Vorgänge") :]
    assert "Rückruf zum Bescheid" in section
    assert "gelb" in section


def test_unknown_customer_is_404(as_user, world):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).get(f"/o/{world.org.slug}/kunden/K999999/")
    assert response.status_code == 404
    assert heading(response) == "Seite nicht gefunden"


@pytest.mark.parametrize(
    "path", ["kunden/", "kunden/neu/", "kunden/{n}/", "kunden/{n}/bearbeiten/"]
)
def test_providers_get_404_for_customers(as_user, world, customer, path):  # type: ignore[no-untyped-def]
    """FND-02: providers (Träger) have no access to customer records at all."""
    url = f"/o/{world.org.slug}/" + path.format(n=customer.customer_number)
    assert as_user(world.provider).get(url).status_code == 404
    assert AccessEntry.objects.count() == 0


def test_providers_cannot_post_notes(as_user, world, customer):  # type: ignore[no-untyped-def]
    url = f"/o/{world.org.slug}/kunden/{customer.customer_number}/vermerk/"
    response = as_user(world.provider).post(url, {"kind": "note", "text": "Hallo"})
    assert response.status_code == 404
    assert customer.history.count() == 0
