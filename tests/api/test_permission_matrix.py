"""NFR-05, FND-02: role × endpoint → status, for every role of the organisation, someone of
another organisation, and an anonymous caller (pretix ``test_permissions`` style).

404 means "may not see it" (nothing of it is revealed), 403 "sees it but may not do this".
"""

from __future__ import annotations

import pytest

from tests.factories import make_customer

ROLES = [
    "gf",
    "office",
    "bl",
    "tl",
    "deputy",
    "worker",
    "av",
    "provider",
    "admin",
    "other",
    "anonymous",
]
CASEWORK = {"gf", "office", "bl", "tl", "deputy", "worker", "av"}
MEMBERS = set(ROLES) - {"other", "anonymous"}


def _row(allowed: set[str], ok: int, *, denied: int, outsider: int = 404) -> dict[str, int]:
    row = {role: (ok if role in allowed else denied) for role in MEMBERS}
    return {**row, "other": outsider, "anonymous": 401}


MATRIX: dict[str, dict[str, int]] = {
    "get_customer": _row(CASEWORK, 200, denied=404),
    "post_customer": _row(CASEWORK, 201, denied=403),
    "post_note": _row(CASEWORK, 201, denied=404),
    "get_history": _row(CASEWORK, 200, denied=404),
    "get_worklist": _row(MEMBERS, 200, denied=404),
    # world.team is a benefits team: its TL and deputy, and organisation-wide roles lead it;
    # the BL heads integration.
    "get_team_worklist": _row({"gf", "office", "admin", "tl", "deputy"}, 200, denied=403),
    "get_teams": _row(MEMBERS, 200, denied=404),
    "post_rules": _row({"admin"}, 201, denied=403),
}


def _call(api, endpoint: str, user, world, customer):  # type: ignore[no-untyped-def]
    number = customer.customer_number
    base = "/orgs/jc-test"
    if endpoint == "get_customer":
        return api.get(f"{base}/customers/{number}", user=user)
    if endpoint == "post_customer":
        body = {
            "customer_number": "K-NEU-1",
            "first_name": "Max",
            "last_name": "Neu",
            "birth_date": "1990-01-01",
            "status": "seeking",
            "profile": "market",
            "care_group": "u25",
        }
        return api.post(f"{base}/customers", body, user)
    if endpoint == "post_note":
        return api.post(f"{base}/customers/{number}/notes", {"kind": "note", "text": "Anruf"}, user)
    if endpoint == "get_history":
        return api.get(f"{base}/customers/{number}/history", user=user)
    if endpoint == "get_worklist":
        return api.get(f"{base}/worklist", user=user)
    if endpoint == "get_team_worklist":
        return api.get(f"{base}/teams/{world.team.id}/worklist", user=user)
    if endpoint == "get_teams":
        return api.get(f"{base}/teams", user=user)
    if endpoint == "post_rules":
        return api.post(
            f"{base}/rules/work", {"valid_from": "2030-01-01", "data": {"amber_share": 0.7}}, user
        )
    raise AssertionError(endpoint)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_permission_matrix(api, world, other, endpoint, role):
    customer = make_customer(world, last_name="Matrix")
    user = (
        None if role == "anonymous" else (other.worker if role == "other" else getattr(world, role))
    )
    response = _call(api, endpoint, user, world, customer)
    expected = MATRIX[endpoint][role]
    assert response.status_code == expected, (endpoint, role, response.content)
    if expected >= 400:
        assert response["Content-Type"].startswith("application/problem+json")
        assert b"Matrix" not in response.content
