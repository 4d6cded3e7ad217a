"""Issue 9: the global search of the header — customer number, name, ticket and KRM reference;
scoped as every other read; opening a customer through it logs the view; confidential reactions
never appear for anyone but management and its office (KRM-02)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from anliegen.audit.models import AccessEntry
from anliegen.core.clock import BERLIN
from anliegen.org.roles import Role
from anliegen.org.scope import scope_for
from anliegen.reactions.actions import record_reaction
from anliegen.tickets.actions import create_ticket
from anliegen.web.search import parse_query
from tests.factories import make_customer, make_user
from tests.web.helpers import html


@pytest.fixture
def search(as_user, world):  # type: ignore[no-untyped-def]
    def _search(user, q):  # type: ignore[no-untyped-def]
        return as_user(user).get(reverse("web:search", args=[world.org.slug]), {"q": q})

    return _search


def _reaction(world, customer, kind):  # type: ignore[no-untyped-def]
    return record_reaction(
        actor=world.office,
        scope=scope_for(world.office, world.org),
        channel="letter",
        kind=kind,
        received_at=dt.datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN),
        team_ids=[world.team.id],
        text="Mein Antrag liegt seit Wochen unbearbeitet.",
        customer_number=customer.customer_number,
    )


def test_parse_query_reads_references():  # type: ignore[no-untyped-def]
    def read(text):  # type: ignore[no-untyped-def]
        query = parse_query(text)
        return query.number, query.prefix

    assert read("KRM-12") == (12, "KRM")
    assert read(" krm 7 ") == (7, "KRM")
    assert read("Ticket 3") == (3, "TICKET")
    assert read("#44") == (44, "")
    assert read("Mustermann") == (None, "")


def test_the_header_has_a_search_form_on_every_organisation_page(as_user, world):  # type: ignore[no-untyped-def]
    page = html(as_user(world.worker).get(f"/o/{world.org.slug}/fristenrechner/"))
    assert f'action="/o/{world.org.slug}/suche/"' in page
    assert 'role="search"' in page
    assert '<label class="visually-hidden" for="site-search">Suchbegriff</label>' in page


def test_an_exact_customer_number_opens_the_record_and_logs_the_view(as_user, world):  # type: ignore[no-untyped-def]
    """Issue 9: opening a customer through the search is logged like every other view."""
    customer = make_customer(world, customer_number="K900001")
    client = as_user(world.worker)
    response = client.get(reverse("web:search", args=[world.org.slug]), {"q": "k900001"})
    detail = reverse("web:customer", args=[world.org.slug, "K900001"])
    assert (response.status_code, response.url) == (302, detail)
    assert not AccessEntry.objects.filter(customer=customer).exists()
    assert client.get(response.url).status_code == 200
    assert AccessEntry.objects.filter(customer=customer, actor=world.worker).count() == 1


def test_names_list_the_customers_of_the_organisation_only(search, world, other):  # type: ignore[no-untyped-def]
    make_customer(world, last_name="Quastenberg", first_name="Ida")
    make_customer(world, last_name="Quastenberg", first_name="Otto")
    make_customer(other, last_name="Quastenberg", first_name="Fremd")
    response = search(world.worker, "Quastenberg")
    page = html(response)
    assert response.status_code == 200
    assert "Ida" in page
    assert "Otto" in page
    assert "Fremd" not in page
    assert not AccessEntry.objects.exists()  # a hit list is no opening of a record


def test_providers_get_no_search_and_administrators_find_no_customers(search, as_user, world):  # type: ignore[no-untyped-def]
    make_customer(world, customer_number="K900002", last_name="Quastenberg")
    assert search(world.provider, "Quastenberg").status_code == 404
    page = html(as_user(world.provider).get(f"/o/{world.org.slug}/postkorb/"))
    assert 'id="site-search"' not in page
    for user in (world.admin,):
        response = search(user, "Quastenberg")
        assert response.status_code == 200
        page = html(response)
        assert "Nichts gefunden für „Quastenberg“." in page
        assert "/kunden/K900002/" not in page
        assert search(user, "K900002").status_code == 200


def test_a_ticket_number_opens_the_ticket_for_whom_may_see_it(search, world):  # type: ignore[no-untyped-def]
    agent = make_user("agent", org=world.org, role=Role.PHONE_AGENT)
    customer = make_customer(world, contact_person=world.worker)
    ticket, _ = create_ticket(
        actor=agent,
        scope=scope_for(agent, world.org),
        area="benefits",
        customer_number=customer.customer_number,
        concern="Frage zum Bewilligungsbescheid",
        kind="concern",
    )
    detail = reverse("tickets:detail", args=[world.org.slug, ticket.id])
    for query in (f"Ticket {ticket.id}", f"T-{ticket.id}", f"#{ticket.id}"):
        response = search(world.worker, query)
        assert (response.status_code, response.url) == (302, detail), query
    # The placement officer of another team does not see the ticket.
    response = search(world.av, f"Ticket {ticket.id}")
    assert response.status_code == 200
    assert detail not in html(response)


def test_a_krm_reference_opens_the_reaction(search, world, customer, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-24 10:00")
    reaction = _reaction(world, customer, "complaint")
    detail = reverse("reactions:detail", args=[world.org.slug, reaction.id])
    response = search(world.tl, reaction.reference)
    assert (response.status_code, response.url) == (302, detail)
    assert search(world.provider, reaction.reference).status_code == 404


@pytest.mark.parametrize(
    "role", ["tl", "deputy", "worker", "bl", "av", "tl_integration", "provider", "admin"]
)
def test_confidential_reactions_never_appear_for_non_management(
    search, world, customer, travel, role
):  # type: ignore[no-untyped-def]
    """KRM-02: a complaint about conduct is seen by management and its office only."""
    travel("2026-11-24 10:00")
    reaction = _reaction(world, customer, "conduct_complaint")
    detail = reverse("reactions:detail", args=[world.org.slug, reaction.id])
    for query in (reaction.reference, str(reaction.id)):
        response = search(world.users[role], query)
        assert response.status_code == (404 if role == "provider" else 200)
        assert detail not in html(response)
        assert 'id="search-reactions"' not in html(response)
    assert search(world.gf, reaction.reference).url == detail
    assert search(world.office, reaction.reference).url == detail


@pytest.mark.parametrize("query", ["a\x00b", "x" * 101])
def test_bad_queries_get_a_german_message(search, world, query):  # type: ignore[no-untyped-def]
    response = search(world.worker, query)
    assert response.status_code == 422
    page = html(response)
    # Control characters are refused for every page before the view runs (issue 14, fault 2).
    assert 'class="alert alert--error"' in page or "Ungültige Eingabe" in page


def test_empty_search_explains_itself(search, world):  # type: ignore[no-untyped-def]
    page = html(search(world.worker, ""))
    assert "Geben Sie oben im Suchfeld einen Suchbegriff ein." in page
