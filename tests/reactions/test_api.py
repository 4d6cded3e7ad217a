"""Reaction endpoints (CONTRACT "Customer reactions (KRM)")."""

import json

import pytest

from anliegen.reactions.models import Reaction
from tests.api.conftest import assert_problem


def _create(api, user, **overrides):
    body = {
        "channel": "letter",
        "kind": "complaint",
        "received_at": "2026-12-23T09:15:00+01:00",
        "teams": [],
        "text": "Seit drei Wochen keine Antwort auf meinen Antrag.",
    }
    body.update(overrides)
    return api.post("/orgs/jc-test/reactions", body, user=user)


def test_create_returns_contract_fields(api, bw, customer, travel):
    travel("2026-12-23 10:00")
    response = _create(api, bw.office, teams=[bw.team.id], customer_number=customer.customer_number)
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert isinstance(body["id"], int)
    assert body["acknowledgement_due"] == "2026-12-29"
    assert body["resolution_due"] == "2027-01-07"  # 6 January is Epiphany in BW
    assert body["responsible"] == "tl"
    assert body["status"] == "open"
    assert body["lead_team"] == bw.team.id
    again = api.get(f"/orgs/jc-test/reactions/{body['id']}", user=bw.tl)
    assert json.loads(again.content)["text"].startswith("Seit drei Wochen")


def test_petition_has_no_deadlines_and_goes_to_management(api, world, travel):
    travel("2026-12-23 10:00")
    body = json.loads(_create(api, world.tl, kind="petition").content)
    assert body["acknowledgement_due"] is None
    assert body["resolution_due"] is None
    assert body["responsible"] == "gf"


def test_phone_reaction_has_no_acknowledgement(api, world, travel):
    travel("2026-12-23 10:00")
    body = json.loads(_create(api, world.tl, channel="phone", teams=[world.team.id]).content)
    assert body["acknowledgement_due"] is None
    assert body["resolution_due"] == "2027-01-06"  # Berlin


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"kind": "rant"}, "kind"),
        ({"received_at": "2026-12-30T09:00:00+01:00"}, "received_at"),
        ({"text": ""}, "text"),
        ({"teams": []}, "teams"),
        ({"customer_number": "K0"}, "customer_number"),
    ],
)
def test_bad_input_is_422_in_german_and_changes_nothing(
    api, world, travel, unchanged, overrides, field
):
    travel("2026-12-23 10:00")
    overrides.setdefault("teams", [world.team.id])
    with unchanged():
        response = _create(api, world.tl, **overrides)
    assert_problem(response, 422, fields=(field,))


def test_team_of_another_organisation_is_rejected(api, world, other, travel, unchanged):
    """KRM-01 bad input: a team id of another organisation is refused like an unknown one (the
    answer does not tell that the team exists elsewhere), and nothing is saved."""
    travel("2026-12-23 10:00")
    with unchanged():
        response = _create(api, world.tl, teams=[world.team.id, other.team.id])
    assert_problem(response, 422, fields=("teams",))
    assert not Reaction.objects.exists()


def test_classify_acknowledge_outcome(api, world, customer, travel):
    travel("2026-12-23 10:00")
    created = json.loads(
        _create(
            api,
            world.office,
            kind="unclassified",
            teams=[world.team.id],
            customer_number=customer.customer_number,
        ).content
    )
    path = f"/orgs/jc-test/reactions/{created['id']}"
    assert_problem(api.post(f"{path}/classify", {"kind": "complaint"}, user=world.tl), 403)
    classified = api.post(f"{path}/classify", {"kind": "complaint"}, user=world.gf)
    assert classified.status_code == 200, classified.content
    assert json.loads(classified.content)["classification_decided_by"] == "gf"

    travel("2026-12-28 10:00")
    sent = api.post(
        f"{path}/acknowledgement-sent",
        {"channel": "letter", "sent_on": "2026-12-28"},
        user=world.tl,
    )
    assert sent.status_code == 200, sent.content
    body = json.loads(sent.content)
    assert body["acknowledgement_sent_at"] == "2026-12-28"
    assert body["due_date"] == body["resolution_due"]

    assert_problem(
        api.post(f"{path}/outcome", {"outcome": "justified", "summary": "x"}, user=world.worker),
        404,
    )
    done = api.post(
        f"{path}/outcome",
        {"outcome": "justified", "summary": "Bescheid korrigiert."},
        user=world.tl,
    )
    assert done.status_code == 200, done.content
    body = json.loads(done.content)
    assert body["status"] == "completed"
    assert body["outcome"] == "justified"
    assert_problem(
        api.post(f"{path}/outcome", {"outcome": "justified", "summary": "x"}, user=world.tl), 409
    )
    entry = api.post(f"{path}/register-entry", user=world.office)
    assert entry.status_code == 200
    assert json.loads(entry.content)["register_entry_at"]


def test_petition_outcome_is_rejected(api, world, travel):
    travel("2026-12-23 10:00")
    created = json.loads(_create(api, world.gf, kind="petition").content)
    response = api.post(
        f"/orgs/jc-test/reactions/{created['id']}/outcome",
        {"outcome": "justified", "summary": "x"},
        user=world.gf,
    )
    assert_problem(response, 422, detail="Petitionen folgen einem eigenen Verfahren.")
    assert Reaction.objects.get(id=created["id"]).outcome == ""


def test_provider_records_but_then_gets_404(api, world, travel):
    travel("2026-12-23 10:00")
    response = _create(
        api, world.provider, kind="praise", channel="in_person", teams=[world.team.id]
    )
    assert response.status_code == 201
    reaction_id = json.loads(response.content)["id"]
    assert api.get(f"/orgs/jc-test/reactions/{reaction_id}", user=world.provider).status_code == 404
