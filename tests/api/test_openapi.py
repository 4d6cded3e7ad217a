"""FND-12: the OpenAPI document lists every endpoint with its codes; the docs work offline."""

from __future__ import annotations

import re

import pytest

CONTRACT = [
    ("get", "/api/v1/deadlines"),
    ("get", "/api/v1/orgs"),
    ("get", "/api/v1/orgs/{org}/teams"),
    ("post", "/api/v1/orgs/{org}/customers"),
    ("get", "/api/v1/orgs/{org}/customers/{number}"),
    ("post", "/api/v1/orgs/{org}/customers/{number}/notes"),
    ("get", "/api/v1/orgs/{org}/customers/{number}/history"),
    ("get", "/api/v1/orgs/{org}/worklist"),
]
EXTENSIONS = [
    ("get", "/api/v1/orgs/{org}/customers"),
    ("patch", "/api/v1/orgs/{org}/customers/{number}"),
    ("get", "/api/v1/orgs/{org}/teams/{team_id}/worklist"),
    ("get", "/api/v1/orgs/{org}/items/{item_id}"),
    ("post", "/api/v1/orgs/{org}/items/{item_id}/reassign"),
    ("post", "/api/v1/orgs/{org}/follow-ups"),
    ("get", "/api/v1/orgs/{org}/absences"),
    ("post", "/api/v1/orgs/{org}/absences"),
    ("delete", "/api/v1/orgs/{org}/absences/{absence_id}"),
    ("get", "/api/v1/orgs/{org}/notifications"),
    ("post", "/api/v1/orgs/{org}/notifications/{notification_id}/read"),
    ("get", "/api/v1/orgs/{org}/rules"),
    ("post", "/api/v1/orgs/{org}/rules/{key}"),
]


@pytest.fixture
def schema(api, db):  # type: ignore[no-untyped-def]
    response = api.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(("method", "path"), CONTRACT + EXTENSIONS)
def test_every_endpoint_is_documented(schema, method, path):
    assert method in schema["paths"][path]


def test_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1"


def _enum(node: dict) -> list[str]:  # type: ignore[type-arg]
    for option in node.get("anyOf", [node]):
        if "enum" in option:
            return list(option["enum"])
    raise AssertionError(node)


def test_contract_codes_are_listed(schema):
    """Contract: the codes of state, status, profile and care_group appear in the document."""
    params = {p["name"]: p for p in schema["paths"]["/api/v1/deadlines"]["get"]["parameters"]}
    assert _enum(params["state"]["schema"]) == [
        "BW",
        "BY",
        "BE",
        "BB",
        "HB",
        "HH",
        "HE",
        "MV",
        "NI",
        "NW",
        "RP",
        "SL",
        "SN",
        "ST",
        "SH",
        "TH",
    ]
    customer = schema["components"]["schemas"]["CustomerIn"]["properties"]
    assert _enum(customer["status"]) == ["unemployed", "seeking", "not_set", "advice_seeking"]
    assert _enum(customer["profile"]) == (
        [
            "market",
            "activation",
            "support",
            "development",
            "stabilisation",
            "assistance",
            "integrated_i",
            "z",
        ]
    )
    assert _enum(customer["care_group"]) == (
        ["ue25_basis", "ue25_active", "u25", "case_management", "rehab", "self_employed"]
    )
    note = schema["components"]["schemas"]["NoteIn"]["properties"]
    assert _enum(note["kind"]) == ["note", "consultation"]


def test_token_auth_everywhere_but_the_calculator(schema):
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert "security" not in schema["paths"]["/api/v1/deadlines"]["get"]
    for method, path in CONTRACT[1:] + EXTENSIONS:
        assert schema["paths"][path][method]["security"] == [{"TokenAuth": []}], path


def test_errors_are_documented_as_problem_json(schema):
    responses = schema["paths"]["/api/v1/orgs/{org}/customers"]["post"]["responses"]
    for status in ("401", "403", "404", "422"):
        assert list(responses[status]["content"]) == ["application/problem+json"]
    assert {"type", "title", "status", "detail", "errors"} <= set(
        schema["components"]["schemas"]["Problem"]["properties"]
    )


def test_docs_render_without_any_external_resource(api, db):
    """No CDN: the page and its scripts come from the application itself."""
    response = api.get("/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references
    assert all(ref.startswith("/") for ref in references), references
    assert '"validatorUrl": null' in html
    for ref in references:
        if ref.startswith("/api/v1/docs/assets/"):
            asset = api.client.get(ref)
            assert asset.status_code == 200, ref


def test_only_the_bundled_assets_are_served(api, db):
    assert api.client.get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert api.client.get("/api/v1/docs/assets/..%2F..%2F__init__.py").status_code == 404
    assert api.client.get("/api/v1/docs/assets/redoc.standalone.js").status_code == 404
