"""KON-04, NFR-02: the contact worklist is paged (50 rows like every other list) in the web UI
and the API; the sections' sizes come from one aggregate query over the whole list, and the
exports stay complete."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anliegen.contacts import queries
from anliegen.contacts.queries import contact_worklist, contact_worklist_page
from anliegen.org.scope import scope_for
from tests.api.conftest import Api
from tests.contacts.test_worklist_db import TODAY, scheduled
from tests.web.helpers import read_csv

# last contacts → due dates with the 2-month rule: overdue 1.10./1.11. (×2), this week 27.11.,
# next week 2.12.
LAST_CONTACTS = [
    dt.date(2026, 8, 1),
    dt.date(2026, 9, 1),
    dt.date(2026, 9, 1),
    dt.date(2026, 9, 27),
    dt.date(2026, 10, 2),
]


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def five(world, travel):
    travel(TODAY)
    return [
        scheduled(world, world.worker, last, last_name=f"Name{i}")
        for i, last in enumerate(LAST_CONTACTS)
    ]


def _numbers(schedules):
    return [s.customer.customer_number for s in schedules]


def test_pages_follow_the_worklist_order_and_count_every_section(world, five):
    """KON-04: given 3 overdue, 1 due this week and 1 next week, when read two rows a page, then
    the pages run through the complete list in its order, every page carries the sizes of all
    sections, and each section's first page is known."""
    scope = scope_for(world.worker, world.org)
    complete = contact_worklist(scope)
    in_order = _numbers(complete.overdue + complete.this_week + complete.next_week)
    assert len(in_order) == 5

    pages = [contact_worklist_page(scope, page=n, page_size=2) for n in (1, 2, 3)]

    paged: list[str] = []
    for page in pages:
        assert (page.counts.overdue, page.counts.this_week, page.counts.next_week) == (3, 1, 1)
        assert page.page.paginator.num_pages == 3
        paged += [n for key in queries.SECTION_KEYS for n in _numbers(page.sections[key])]
    assert paged == in_order
    assert _numbers(pages[1].sections["overdue"]) == in_order[2:3]
    assert _numbers(pages[1].sections["this_week"]) == in_order[3:4]
    assert pages[0].first_pages == {"overdue": 1, "this_week": 2, "next_week": 3}
    # beyond the end: the last page
    assert contact_worklist_page(scope, page=9, page_size=2).page.number == 3
    assert contact_worklist_page(scope, page="x", page_size=2).page.number == 1


def _schedule_queries(scope, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        page = contact_worklist_page(scope, page=1, page_size=2, **kwargs)
    assert len(page.page.object_list) == 2
    return [q["sql"] for q in captured.captured_queries if "contacts_contactschedule" in q["sql"]]


def test_a_page_costs_the_same_few_queries_whatever_the_list_size(world, five):
    """NFR-02: a page counts the sections with one aggregate query and reads only its own rows:
    the whole organisation with ``LIMIT``, a team or person via the ordered ids (one column)
    and then the page's rows by id."""
    org_wide = _schedule_queries(scope_for(world.gf, world.org))
    assert len(org_wide) == 2
    assert "COUNT(" in org_wide[0].upper()
    assert "LIMIT 2" in org_wide[1].upper()
    person = _schedule_queries(scope_for(world.worker, world.org))
    assert len(person) == 3
    assert "COUNT(" in person[0].upper()
    assert "customers_customer" not in person[1].split("FROM")[0]  # ids only
    assert "customers_customer" in person[2]


def test_web_list_is_paged_and_the_export_complete(client, world, five, monkeypatch):
    """KON-04, FND-12: the page shows its rows under the sections with the whole list's counts,
    links to the other pages, and exports every row."""
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    client.force_login(world.worker)
    url = f"/o/{world.org.slug}/kontakte/"
    first = client.get(url).content.decode()
    assert "Seite 1 von 3" in first
    assert 'Überfällig <span class="muted">(3)</span>' in first
    assert 'Fällig nächste Woche <span class="muted">(1)</span>' in first
    assert "?page=3#section-next_week" in first  # where next week's customers are
    assert 'rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Seite 2 von 3" in second
    exported = read_csv(client.get(url, {"export": "csv", "page": 2}))
    assert len(exported) == 1 + 5  # header and every customer


def test_api_pages_with_counts(api, world, five):
    """KON-04: the API pages like the list (``page``, ``page_size``) and counts every section."""
    body = api.get("/orgs/jc-test/contact-worklist", world.worker, page_size=2, page=2).json()
    assert body["count"] == 5
    assert body["counts"] == {"overdue": 3, "this_week": 1, "next_week": 1}
    assert (body["page"], body["page_size"], body["pages"]) == (2, 2, 3)
    assert len(body["overdue"]) == 1
    assert len(body["this_week"]) == 1
    assert body["next_week"] == []
    first = api.get("/orgs/jc-test/contact-worklist", world.worker).json()
    assert (first["page"], first["page_size"], first["pages"]) == (1, 50, 1)
    assert len(first["overdue"]) == 3
    bad = api.get("/orgs/jc-test/contact-worklist", world.worker, page=0)
    assert bad.status_code == 422
