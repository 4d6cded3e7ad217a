"""SOC-08 through the API (CONTRACT ``soc-kpis`` and its extensions) and the page
``…/servicecenter/kennzahlen/``: figures, drill-down links, access, German problems, the CSV and
XLSX exports opened and read, empty states, navigation."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.api.conftest import Api, assert_problem
from tests.servicecenter.test_kpis import week45  # noqa: F401  (fixture)

BASE = "/orgs/sc-test/soc-kpis"
PAGE = "/o/sc-test/servicecenter/kennzahlen/"
WEEK45 = {"from": "2026-11-02", "to": "2026-11-08"}


@pytest.fixture
def api() -> Api:
    return Api()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_contract_fields_and_extensions(api, sc, week45):  # noqa: F811
    response = api.get(BASE, sc.rl, **WEEK45)
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    # The CONTRACT's fields; shares are numbers from 0 to 1.
    assert data["alg_calls"] == 8
    assert data["fcr_flagged"] == pytest.approx(7 / 8)
    assert data["fcr_verified"] == pytest.approx(3 / 7)
    assert data["qualified_share"] == pytest.approx(2 / 3)
    assert data["callbacks_booked"] == 2
    # Extensions.
    assert data["from"] == "2026-11-02"
    assert data["to"] == "2026-11-08"
    assert data["level"] == "region"
    assert data["fcr_unverifiable_calls"] == 1
    assert data["fcr_target"] == 0.95
    assert data["orders_on_time"] == pytest.approx(1 / 3)
    assert data["callbacks_reached_first"] == 0
    assert [w["week"] for w in data["weeks"]] == ["2026-W45"]
    assert data["weeks"][0]["alg_calls"] == 8
    assert [u["level"] for u in data["by"]] == ["centre"]
    assert data["supply"][0]["offered_minutes"] == 1200
    assert data["supply"][0]["utilisation"] == pytest.approx(0.025)


def test_api_drill_down_by_agent_username(api, sc, week45):  # noqa: F811
    team = json.loads(api.get(BASE, sc.rl, level="team", id=str(sc.sc_team.id), **WEEK45).content)
    assert {u["name"]: u["alg_calls"] for u in team["by"]} == {
        sc.tsb1.get_full_name(): 3,
        sc.tsb2.get_full_name(): 3,
        sc.tsb3.get_full_name(): 2,
        sc.fit.get_full_name(): 0,  # FiT record calls too; none in this week
    }
    agent = json.loads(api.get(BASE, sc.rl, level="agent", id="tsb2", **WEEK45).content)
    assert (agent["alg_calls"], agent["fcr_verified"]) == (3, pytest.approx(1 / 3))
    assert agent["supply"] == []


def test_api_default_period_and_empty(api, sc):
    data = json.loads(api.get(BASE, sc.rl).content)
    assert (data["from"], data["to"]) == ("2026-09-14", "2026-12-06")
    assert len(data["weeks"]) == 12
    assert data["alg_calls"] == 0
    # CONTRACT: shares are numbers from 0 to 1; the empty ones are named in no_basis.
    assert data["fcr_flagged"] == 0
    assert data["fcr_verified"] == 0
    assert {"fcr_flagged", "fcr_verified"} <= set(data["no_basis"])
    assert all(0 <= data[name] <= 1 for name in ("qualified_share", "orders_on_time"))


def test_api_access_and_bad_input(api, sc):
    assert_problem(api.get(BASE, sc.tsb1), 403)
    assert_problem(api.get(BASE, sc.os_tl), 403)
    assert_problem(api.get(BASE, sc.rl, level="team", id=str(sc.os_potsdam.id)), 404)
    assert_problem(api.get(BASE, sc.rl, level="agent", id="os1"), 404)
    assert_problem(api.get(BASE, sc.rl, level="planet"), 422, fields=("level",))
    assert_problem(api.get(BASE, sc.rl, **{"from": "gestern"}), 422, fields=("from",))
    assert_problem(api.get(BASE, sc.rl, **{"from": "2026-11-10", "to": "2026-11-01"}), 422)
    assert api.get(BASE).status_code == 401


def test_api_other_organisation_is_404(api, sc, other):
    assert_problem(api.get(BASE, other.tl), 404)


def test_page_shows_figures_drill_down_and_charts(sc, week45):  # noqa: F811
    client = login(sc.rl)
    response = client.get(PAGE, WEEK45)
    assert response.status_code == 200
    html = response.content.decode()
    assert "KW 45/2026" in html
    assert 'role="img"' in html
    assert "<title>" in html
    centre_link = f"level=centre&amp;id={sc.centre.id}"
    assert centre_link in html
    assert "OS Potsdam – Alg Plus" in html  # slot supply per OS
    team = client.get(PAGE, {**WEEK45, "level": "team", "id": sc.sc_team.id})
    assert f"level=agent&amp;id={sc.tsb1.id}" in team.content.decode()
    agent = client.get(PAGE, {**WEEK45, "level": "agent", "id": sc.tsb1.id})
    assert agent.status_code == 200
    assert f"level=team&amp;id={sc.sc_team.id}" in agent.content.decode()  # the path back up


def test_page_access(sc, week45):  # noqa: F811
    assert login(sc.tsb1).get(PAGE).status_code == 403
    assert login(sc.os1).get(PAGE).status_code == 403
    assert login(sc.tl).get(PAGE).status_code == 200
    foreign = login(sc.tl).get(PAGE, {"level": "agent", "id": sc.os1.id})
    assert foreign.status_code == 404
    assert Client().get(PAGE).status_code == 302  # to the login


def test_page_empty_state_and_bad_period(sc):
    client = login(sc.rl)
    html = client.get(PAGE).content.decode()
    assert "Keine Alg-Anrufe" in html
    bad = client.get(PAGE, {"from": "2026-11-10", "to": "2026-11-01"})
    assert bad.status_code == 200
    assert "Der Zeitraum endet, bevor er beginnt." in bad.content.decode()


def test_navigation_entry_only_for_leads(sc):
    assert (
        "Kennzahlen"
        in login(sc.rl).get("/o/sc-test/servicecenter/warteschlangen/").content.decode()
    )
    assert PAGE not in login(sc.tsb1).get("/o/sc-test/servicecenter/gespraech/").content.decode()


def test_csv_export_of_the_current_level(sc, week45):  # noqa: F811
    response = login(sc.rl).get(
        PAGE, {**WEEK45, "level": "team", "id": sc.sc_team.id, "export": "csv"}
    )
    assert response.status_code == 200
    assert f"team-{sc.sc_team.id}" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Woche", "Montag", "Alg-Anrufe"]
    assert rows[1][:3] == ["KW 45/2026", "02.11.2026", "8"]
    assert rows[1][3] == "87,5"  # flagged 7 of 8
    assert rows[1][4] == "42,9"  # verified 3 of 7
    assert rows[1][5] == "1"


def test_xlsx_export(sc, week45):  # noqa: F811
    response = login(sc.rl).get(PAGE, {**WEEK45, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Woche"
    assert values[1][0] == "KW 45/2026"
    assert values[1][2] == 8
    assert values[1][3] == 87.5
    assert values[1][6] == pytest.approx(66.7)
