"""KRM-09/KRM-10 web pages and API: register with filters, paging, export and the final entry;
reports with tables, charts and exports read back; the visibility matrix over the HTTP layer."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from anliegen.reactions.models import Reaction
from tests.api.conftest import assert_problem
from tests.reactions.test_reports import krm  # noqa: F401  (the shared data set)

REGISTER = "/o/jc-test/reaktionen/register/"
REPORTS = "/o/jc-test/reaktionen/berichte/"
PERIOD = {"from": "2026-10-01", "to": "2027-03-31"}


def _csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("gf", 200),
        ("office", 200),
        ("bl", 200),
        ("tl", 200),
        ("deputy", 200),
        ("worker", 403),
        ("av", 403),
        ("provider", 403),
        ("admin", 403),
    ],
)
def test_pages_per_role(client, world, krm, role, status):  # noqa: F811
    """KRM-10: management, its office, BL and team leads; case workers and providers never."""
    client.force_login(world.users[role])
    assert client.get(REGISTER).status_code == status
    assert client.get(REPORTS, PERIOD).status_code == status
    assert client.get(REPORTS, {**PERIOD, "export": "xlsx"}).status_code == status


def test_other_organisation_gets_404(client, world, other, krm):  # noqa: F811
    client.force_login(other.gf)
    assert client.get(REGISTER).status_code == 404
    assert client.get(REPORTS).status_code == 404


def test_register_page_lists_visible_rows(client, world, krm):  # noqa: F811
    """KRM-09: the office sees every row and may enter completed ones; a TL sees no petition."""
    client.force_login(world.office)
    page = client.get(REGISTER).content.decode()
    for reaction in krm.values():
        assert f"KRM-{reaction.id}<" in page
    assert page.count('action="/o/jc-test/reaktionen/register/') == 2  # B and C await the entry
    client.force_login(world.tl)
    page = client.get(REGISTER).content.decode()
    assert f"KRM-{krm['A'].id}<" in page
    assert f"KRM-{krm['D'].id}<" not in page  # petition
    assert f"KRM-{krm['E'].id}<" not in page  # conduct complaint
    assert "/eintragen/" not in page  # only the office makes the entry


def test_register_filters_paging_and_empty_state(client, world, krm, settings):  # noqa: F811
    client.force_login(world.gf)
    settings.ANLIEGEN_PAGE_SIZE = 2
    first = client.get(REGISTER, {"sort": "received"}).content.decode()
    assert f"KRM-{krm['F'].id}<" in first
    assert f"KRM-{krm['D'].id}<" not in first
    third = client.get(REGISTER, {"sort": "received", "page": 3}).content.decode()
    assert f"KRM-{krm['C'].id}<" in third
    page = client.get(REGISTER, {"kind": "suggestion"}).content.decode()
    assert 'class="empty"' in page
    bad = client.get(REGISTER, {"from": "31.02.2026"})
    assert bad.status_code == 200
    assert 'class="field__error"' in bad.content.decode()


def test_register_export_csv_and_xlsx(client, world, krm):  # noqa: F811
    """KRM-10: the filtered rows as CSV and XLSX, read back."""
    client.force_login(world.office)
    rows = _csv(client.get(REGISTER, {"export": "csv", "state": "closed", "sort": "reference"}))
    assert len(rows) == 4
    by_ref = {row[0]: row for row in rows[1:]}
    a = by_ref[f"KRM-{krm['A'].id}"]
    assert a[1].startswith("23.12.2026")
    assert "29.12.2026" in a
    assert "07.01.2026" not in a
    assert "07.01.2027" in a
    assert a[13] == "15"
    assert a[5] == "Bescheid, Wartezeit"
    response = client.get(REGISTER, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = list(sheet.values)
    assert len(values) == 8  # header + 7 reactions
    assert {v[0] for v in values[1:]} == {f"KRM-{r.id}" for r in krm.values()}


def test_office_makes_the_register_entry(client, world, krm):  # noqa: F811
    """KRM-09: the office enters a completed reaction; management may not; no double entry."""
    url = f"{REGISTER}{krm['C'].id}/eintragen/"
    client.force_login(world.gf)
    assert client.post(url).status_code == 403
    client.force_login(world.office)
    response = client.post(url, {"next": REGISTER + "?state=awaiting"})
    assert response.status_code == 302
    assert response["Location"] == REGISTER + "?state=awaiting"
    assert Reaction.objects.get(id=krm["C"].id).register_entry_at is not None
    again = client.post(url)
    assert again.status_code == 302  # Conflict → message, nothing changes
    open_one = client.post(f"{REGISTER}{krm['E'].id}/eintragen/")
    assert open_one.status_code == 302
    assert Reaction.objects.get(id=krm["E"].id).register_entry_at is None
    assert client.get(url).status_code == 405


def test_reports_page_tables_charts_and_exports(client, world, krm):  # noqa: F811
    client.force_login(world.gf)
    page = client.get(REPORTS, PERIOD).content.decode()
    assert page.count('<svg class="chart" role="img"') == 8
    assert page.count("<caption>") == 8
    assert "66,7" in page
    assert "Q4/2026" in page
    book = load_workbook(io.BytesIO(client.get(REPORTS, {**PERIOD, "export": "xlsx"}).content))
    assert len(book.sheetnames) == 8
    quarters = list(book.worksheets[-1].values)
    assert quarters[1][:3] == ("Q4/2026", 4, 2)
    assert quarters[2][:3] == ("Q1/2027", 2, 1)
    rows = _csv(client.get(REPORTS, {**PERIOD, "export": "csv", "table": "deadlines"}))
    assert rows[1][1:] == ["3", "2", "1", "0", "66,7"]
    assert rows[2][1:] == ["5", "2", "2", "1", "50,0"]
    bad = client.get(REPORTS, {"from": "2027-02-01", "to": "2027-01-01"})
    assert bad.status_code == 200
    assert 'class="field__error"' in bad.content.decode()


def test_team_lead_report_page_has_no_confidential_kinds(client, world, krm):  # noqa: F811
    client.force_login(world.tl)
    rows = _csv(client.get(REPORTS, {**PERIOD, "export": "csv", "table": "kinds"}))
    assert len(rows) == 1 + 5  # five kinds without conduct complaints and petitions
    assert sum(int(row[1]) for row in rows[1:]) == 3


# --- API ----------------------------------------------------------------------------------------


def test_api_report_figures(api, world, krm):  # noqa: F811
    """KRM-10: the same figures as JSON."""
    response = api.get("/orgs/jc-test/reactions/report", user=world.gf, query=PERIOD)
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert (body["from"], body["to"]) == ("2026-10-01", "2027-03-31")
    assert body["received"] == 6
    assert body["acknowledgement"] == {
        "with_deadline": 3,
        "on_time": 2,
        "late": 1,
        "running": 0,
        "on_time_share": 66.7,
    }
    assert body["resolution"]["on_time_share"] == 50.0
    assert (body["mean_days"], body["median_days"]) == (12.0, 15.0)
    assert [q["quarter"] for q in body["quarters"]] == ["2026-Q4", "2027-Q1"]
    assert {o["key"]: o["count"] for o in body["by_outcome"]}["none"] == 3
    topics = {t["name"]: t for t in body["by_topic"]}
    assert topics["Bescheid"]["outcomes"]["justified"] == 2
    tl = json.loads(api.get("/orgs/jc-test/reactions/report", user=world.tl, query=PERIOD).content)
    assert tl["received"] == 3
    assert "petition" not in {k["key"] for k in tl["by_kind"]}


@pytest.mark.parametrize("role", ["worker", "provider", "admin"])
def test_api_refuses_case_workers_and_providers(api, world, krm, role):  # noqa: F811
    user = world.users[role]
    assert_problem(api.get("/orgs/jc-test/reactions/report", user=user), 403)
    assert_problem(api.get("/orgs/jc-test/reactions/register", user=user), 403)


def test_api_bad_dates_are_german_problems(api, world, krm):  # noqa: F811
    body = assert_problem(
        api.get("/orgs/jc-test/reactions/report", user=world.gf, query={"from": "2026-02-30"}),
        422,
    )
    assert "from" in body["errors"]
    body = assert_problem(
        api.get("/orgs/jc-test/reactions/register", user=world.gf, query={"to": "x", "kind": "y"}),
        422,
    )
    assert {"to", "kind"} <= set(body["errors"])
    assert_problem(api.get("/orgs/jc-test/reactions/register", user=world.gf, page="0"), 422)


def test_api_register_paged_and_filtered(api, world, krm, settings):  # noqa: F811
    settings.ANLIEGEN_PAGE_SIZE = 3
    response = api.get(
        "/orgs/jc-test/reactions/register", user=world.office, sort="received", page="2"
    )
    body = json.loads(response.content)
    assert (body["count"], body["page"], body["pages"]) == (7, 2, 3)
    assert [r["id"] for r in body["results"]] == [krm[k].id for k in "ACB"]
    a = body["results"][0]
    assert a["acknowledgement"] == {
        "due": "2026-12-29",
        "met_at": "2026-12-29T00:00:00+01:00",
        "on_time": True,
    }
    assert a["resolution"]["due"] == "2027-01-07"
    assert a["days_to_resolution"] == 15
    assert a["topics"] == ["Bescheid", "Wartezeit"]
    assert a["register_entry_at"] is not None
    awaiting = json.loads(
        api.get("/orgs/jc-test/reactions/register", user=world.office, state="awaiting").content
    )
    assert {r["id"] for r in awaiting["results"]} == {krm["B"].id, krm["C"].id}
    tl = json.loads(api.get("/orgs/jc-test/reactions/register", user=world.tl).content)
    assert tl["count"] == 4  # F, A, B, C (no period filter)


@pytest.mark.parametrize(
    ("role", "shown"),
    [("gf", True), ("office", True), ("bl", True), ("tl", True), ("worker", False)],
)
def test_navigation_entry(client, world, role, shown):
    """KRM-10: the navigation links the register for everyone who may open it (management, its
    office, BL, and TLs for their teams' reactions) and for nobody else."""
    client.force_login(world.users[role])
    page = client.get("/o/jc-test/postkorb/").content.decode()
    assert (f'href="{REGISTER}"' in page) is shown


@pytest.mark.django_db(transaction=True)
def test_two_register_entries_at_once_make_one(world, new_reaction, travel):
    """KRM-09 under concurrency: the office submits the entry twice at the same moment (two
    tabs): exactly one entry and one audit record."""
    import threading

    from django.db import connections
    from django.test import Client

    from anliegen.audit.models import AuditEntry
    from anliegen.org.scope import scope_for
    from anliegen.reactions import actions

    travel("2026-11-23 10:00")
    reaction = new_reaction()
    actions.record_outcome(
        actor=world.office,
        scope=scope_for(world.office, world.org),
        reaction=reaction,
        outcome="justified",
        summary="Erledigt.",
    )
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def submit() -> None:
        client = Client()
        client.force_login(world.office)
        try:
            barrier.wait()
            statuses.append(client.post(f"{REGISTER}{reaction.id}/eintragen/").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]  # the second gets the "already entered" message
    assert AuditEntry.objects.filter(action="reaction.register_entry").count() == 1
    assert Reaction.objects.get(id=reaction.id).register_entry_at is not None
