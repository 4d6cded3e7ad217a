"""API of reply drafts (KRM-08) and the documented letter endpoints (KRM-05)."""

import json

import pytest

from anliegen.letters.models import DraftState, ReplyDraft
from anliegen.letters.render import DOCX_CONTENT_TYPE
from tests.api.conftest import assert_problem
from tests.letters.conftest import docx_text, make_docx


@pytest.fixture
def reaction(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    return new_reaction(received="2026-11-23 09:00", by=world.tl)


def _base(reaction):
    return f"/orgs/jc-test/reactions/{reaction.id}/drafts"


def _upload(api, user, path, content, name="antwort.docx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return api.client.post(
        f"/api/v1{path}",
        {"file": SimpleUploadedFile(name, content)},
        HTTP_AUTHORIZATION=f"Bearer {api.token(user)}",
    )


def test_workflow_through_the_api(api, world, reaction, customer):
    created = _upload(api, world.tl, _base(reaction), make_docx("Antwort eins"))
    assert created.status_code == 201, created.content
    body = json.loads(created.content)
    assert body["state"] == "draft"
    assert body["versions"][0]["number"] == 1
    draft = f"{_base(reaction)}/{body['id']}"

    # sent before approval: 409, German, nothing changed
    refused = api.post(f"{draft}/sent", {"channel": "letter", "date": "2026-11-24"}, user=world.tl)
    assert_problem(refused, 409)
    assert ReplyDraft.objects.get(id=body["id"]).state == DraftState.DRAFT

    assert api.post(f"{draft}/submit", user=world.tl).status_code == 200
    returned = api.post(f"{draft}/return", {"comment": "Bitte Bezug ergänzen."}, user=world.gf)
    assert json.loads(returned.content)["state"] == "returned"
    assert_problem(api.post(f"{draft}/return", {"comment": "x"}, user=world.gf), 409)

    generated = api.post(f"{draft}/versions", {"generate": True}, user=world.tl)
    assert generated.status_code == 201, generated.content
    assert [v["number"] for v in json.loads(generated.content)["versions"]] == [1, 2]
    api.post(f"{draft}/submit", user=world.tl)
    approved = api.post(f"{draft}/approve", {}, user=world.gf)
    assert json.loads(approved.content)["state"] == "approved", approved.content
    sent = api.post(f"{draft}/sent", {"channel": "email", "date": "2026-11-24"}, user=world.tl)
    out = json.loads(sent.content)
    assert (out["state"], out["sent_channel"], out["sent_at"]) == ("sent", "email", "2026-11-24")
    assert out["versions"][0]["comment"] == "Bitte Bezug ergänzen."
    assert out["versions"][0]["approved"] is False
    assert out["versions"][1]["decided_by"] == "gf"

    listed = json.loads(api.get(_base(reaction), user=world.tl).content)
    assert [d["id"] for d in listed] == [body["id"]]
    first = api.get(f"{draft}/versions/1.docx", user=world.tl)
    assert first["Content-Type"] == DOCX_CONTENT_TYPE
    assert "Antwort eins" in docx_text(first.content)
    second = api.get(f"{draft}/versions/2.docx", user=world.gf)
    assert customer.display_name in docx_text(second.content)
    assert_problem(api.get(f"{draft}/versions/3.docx", user=world.tl), 404)


def test_generate_json(api, world, reaction):
    response = api.post(_base(reaction), {"generate": True}, user=world.tl)
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("body", [{}, {"generate": False}, "kaputt"])
def test_neither_file_nor_generate_is_422(api, world, reaction, body):
    assert_problem(api.post(_base(reaction), body, user=world.tl), 422)
    assert not ReplyDraft.objects.exists()


def test_not_a_word_document_is_422(api, world, reaction):
    response = _upload(api, world.tl, _base(reaction), b"%PDF-1.4 nope", name="x.docx")
    assert_problem(response, 422, fields=("file",))
    assert not ReplyDraft.objects.exists()


def test_return_needs_a_comment(api, world, reaction):
    created = json.loads(api.post(_base(reaction), {"generate": True}, user=world.tl).content)
    draft = f"{_base(reaction)}/{created['id']}"
    api.post(f"{draft}/submit", user=world.tl)
    assert_problem(api.post(f"{draft}/return", {"comment": ""}, user=world.gf), 422)


def test_case_worker_sees_no_drafts(api, world, reaction):
    created = json.loads(api.post(_base(reaction), {"generate": True}, user=world.tl).content)
    assert_problem(api.get(_base(reaction), user=world.worker), 404)
    path = f"{_base(reaction)}/{created['id']}/versions/1.docx"
    assert_problem(api.get(path, user=world.worker), 404)
    assert_problem(api.post(f"{_base(reaction)}/{created['id']}/submit", user=world.worker), 404)


def test_team_lead_may_not_approve(api, world, reaction):
    created = json.loads(api.post(_base(reaction), {"generate": True}, user=world.office).content)
    draft = f"{_base(reaction)}/{created['id']}"
    api.post(f"{draft}/submit", user=world.office)
    assert_problem(api.post(f"{draft}/approve", user=world.tl), 403)
    approved = api.post(f"{draft}/approve", user=world.gf)
    assert approved.status_code == 200, approved.content


@pytest.fixture
def schema(api, db):
    return api.get("/openapi.json").json()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/orgs/{org}/reactions/{reaction_id}/acknowledgement.docx"),
        ("get", "/api/v1/orgs/{org}/reactions/{reaction_id}/acknowledgement.pdf"),
        ("get", "/api/v1/orgs/{org}/reactions/{reaction_id}/drafts"),
        ("post", "/api/v1/orgs/{org}/reactions/{reaction_id}/drafts"),
        ("post", "/api/v1/orgs/{org}/reactions/{reaction_id}/drafts/{draft_id}/versions"),
        (
            "get",
            "/api/v1/orgs/{org}/reactions/{reaction_id}/drafts/{draft_id}/versions/{number}.docx",
        ),
        ("post", "/api/v1/orgs/{org}/reactions/{reaction_id}/drafts/{draft_id}/submit"),
        ("post", "/api/v1/orgs/{org}/reactions/{reaction_id}/drafts/{draft_id}/approve"),
        ("post", "/api/v1/orgs/{org}/reactions/{reaction_id}/drafts/{draft_id}/return"),
        ("post", "/api/v1/orgs/{org}/reactions/{reaction_id}/drafts/{draft_id}/sent"),
    ],
)
def test_documented(schema, method, path):
    operation = schema["paths"][path][method]
    assert operation["security"] == [{"TokenAuth": []}]


def test_word_content_type_documented(schema):
    path = "/api/v1/orgs/{org}/reactions/{reaction_id}/acknowledgement.docx"
    assert DOCX_CONTENT_TYPE in schema["paths"][path]["get"]["responses"]["200"]["content"]
