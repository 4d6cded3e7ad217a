"""FND-06 via the API: ``GET /api/v1/deadlines`` computes the same due dates as the engine,
answers without a token, and rejects bad input in German (NFR-04)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.api.conftest import assert_problem

VECTORS = Path(__file__).resolve().parent.parent / "fristen" / "fristen_vectors.csv"


def _vectors() -> list[dict[str, str]]:
    with VECTORS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "row", _vectors(), ids=lambda r: f"{r['received']}-{r['kind']}{r['n']}-{r['state']}"
)
def test_vectors_through_http(api, row, db):
    """FND-06: every row of the shared vectors, through HTTP, without a token."""
    params = {"received": row["received"], row["kind"]: row["n"], "state": row["state"]}
    if row["closing_days"]:
        params["closing_days"] = row["closing_days"]
    response = api.get("/deadlines", **params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due_date"] == row["due"]
    assert body["received"] == row["received"]
    assert body["unit"] == row["kind"]
    assert body["n"] == int(row["n"])
    assert body["state"] == row["state"]


def test_explains_skipped_days(api, db):
    """FND-06: the answer lists the holidays and closing days it jumped over."""
    response = api.get(
        "/deadlines", received="2026-12-23", working_days=5, state="BB", closing_days="12-24,12-31"
    )
    body = response.json()
    assert body["due_date"] == "2027-01-05"
    assert body["closing_days"] == ["12-24", "12-31"]
    skipped = {entry["date"]: entry["reason"] for entry in body["skipped"]}
    assert {"2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01"} <= set(skipped)
    assert skipped["2026-12-25"] == "Erster Weihnachtstag"


def test_calendar_days_report_the_roll_forward(api, db):
    """FND-06: a calendar-day end on a weekend moves to the next working day, and says so."""
    body = api.get("/deadlines", received="2026-12-18", calendar_days=14, state="BW").json()
    assert body["due_date"] == "2027-01-04"
    assert body["rolled_from"] == "2027-01-01"


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"working_days": 5, "state": "BE"}, ("received",)),
        ({"received": "2026-13-01", "working_days": 5, "state": "BE"}, ("received",)),
        ({"received": "23.12.2026", "working_days": 5, "state": "BE"}, ("received",)),
        ({"received": "2026-12-23", "working_days": "fünf", "state": "BE"}, ("working_days",)),
        ({"received": "2026-12-23", "working_days": 5, "state": "XX"}, ("state",)),
        ({"received": "2026-12-23", "working_days": 5}, ("state",)),
    ],
)
def test_malformed_input_is_422_with_german_field_messages(api, db, params, fields):
    """NFR-04: types are checked before anything is computed; every field says what is wrong."""
    body = assert_problem(api.get("/deadlines", **params), 422, "Die Eingabe ist ungültig.", fields)
    assert body["title"] == "Ungültige Eingabe"


def test_unknown_state_lists_the_codes_in_german(api, db):
    body = assert_problem(
        api.get("/deadlines", received="2026-12-23", working_days=5, state="XX"), 422
    )
    assert body["errors"]["state"].startswith("Unbekannter Code. Erlaubt: BW, BY, BE")


@pytest.mark.parametrize(
    ("params", "detail_start"),
    [
        ({"received": "2026-12-23", "state": "BE"}, "Geben Sie entweder"),
        (
            {"received": "2026-12-23", "working_days": 5, "calendar_days": 14, "state": "BE"},
            "Geben Sie entweder",
        ),
        (
            {"received": "2026-12-23", "working_days": 5, "state": "BE", "closing_days": "24.12."},
            "Ungültiger Schließtag",
        ),
        ({"received": "2026-12-23", "working_days": -1, "state": "BE"}, "Die Anzahl der Tage"),
        ({"received": "2026-12-23", "working_days": 10**6, "state": "BE"}, "Die Anzahl der Tage"),
    ],
)
def test_inconsistent_input_is_rejected_by_the_calculator(api, db, params, detail_start):
    """NFR-04: the calculator's own checks (exactly one count, closing days as MM-DD, a count
    in range) come back as 422 with the calculator's German message."""
    body = assert_problem(api.get("/deadlines", **params), 422)
    assert body["detail"].startswith(detail_start)


def test_public_even_with_a_bad_token(api, db):
    """Contract: only the deadline calculator answers without a token."""
    response = api.client.get(
        "/api/v1/deadlines",
        {"received": "2026-12-23", "working_days": 5, "state": "BB"},
        HTTP_AUTHORIZATION="Bearer falsch",
    )
    assert response.status_code == 200
