"""FND-12, NFR-05: token authentication and the error format of the whole API."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.api.models import ApiToken
from anliegen.core import clock
from tests.api.conftest import assert_problem

UNAUTHENTICATED = (
    "Bitte melden Sie sich mit einem gültigen API-Token an (Kopfzeile „Authorization: Bearer …“)."
)


def test_no_token_is_401_problem(api, world):
    """Contract: no token → 401, problem+json, German detail, and a Bearer challenge."""
    response = api.get("/orgs")
    body = assert_problem(response, 401, UNAUTHENTICATED)
    assert body["title"] == "Anmeldung erforderlich"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer anl_falsch", "Bearer ", "Token abc", "Basic dXNlcjpwdw==", "Bearer " + "x" * 500],
)
def test_bad_tokens_are_401(api, world, header):
    response = api.client.get("/api/v1/orgs", HTTP_AUTHORIZATION=header)
    assert_problem(response, 401, UNAUTHENTICATED)


def test_valid_token_authenticates(api, world):
    response = api.get("/orgs", user=world.worker)
    assert response.status_code == 200
    assert [o["slug"] for o in response.json()] == ["jc-test"]


def test_revoked_token_is_401(api, world):
    token, secret = ApiToken.issue(world.worker)
    token.revoked_at = clock.now()
    token.save()
    response = api.client.get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_problem(response, 401)


def test_inactive_user_is_401(api, world):
    _token, secret = ApiToken.issue(world.worker)
    world.worker.is_active = False
    world.worker.save()
    response = api.client.get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_problem(response, 401)


def test_session_login_is_not_accepted(api, world):
    """NFR-05: the API ignores the browser session (no CSRF exposure); only tokens count."""
    api.client.force_login(world.worker)
    assert_problem(api.get("/orgs"), 401)
    assert_problem(api.post("/orgs/jc-test/follow-ups", {"date": "2030-01-01", "note": "x"}), 401)


def test_only_the_hash_is_stored(world):
    token, secret = ApiToken.issue(world.worker)
    assert secret not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=secret).exists()


def test_last_used_is_written_at_most_once_a_minute(api, world, travel):
    """The token's last use is recorded, but not on every request."""
    travel("2026-11-23 09:00")
    token, secret = ApiToken.issue(world.worker)
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    api.client.get("/api/v1/orgs", **header)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    travel("2026-11-23 09:00:30")
    api.client.get("/api/v1/orgs", **header)
    token.refresh_from_db()
    assert token.last_used_at == first
    travel("2026-11-23 09:01:30")
    api.client.get("/api/v1/orgs", **header)
    token.refresh_from_db()
    assert token.last_used_at - first == dt.timedelta(seconds=90)


def test_unknown_route_is_404_problem(api, world):
    body = assert_problem(api.get("/gibt-es-nicht", user=world.worker), 404)
    assert body["detail"] == "Unter dieser Adresse gibt es nichts."


def test_method_not_allowed_is_405_problem(api, world):
    response = api.delete("/orgs", user=world.worker)
    body = assert_problem(response, 405)
    assert "DELETE" in body["detail"]
    assert response["Allow"] == "GET"


def test_malformed_json_is_400_problem(api, world, customer, unchanged):
    with unchanged():
        response = api.post(
            f"/orgs/jc-test/customers/{customer.customer_number}/notes", "{kein json", world.worker
        )
    assert_problem(response, 400, "Der Inhalt der Anfrage ist kein gültiges JSON.")


def test_body_that_is_not_an_object_is_422(api, world, customer, unchanged):
    with unchanged():
        response = api.post(
            f"/orgs/jc-test/customers/{customer.customer_number}/notes", [1, 2], world.worker
        )
    assert_problem(response, 422, "Die Eingabe ist ungültig.")


def test_missing_body_is_422(api, world, customer, unchanged):
    with unchanged():
        response = api.post(
            f"/orgs/jc-test/customers/{customer.customer_number}/notes", None, world.worker
        )
    assert_problem(response, 422, "Die Eingabe ist ungültig.")


def test_unknown_organisation_is_404(api, world):
    body = assert_problem(api.get("/orgs/gibt-es-nicht/teams", user=world.worker), 404)
    assert body["detail"] == "Organisation nicht gefunden."


def test_other_organisation_is_404_without_its_data(api, world, other):
    """NFR-05: someone of another organisation learns nothing, not even that it exists."""
    from tests.factories import make_customer

    secret = make_customer(other, customer_number="K-GEHEIM", last_name="Geheim")
    for path in ("/orgs/jc-other/teams", f"/orgs/jc-other/customers/{secret.customer_number}"):
        response = api.get(path, user=world.worker)
        assert_problem(response, 404)
        assert b"Geheim" not in response.content
    # The same customer number in the caller's own organisation does not exist either.
    assert_problem(
        api.get(f"/orgs/jc-test/customers/{secret.customer_number}", user=world.worker), 404
    )


def test_errors_are_german_whatever_the_client_prefers(api, world):
    """Contract: German ``detail`` even when the client asks for English."""
    response = api.client.get("/api/v1/orgs", HTTP_ACCEPT_LANGUAGE="en")
    assert_problem(response, 401, UNAUTHENTICATED)


def test_problem_types_are_documented(api, db):
    body = api.get("/problems/invalid-input").json()
    assert body == {
        "type": "/api/v1/problems/invalid-input",
        "title": "Ungültige Eingabe",
        "status": 422,
    }
    assert_problem(api.get("/problems/gibt-es-nicht"), 404)


def test_api_root_points_to_the_documents(api, db):
    body = api.get("/").json()
    assert body["openapi"] == "/api/v1/openapi.json"
    assert body["docs"] == "/api/v1/docs"


def test_token_posts_need_no_csrf_token(world, customer):
    """The API is CSRF-exempt because it only accepts tokens, never the session cookie."""
    from django.test import Client

    _token, secret = ApiToken.issue(world.worker)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/v1/orgs/jc-test/customers/{customer.customer_number}/notes",
        {"kind": "note", "text": "Anruf"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
