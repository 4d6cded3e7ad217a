"""FND-12/NFR-05 for the ticket pages: German, landmarks, nothing inline for the CSP, no caching,
and the htmx partial of the ticket list."""

from __future__ import annotations

import pytest

from tests.web.helpers import html, resources


@pytest.fixture
def pages(world, new_ticket, travel):
    travel("2026-11-23 09:00")
    ticket = new_ticket(kind="appointment")
    o = f"/o/{world.org.slug}/tickets"
    return [
        f"{o}/",
        f"{o}/neu/",
        f"{o}/vorsprache/",
        f"{o}/{ticket.id}/",
        f"{o}/controlling/{world.team.id}/",
    ]


def test_ticket_pages_are_german_accessible_and_csp_clean(client, world, pages):
    client.force_login(world.tl)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = html(response)
        assert '<html lang="de">' in page, url
        assert '<main id="main"' in page, url
        assert '<nav class="main-nav" aria-label="Hauptnavigation">' in page, url
        assert page.count("<h1") == 1, url
        found = resources(response)
        assert found.inline_scripts == 0, url
        assert found.style_attributes == 0, url
        assert "no-store" in response.headers["Cache-Control"], url


def test_ticket_list_filters_answer_htmx_with_the_results_only(client, world, pages):
    client.force_login(world.tl)
    response = client.get(pages[0], {"area": "benefits"}, headers={"HX-Request": "true"})
    page = html(response)
    assert page.startswith('<div id="results"')
    assert "<html" not in page
    assert "Ticket " in page
