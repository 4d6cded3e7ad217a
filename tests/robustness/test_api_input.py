"""Strict API input (issue 14, faults 2, 3 and 4; NFR-03, NFR-04): control characters, datetimes
and limits give the same German 422/413/400 on SQLite and PostgreSQL and change nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from anliegen.customers.models import Customer
from anliegen.org.roles import Role
from anliegen.tickets.models import Ticket
from tests.api.conftest import assert_problem
from tests.factories import make_customer, make_user

HUGE = "18446744073709551615"


@pytest.fixture
def agent(world):
    return make_user("agent", org=world.org, role=Role.PHONE_AGENT)


@pytest.fixture
def cust(world):
    return make_customer(world, contact_person=world.worker)


def _ticket(api, agent, cust, **overrides):
    body = {
        "area": "benefits",
        "customer_number": cust.customer_number,
        "concern": "Frage zum Bescheid",
        "kind": "concern",
        "received_at": "2026-11-23T09:15:00+01:00",
    }
    body.update(overrides)
    return api.post("/orgs/jc-test/tickets", body, user=agent)


def _customer(**overrides):
    body = {
        "kind": "person",
        "customer_number": "K-NEU-1",
        "first_name": "Erika",
        "last_name": "Muster",
        "birth_date": "1980-05-17",
    }
    body.update(overrides)
    return body


# --- Fault 2: control characters ------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_character_in_a_body_text_is_422_and_stores_nothing(api, world, unchanged, char):
    """NFR-04: PostgreSQL refuses NUL (500 before), SQLite stored it; both now answer 422."""
    with unchanged():
        response = api.post(
            "/orgs/jc-test/customers", _customer(last_name=f"Mus{char}ter"), user=world.tl
        )
    body = assert_problem(response, 422, fields=("last_name",))
    assert f"U+{ord(char):04X}" in body["errors"]["last_name"]
    assert not Customer.objects.filter(customer_number="K-NEU-1").exists()


def test_lone_surrogate_in_a_body_is_422(api, world, unchanged):
    raw = json.dumps(_customer()).replace('"Muster"', '"Mu\\ud800ster"')
    with unchanged():
        response = api.post("/orgs/jc-test/customers", raw, user=world.tl)
    assert_problem(response, 422, fields=("last_name",))


def test_tab_and_line_breaks_are_allowed_in_a_body_text(api, agent, cust, travel):
    travel("2026-11-23 10:00")
    response = _ticket(api, agent, cust, concern="Zeile 1\r\nZeile 2\tEnde")
    assert response.status_code == 201, response.content
    assert Ticket.objects.get().concern == "Zeile 1\r\nZeile 2\tEnde"


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/orgs/jc-test/customers", "q", "Mus\x00ter"),
        ("/orgs/jc-test/customers", "q", "Zeile\nzwei"),
        ("/orgs/jc-test/worklist", "q", "\x00"),
        ("/orgs/jc-test/contact-worklist", "case_worker", "worker\x00"),
    ],
)
def test_control_character_in_a_query_parameter_is_422(api, world, path, name, value):
    """Query parameters are single-line: no control character at all, line breaks included."""
    response = api.get(path, user=world.tl, query={name: value})
    assert_problem(response, 422, fields=(name,))


def test_control_character_in_a_path_parameter_is_422(api, world, customer):
    response = api.get(f"/orgs/jc-test/customers/{customer.customer_number}%00", user=world.tl)
    assert_problem(response, 422, fields=("number",))


def test_control_character_in_a_list_in_a_body_is_422(api, world, travel, unchanged):
    travel("2026-12-23 10:00")
    body = {
        "channel": "letter",
        "kind": "complaint",
        "received_at": "2026-12-23T09:15:00+01:00",
        "teams": [world.team.id],
        "text": "Beschwerde",
        "employees": ["wor\x00ker"],
    }
    with unchanged():
        response = api.post("/orgs/jc-test/reactions", body, user=world.tl)
    assert_problem(response, 422, fields=("employees.0",))


# --- Fault 3: datetimes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0",
        "-1",
        0,
        1700000000,
        "1700000000",
        "0615-03-01T10:00:00+14:54",
        "2026-11-23T09:15:00+14:30",
        "2026-11-23T09:15:00-15:00",
        "1999-12-31T23:59:00+01:00",
        "2101-01-01T00:00:00+01:00",
        "23.11.2026 09:15",
        "2026-11-23",
        "",
    ],
)
def test_received_at_is_strict_iso_8601(api, agent, cust, travel, unchanged, value):
    """Unix timestamps were stored as 1970; year 615 with +14:54 was accepted ([decision]:
    receipts lie in 2000–2100; offsets at most ±14:00)."""
    travel("2026-11-23 10:00")
    with unchanged():
        response = _ticket(api, agent, cust, received_at=value)
    assert_problem(response, 422, fields=("received_at",))


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        ("2026-11-23T09:15:00", "2026-11-23T08:15:00"),  # winter: +01:00
        ("2026-07-01T09:15:00", "2026-07-01T07:15:00"),  # summer: +02:00
        ("2026-10-25T02:30:00", "2026-10-25T00:30:00"),  # ambiguous: first (+02:00)
        ("2026-03-29T02:30:00", "2026-03-29T01:30:00"),  # missing: +01:00 (03:30 CEST)
        ("2026-11-23T08:15:00Z", "2026-11-23T08:15:00"),
        ("2026-11-23T09:15:00+14:00", "2026-11-22T19:15:00"),
    ],
)
def test_received_at_without_offset_is_berlin_wall_time(api, agent, cust, travel, value, utc):
    """A naive receipt was a 500 (tickets/actions.py); it is now Berlin wall time, as for
    appointments, with the documented choice for the DST hours."""
    travel("2026-11-23 10:00")
    response = _ticket(api, agent, cust, received_at=value)
    assert response.status_code == 201, response.content
    stored = Ticket.objects.get().item.received_at
    assert stored == dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC)


def test_the_datetime_rule_is_in_the_openapi_document(api):
    document = json.loads(api.get("/openapi.json").content)
    text = json.dumps(document)
    assert "Without an offset: wall time in Europe/Berlin" in text
    assert "first occurrence, +02:00" in text


# --- Fault 4: limits --------------------------------------------------------------------------


def test_body_over_the_upload_limit_is_413(api, world, unchanged, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    raw = json.dumps(_customer(city="x" * 2_700_000))
    with unchanged():
        response = api.post("/orgs/jc-test/customers", raw, user=world.tl)
    assert_problem(response, 413)


def test_multipart_without_boundary_is_400(api, world, reaction_item):
    response = api.client.post(
        f"/api/v1/orgs/jc-test/reactions/{reaction_item}/attachments",
        data=b"--x\r\nContent-Disposition: form-data; name=file\r\n\r\nabc\r\n--x--\r\n",
        content_type="multipart/form-data",
        HTTP_AUTHORIZATION=f"Bearer {api.token(world.tl)}",
    )
    assert_problem(response, 400)


@pytest.fixture
def reaction_item(api, world, travel):
    travel("2026-12-23 10:00")
    body = {
        "channel": "letter",
        "kind": "complaint",
        "received_at": "2026-12-23T09:15:00+01:00",
        "teams": [world.team.id],
        "text": "Beschwerde",
    }
    response = api.post("/orgs/jc-test/reactions", body, user=world.tl)
    assert response.status_code == 201, response.content
    return json.loads(response.content)["id"]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/orgs/jc-test/worklist", "offset"),
        ("/orgs/jc-test/notifications", "offset"),
        ("/orgs/jc-test/customers", "page"),
        ("/orgs/jc-test/contact-worklist", "page"),
        ("/orgs/jc-test/tickets", "offset"),
    ],
)
def test_huge_offset_or_page_is_422(api, world, path, name):
    """Was a 500 on both databases (OFFSET out of range)."""
    response = api.get(path, user=world.tl, query={name: HUGE})
    assert_problem(response, 422, fields=(name,))


def test_huge_team_id_in_a_list_is_422(api, world, travel, unchanged):
    """SQLite: OverflowError (500) for -2**65 in ``teams``."""
    travel("2026-12-23 10:00")
    body = {
        "channel": "letter",
        "kind": "complaint",
        "received_at": "2026-12-23T09:15:00+01:00",
        "teams": [-36893488147419103232],
        "text": "Beschwerde",
    }
    with unchanged():
        response = api.post("/orgs/jc-test/reactions", body, user=world.tl)
    assert_problem(response, 422, fields=("teams.0",))


def test_huge_path_id_is_422(api, world):
    response = api.get(f"/orgs/jc-test/items/{HUGE}", user=world.tl)
    assert_problem(response, 422, fields=("item_id",))


def test_times_of_day_are_documented_as_local_times(api):
    """Fault 9: schemathesis reported ``"08:00:00" is not a "time"`` (RFC 3339 wants an
    offset); opening hours are wall times, so the document gives their pattern instead."""
    text = api.get("/openapi.json").content.decode()
    document = json.loads(text)
    assert '"format": "time"' not in json.dumps(document)
    opening = document["components"]["schemas"]["IntervalIO"]["properties"]["opens"]
    assert opening["format"] == "partial-time"
    assert opening["pattern"].startswith("^([01][0-9]|2[0-3])")


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2026-11-23T09:15:00", True),
        ("2026-11-23T09:15:00+14:00", True),
        ("2100-12-31 23:59:59.123456Z", True),
        ("2026-11-23T09:15:00+14:30", False),
        ("2026-13-01T00:00:00", False),
        ("1999-12-31T23:59:00+01:00", False),
        ("0", False),
    ],
)
def test_the_document_states_the_input_rules(api, value, accepted):
    """Fault 9: what the API refuses is in its document (schemathesis read the rest as "valid
    request rejected"): patterns for datetimes and texts, bounds for whole numbers."""
    import re

    document = json.loads(api.get("/openapi.json").content)
    ticket = document["components"]["schemas"]["TicketIn"]["properties"]
    pattern = next(node["pattern"] for node in ticket["received_at"]["anyOf"] if "pattern" in node)
    assert bool(re.match(pattern, value)) is accepted
    concern = ticket["concern"]["pattern"]
    assert re.match(concern, "Zeile 1\nZeile 2\tEnde")
    assert not re.match(concern, "Mus\x00ter")
    search = document["paths"]["/api/v1/orgs/{org}/customers"]["get"]["parameters"]
    q = next(p for p in search if p["name"] == "q")["schema"]["pattern"]
    assert not re.match(q, "Zeile\nzwei")
    page = next(p for p in search if p["name"] == "page")["schema"]
    assert (page["minimum"], page["maximum"]) == (1, 2**31 - 1)
