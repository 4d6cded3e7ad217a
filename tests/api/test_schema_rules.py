"""The OpenAPI document states the rules the API applies (issue 14, fault 9; NFR-03): what
schemathesis found in CI runs — component names shared by two schemas, dates and times given as
numbers, day counts, weeks, blank texts and empty uploads the document did not forbid."""

from __future__ import annotations

import json
import re
import typing
from collections import defaultdict
from typing import Any

import pytest
from pydantic import BaseModel

from anliegen.org.models import Absence
from anliegen.rules.models import RuleSet
from tests.api.conftest import assert_problem

#: Texts the actions refuse as blank; Python's ``str.strip`` and the pattern's ``\s`` agree.
BLANKS = ["", " ", "\t", "\n \r\n", "\u00a0", "\u2003\u3000"]


@pytest.fixture
def document(api, db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return json.loads(api.get("/openapi.json").content)


def _models_of(tp: Any, found: set[type[BaseModel]]) -> None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp in found:
            return
        found.add(tp)
        for field in tp.model_fields.values():
            _models_of(field.annotation, found)
    for arg in typing.get_args(tp):
        _models_of(arg, found)


def test_no_two_schemas_share_a_component_name(db):
    """The document names each schema by its class name; two classes of one name overwrote each
    other, so e.g. ``POST …/employer-calls`` was documented with the service centre's call body
    and ``…/reactions/{id}/outcome`` with the appointments' outcome codes."""
    from anliegen.api_urls import api as ninja_api

    found: set[type[BaseModel]] = set()
    for bound in ninja_api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models_of(model, found)
                for response in (operation.response_models or {}).values():
                    _models_of(response, found)
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in found:
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    assert not shared, f"rename one of each: {shared}"


def test_a_date_given_as_a_number_is_422(api, world, unchanged):
    """Before: ``on_or_before=0`` was 1970-01-01 (200) and ``valid_from: 0`` stored a rule
    version valid from 1970."""
    response = api.get("/orgs/jc-test/absences", user=world.tl, on_or_before="0")
    assert_problem(response, 422, fields=("on_or_before",))
    versions = RuleSet.objects.count()
    body = {"valid_from": 0, "data": {"closing_days": [], "roll_forward": True}}
    response = api.post("/orgs/jc-test/rules/calendar", body, user=world.admin)
    assert_problem(response, 422, fields=("valid_from",))
    assert RuleSet.objects.count() == versions
    assert Absence.objects.count() == 0


@pytest.mark.parametrize("value", [0, 3600, "08:00Z", "08:00+01:00", "8:00", "24:00"])
def test_a_time_of_day_that_is_no_local_time_is_422(api, world, travel, value):
    """Before: ``closes: 0`` was read as midnight UTC and compared with a local time: 500."""
    travel("2026-11-24 10:00")
    path = f"/orgs/{world.org.slug}/quality/employer-reachability"
    body = {"weekdays": [0, 1, 2, 3, 4], "opens": "07:30", "closes": value}
    response = api.send("put", path, body, user=world.gf)
    errors = assert_problem(response, 422, fields=("closes",))["errors"]
    assert errors["closes"].startswith("Keine gültige Uhrzeit")
    assert api.get(path, user=world.worker).json()["closes"] == "17:00:00"


def test_day_counts_and_weeks_are_documented(document):
    deadline = {
        p["name"]: p["schema"] for p in document["paths"]["/api/v1/deadlines"]["get"]["parameters"]
    }
    for name in ("working_days", "calendar_days"):
        assert deadline[name]["minimum"] == 1
        assert deadline[name]["maximum"] == 36_525
    week_params = [
        next(p for p in document["paths"][path]["get"]["parameters"] if p["name"] == "week")
        for path in (
            "/api/v1/orgs/{org}/appointments",
            "/api/v1/orgs/{org}/appointments.ics",
            "/api/v1/orgs/{org}/contact-plan",
        )
    ]
    confirm = document["components"]["schemas"]["ConfirmIn"]["properties"]["week"]
    for schema in [p["schema"] for p in week_params] + [confirm]:
        assert re.match(schema["pattern"], "2026-W49")
        assert not re.match(schema["pattern"], "2026-W00")
        assert not re.match(schema["pattern"], "0000000000000000000")


def test_the_documented_day_count_is_what_the_calculator_accepts(api, db):
    query = {"received": "2026-11-23", "state": "BE"}
    assert_problem(api.get("/deadlines", calendar_days="0", **query), 422)
    assert api.get("/deadlines", calendar_days="1", **query).status_code == 200
    assert api.get("/deadlines", working_days="36525", **query).status_code == 200
    assert_problem(api.get("/deadlines", working_days="36526", **query), 422)


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("TicketIn", "concern"),
        ("CommitmentIn", "note"),
        ("TicketCompleteIn", "resolution"),
        ("CallbackIn", "note"),
        ("ReactionOutcomeIn", "summary"),
        ("PetitionCloseIn", "summary"),
    ],
)
def test_required_texts_are_documented_as_not_blank(document, schema, field):
    pattern = document["components"]["schemas"][schema]["properties"][field]["pattern"]
    for blank in BLANKS:
        assert not re.match(pattern, blank), repr(blank)
    assert re.match(pattern, "  Zeile 1\nZeile 2\tEnde ")
    assert not re.match(pattern, "Mus\x00ter")


@pytest.mark.parametrize("blank", BLANKS)
def test_what_the_pattern_calls_blank_the_action_refuses(api, world, blank, unchanged):
    """The document and the action agree: every text the pattern refuses is a German 422."""
    from anliegen.org.roles import Role
    from tests.factories import make_customer, make_user

    agent = make_user("agent", org=world.org, role=Role.PHONE_AGENT)
    customer = make_customer(world, contact_person=world.worker)
    body = {"area": "benefits", "customer_number": customer.customer_number, "concern": blank}
    with unchanged():
        response = api.post("/orgs/jc-test/tickets", body, user=agent)
    assert_problem(response, 422, fields=("concern",))


def test_an_upload_needs_at_least_one_file(document):
    for path in (
        "/api/v1/orgs/{org}/reactions/{reaction_id}/attachments",
        "/api/v1/orgs/{org}/tickets/{ticket_id}/attachments",
    ):
        form = document["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]
        assert form["schema"]["required"] == ["files"]
        assert form["schema"]["properties"]["files"]["minItems"] == 1


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("2026-04-30T19:04:00+02:00", True),
        ("2026-12-31T23:59", True),
        ("2028-02-29T10:00", True),
        ("2026-04-31T19:04:00+02:00", False),
        ("2026-11-31T23:07:07", False),
        ("2026-02-30T10:00", False),
    ],
)
def test_the_datetime_pattern_knows_the_days_of_a_month(api, world, document, value, accepted):
    """schemathesis sent ``2060-04-31…`` as schema-valid; pydantic refuses the day (422)."""
    ticket = document["components"]["schemas"]["TicketIn"]["properties"]["received_at"]
    pattern = next(node["pattern"] for node in ticket["anyOf"] if "pattern" in node)
    assert bool(re.match(pattern, value)) is accepted
    response = api.get("/orgs/jc-test/absences", user=world.tl, on_or_before=value[:10])
    assert response.status_code == (200 if accepted else 422)
