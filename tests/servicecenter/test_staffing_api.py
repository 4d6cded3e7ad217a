"""SOC-09 through the API: ``GET /api/v1/staffing`` (CONTRACT, no token) and the extension
``POST /api/v1/orgs/{org}/staffing/plan`` (SC leads and management), with German problems."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from anliegen.core.clock import BERLIN
from anliegen.servicecenter.models import CallRecord, DefaultQueue
from tests.api.conftest import Api, assert_problem, counts

PLAN = "/orgs/sc-test/staffing/plan"


@pytest.fixture
def api() -> Api:
    return Api()


def test_textbook_example_without_a_token(api, db):
    response = api.get(
        "/staffing",
        calls=100,
        interval_minutes=30,
        aht_seconds=180,
        target_seconds=20,
        service_level=0.8,
    )
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert {"agents", "service_level", "occupancy", "waiting_probability"} <= set(body)
    assert body["agents"] == 14
    assert round(body["service_level"], 3) == 0.888
    assert body["occupancy"] == pytest.approx(10 / 14, abs=1e-6)
    assert body["waiting_probability"] == pytest.approx(0.1741, abs=1e-4)
    assert body["offered_load"] == 10


def test_defaults_are_80_percent_within_20_seconds_and_a_bad_token_is_ignored(api, db):
    response = api.client.get(
        "/api/v1/staffing",
        {"calls": 100, "aht_seconds": 180},
        HTTP_AUTHORIZATION="Bearer falsch",
    )
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert (body["agents"], round(body["service_level"], 3)) == (14, 0.888)


def test_shrinkage_extension(api, db):
    body = json.loads(api.get("/staffing", calls=100, aht_seconds=180, shrinkage=0.3).content)
    assert (body["raw_agents"], body["agents"]) == (14, 20)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"calls": -1}, "calls"),
        ({"calls": "viele"}, "calls"),
        ({"aht_seconds": 0}, "aht_seconds"),
        ({"interval_minutes": 0}, "interval_minutes"),
        ({"service_level": 80}, "service_level"),
        ({"service_level": 0}, "service_level"),
        ({"target_seconds": -5}, "target_seconds"),
        ({"shrinkage": 0.95}, "shrinkage"),
        ({"max_occupancy": 1.5}, "max_occupancy"),
        ({"calls": 100_000, "interval_minutes": 1}, "calls"),
    ],
)
def test_out_of_range_is_422_problem_json_in_german(api, db, params, field):
    query = {"calls": 100, "interval_minutes": 30, "aht_seconds": 180, **params}
    body = assert_problem(api.get("/staffing", **query), 422, fields=(field,))
    assert body["detail"] in (
        "Die Parameter der Personalbedarfsrechnung sind ungültig.",
        "Die Eingabe ist ungültig.",
    )


def test_openapi_lists_the_calculator_without_security(api, db):
    schema = json.loads(api.get("/openapi.json").content)
    assert "security" not in schema["paths"]["/api/v1/staffing"]["get"]
    plan = schema["paths"]["/api/v1/orgs/{org}/staffing/plan"]["post"]
    assert plan["security"] == [{"TokenAuth": []}]


def intervals(**extra):
    return {
        "day": "2026-12-02",
        "intervals": [
            {"time": "08:00", "calls": 100, "aht_seconds": 180, "other_calls": 20},
            {"time": "08:30", "calls": 40, "other_calls": 10},
        ],
        **extra,
    }


def test_plan_from_intervals(api, sc):
    DefaultQueue.objects.create(organisation=sc.org, agent=sc.tsb1, queue="soc_l")
    response = api.post(PLAN, intervals(), sc.tl)
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert body["centre"] == sc.centre.id
    assert (body["model"], body["service_level"], body["target_seconds"]) == (
        "erlang_c",
        0.8,
        20,
    )
    first, second = body["intervals"]
    assert first["time"] == "08:00"
    assert (first["raw_agents"], first["agents"]) == (14, 14)
    assert round(first["needed"]["service_level"], 3) == 0.888
    assert first["planned_qualified"] == 1
    assert first["planned"]["service_level"] == 0
    assert first["general_planned"] == 2
    assert second["aht_seconds"] == 180  # the default for rows without their own
    assert body["what_if_time"] == "08:00"  # most Alg calls
    assert [m["k"] for m in body["what_if"]] == [-3, -2, -1, 0, 1, 2, 3]
    assert [m["possible"] for m in body["what_if"]] == [
        False,
        False,
        True,
        True,
        True,
        False,
        False,
    ]


def test_plan_with_erlang_a_and_shrinkage(api, sc):
    body = json.loads(
        api.post(
            PLAN,
            intervals(model="erlang_a", patience_seconds=60, shrinkage=0.3, what_if_time="08:30"),
            sc.rl,
        ).content
    )
    first = body["intervals"][0]
    assert (first["raw_agents"], first["agents"]) == (12, 18)
    assert first["needed"]["abandonment"] > 0.05
    assert body["what_if_time"] == "08:30"


def test_plan_from_csv_text_and_history(api, sc):
    csv = "weekday;time;calls\nMi;08:00;100\nMi;08:30;50\n"
    body = json.loads(
        api.post(PLAN, {"day": "2026-12-02", "source": "csv", "csv": csv}, sc.tl).content
    )
    assert [i["agents"] for i in body["intervals"]] == [14, 8]
    CallRecord.objects.create(
        organisation=sc.org,
        call_id="h-1",
        agent=sc.tsb1,
        topic="alg",
        started_at=dt.datetime(2026, 11, 25, 9, 10, tzinfo=BERLIN),
        ended_at=dt.datetime(2026, 11, 25, 9, 15, tzinfo=BERLIN),
        resolved=True,
        escalation="none",
    )
    response = api.post(PLAN, {"day": "2026-12-02", "source": "history", "weeks": 1}, sc.tl)
    assert response.status_code == 200, response.content
    (row,) = json.loads(response.content)["intervals"]
    assert (row["time"], row["calls"], row["aht_seconds"]) == ("09:00", 1, 300)


def test_bad_csv_is_422_with_line_numbers_and_changes_nothing(api, sc):
    before = counts()
    csv = "weekday;time;calls\nMi;08:00;-3\nMi;08:10;5\n"
    body = assert_problem(
        api.post(PLAN, {"day": "2026-12-02", "source": "csv", "csv": csv}, sc.tl), 422
    )
    assert "Zeile 2: calls darf nicht negativ sein." in body["detail"]
    assert "Zeile 3: unbekannte Uhrzeit „08:10“" in body["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (intervals(service_level=1.2), "service_level"),
        (intervals(model="erlang_b"), "model"),
        ({"day": "2026-12-02", "intervals": [{"time": "08:15", "calls": 3}]}, "intervals"),
        ({"day": "2026-12-02", "intervals": [{"time": "08:00", "calls": -3}]}, None),
        ({"day": "2026-12-02", "source": "history", "weeks": 2}, "weeks"),
        ({"day": "2026-12-02", "source": "csv"}, "file"),
        (intervals(what_if_time="12:00"), "what_if_time"),
    ],
)
def test_bad_plan_requests_are_422(api, sc, payload, field):
    body = assert_problem(api.post(PLAN, payload, sc.tl), 422)
    if field:
        assert field in body["errors"] or field in body["detail"], body


@pytest.mark.parametrize(("who", "status"), [("tsb1", 403), ("os1", 403), ("tl", 200), ("rl", 200)])
def test_plan_access(api, sc, who, status):
    response = api.post(PLAN, intervals(), getattr(sc, who))
    assert response.status_code == status, response.content


def test_plan_needs_a_token_and_is_404_elsewhere(api, sc, world):
    assert api.post(PLAN, intervals()).status_code == 401
    assert api.post(PLAN, intervals(), world.tl).status_code == 404
    assert api.post(PLAN, intervals(centre=999_999), sc.tl).status_code == 404
