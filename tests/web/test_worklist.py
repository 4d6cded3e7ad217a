"""FND-07/FND-08/FND-12: Mein Postkorb — lights, filters, sorting, paging, export."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.org.actions import record_absence
from anliegen.org.scope import scope_for
from tests.web.helpers import heading, html, make_item, read_csv, read_xlsx


@pytest.fixture
def url(world):  # type: ignore[no-untyped-def]
    return f"/o/{world.org.slug}/postkorb/"


@pytest.fixture
def desk(world, customer, travel):  # type: ignore[no-untyped-def]
    """The worker's items on Monday 23.11.2026: one red, one amber, two green."""
    travel("2026-11-23 09:00")
    return {
        "red": make_item(
            world, assignee=world.worker, light="red", title="Widerspruch", customer=customer
        ),
        "amber": make_item(
            world, assignee=world.worker, light="amber", title="Rückruf", kind="callback"
        ),
        "green": make_item(
            world, assignee=world.worker, light="green", title="Antrag prüfen", priority=1
        ),
        "green2": make_item(
            world, assignee=world.worker, light="green", title="Nachweis", priority=9
        ),
    }


def _titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    import re

    return re.findall(r'<(?:span|a) class="worklist__text"[^>]*>(.*?)</(?:span|a)>', html(response))


def test_worklist_shows_counts_per_light_and_the_items(as_user, world, desk, url):  # type: ignore[no-untyped-def]
    """FND-07: counts per light at the top; each light as dot plus word."""
    response = as_user(world.worker).get(url)
    assert response.status_code == 200
    assert heading(response) == "Mein Postkorb"
    page = html(response)
    for light, word, count in (("red", "rot", 1), ("amber", "gelb", 1), ("green", "grün", 2)):
        assert f'class="light-count light-count--{light}"' in page
        assert (
            f'<span class="light light--{light}"><span class="light__dot" aria-hidden="true"></span>{word}</span>'
            in page
        )
        assert f'<span class="light-count__n">{count}</span>' in page
    assert "<caption>" in page
    assert '<th scope="col"' in page
    assert set(_titles(response)) == {"Widerspruch", "Rückruf", "Antrag prüfen", "Nachweis"}


def test_items_of_others_are_not_in_my_worklist(as_user, world, desk, url):  # type: ignore[no-untyped-def]
    assert _titles(as_user(world.worker2).get(url)) == []


def test_filter_by_light_kind_and_search(as_user, world, desk, url, customer):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    assert _titles(client.get(url, {"light": "red"})) == ["Widerspruch"]
    assert _titles(client.get(url, {"kind": "callback"})) == ["Rückruf"]
    assert _titles(client.get(url, {"q": "antrag"})) == ["Antrag prüfen"]
    assert _titles(client.get(url, {"q": customer.customer_number})) == ["Widerspruch"]
    # The counts describe the list without the light filter, so they stay clickable.
    assert '<span class="light-count__n">2</span>' in html(client.get(url, {"light": "red"}))


def test_sort_by_priority_or_due_date(as_user, world, desk, url):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    by_priority = _titles(client.get(url, {"sort": "priority"}))
    assert by_priority[0] == "Antrag prüfen"  # priority 1
    assert by_priority[-1] == "Nachweis"  # priority 9
    assert _titles(client.get(url, {"sort": "due"}))[0] == "Widerspruch"  # overdue first


def test_paging(as_user, world, desk, url, settings):  # type: ignore[no-untyped-def]
    settings.ANLIEGEN_PAGE_SIZE = 3
    client = as_user(world.worker)
    first, second = client.get(url), client.get(url, {"page": 2})
    assert len(_titles(first)) == 3
    assert len(_titles(second)) == 1
    assert "Seite 1 von 2" in html(first)
    assert 'href="?page=2" rel="next"' in html(first)


def test_empty_state(as_user, world, url):  # type: ignore[no-untyped-def]
    page = html(as_user(world.worker2).get(url))
    assert "Ihr Postkorb ist leer." in page
    assert "<table" not in page


def test_empty_state_with_filters(as_user, world, desk, url):  # type: ignore[no-untyped-def]
    page = html(as_user(world.worker).get(url, {"q": "gibt es nicht"}))
    assert "Keine Vorgänge entsprechen diesen Filtern." in page


def test_items_link_to_the_customer(as_user, world, desk, url, customer):  # type: ignore[no-untyped-def]
    page = html(as_user(world.worker).get(url))
    assert (
        f'href="/o/{world.org.slug}/kunden/{customer.customer_number}/">Erika Mustermann</a>'
        in page
    )


def test_follow_ups_show_their_note(as_user, world, url, customer, travel):  # type: ignore[no-untyped-def]
    """FND-08: a follow-up that falls due shows its note."""
    from anliegen.work.actions import add_follow_up

    travel("2026-11-23 09:00")
    add_follow_up(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        on=dt.date(2026, 11, 25),
        note="Kontoauszüge anfordern",
        customer=customer,
    )
    client = as_user(world.worker)
    assert "Kontoauszüge anfordern" not in html(client.get(url))  # not due yet
    travel("2026-11-25 08:00")
    client = as_user(world.worker)  # sessions last 8 hours
    assert '<span class="worklist__note">Kontoauszüge anfordern</span>' in html(client.get(url))


def test_deputy_sees_the_absent_colleagues_items(as_user, world, desk, url, travel):  # type: ignore[no-untyped-def]
    """FND-03: while the worker is absent, the deputy's worklist shows their items, marked."""
    record_absence(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        person=world.worker,
        start=dt.date(2026, 11, 23),
        end=dt.date(2026, 11, 27),
        deputy=world.worker2,
    )
    response = as_user(world.worker2).get(url)
    assert len(_titles(response)) == 4
    assert "Vertretung für Worker Test" in html(response)


def test_htmx_filter_returns_only_the_results(as_user, world, desk, url):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).get(url, {"light": "amber"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert page.startswith('<div id="results"')
    assert "<html" not in page
    assert _titles(response) == ["Rückruf"]


def test_csv_export_of_the_filtered_list(as_user, world, desk, url, customer):  # type: ignore[no-untyped-def]
    """FND-12: the filtered list (all pages) as CSV for German spreadsheets."""
    response = as_user(world.worker).get(url, {"light": "red", "export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="postkorb-2026-11-23.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Ampel", "Art", "Titel"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Ampel"] == "rot"
    assert row["Titel"] == "Widerspruch"
    assert row["Kundennummer"] == customer.customer_number
    assert row["Fällig"] == "22.11.2026"


def test_xlsx_export_keeps_dates_as_dates(as_user, world, desk, url, settings):  # type: ignore[no-untyped-def]
    settings.ANLIEGEN_PAGE_SIZE = 1  # the export is not paged
    response = as_user(world.worker).get(url, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response)
    assert rows[0][0] == "Ampel"
    assert len(rows) == 5
    due = rows[0].index("Fällig")
    assert {r[2] for r in rows[1:]} == {"Widerspruch", "Rückruf", "Antrag prüfen", "Nachweis"}
    assert all(isinstance(r[due], dt.datetime) for r in rows[1:])


def test_export_links_keep_the_filters(as_user, world, desk, url):  # type: ignore[no-untyped-def]
    page = html(as_user(world.worker).get(url, {"light": "red", "page": "1"}))
    assert 'href="?light=red&amp;export=csv"' in page
    assert 'href="?light=red&amp;export=xlsx"' in page


def test_invalid_filter_values_are_ignored_not_fatal(as_user, world, desk, url):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).get(url, {"light": "lila", "page": "x"})
    assert response.status_code == 200
    assert len(_titles(response)) == 4


def test_ticket_items_link_to_their_ticket(as_user, world, url, travel):  # type: ignore[no-untyped-def]
    """TKT-01: from the Postkorb a ticket opens on its ticket page."""
    from anliegen.org.scope import scope_for
    from anliegen.tickets.actions import create_ticket
    from tests.factories import make_customer

    customer = make_customer(world, contact_person=world.worker)
    ticket, _ = create_ticket(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        area="benefits",
        customer_number=customer.customer_number,
        concern="Frage",
    )
    page = html(as_user(world.worker).get(url))
    assert f'href="/o/jc-test/tickets/vorgang/{ticket.item_id}/"' in page


def test_amber_ticket_without_commitment_reminds_in_the_postkorb(as_user, world, url, travel):  # type: ignore[no-untyped-def]
    """TKT-04: the worklist reminds before the deadline (amber) that a commitment is needed."""
    import datetime as dt

    from anliegen.org.scope import scope_for
    from anliegen.tickets.actions import create_ticket, record_commitment
    from tests.factories import make_customer

    travel("2026-11-23 09:00")
    customer = make_customer(world, contact_person=world.worker)
    ticket, _ = create_ticket(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        area="benefits",
        customer_number=customer.customer_number,
        concern="Frage",
    )
    travel("2026-11-29 09:00")  # due Monday 30 November: amber
    reminder = "Zusage nötig"
    assert reminder in html(as_user(world.worker).get(url))
    record_commitment(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        promised_date=dt.date(2026, 11, 29),
        note="Bescheid kommt heute",
        confirm_non_working_day=True,  # a Sunday, promised deliberately (defect 7)
    )
    page = html(as_user(world.worker).get(url))
    assert "light--amber" in page  # still amber: the reminder is gone because of the commitment
    assert reminder not in page
