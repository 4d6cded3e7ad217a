"""The letters partial of a reaction's page and its forms (KRM-05, KRM-08)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from anliegen.letters import actions
from anliegen.letters.models import DraftState, ReplyDraft
from anliegen.org.scope import scope_for
from tests.letters.conftest import docx_text, make_docx


@pytest.fixture
def reaction(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    return new_reaction(received="2026-11-23 09:00", by=world.tl)


def _partial(world, reaction, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "reactions/_letters.html",
        {
            "reaction": reaction,
            "scope": scope_for(user, world.org),
            "request": request,
            "user": user,
        },
        request=request,
    )


def test_partial_offers_forms_to_the_team_lead(world, reaction):
    html = _partial(world, reaction, world.tl)
    assert reverse("reactions:acknowledgement_docx", args=["jc-test", reaction.id]) in html
    assert reverse("reactions:acknowledgement_sent", args=["jc-test", reaction.id]) in html
    assert reverse("reactions:draft_create", args=["jc-test", reaction.id]) in html
    assert "Eingangsbestätigung" in html


def test_partial_without_forms_for_someone_who_may_not_act(world, reaction):
    """The BL of another area sees no form (and K1's page would not show the reaction)."""
    html = _partial(world, reaction, world.tl_integration)
    assert "<form" not in html


def test_partial_shows_decision_form_only_to_a_reviewer(world, reaction):
    draft = actions.create_draft(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        item=reaction.item,
        kind="reaction_reply",
        generate=True,
    )
    actions.submit(actor=world.tl, scope=scope_for(world.tl, world.org), draft=draft)
    decide = reverse("reactions:draft_decide", args=["jc-test", reaction.id, draft.id])
    assert decide in _partial(world, reaction, world.gf)
    assert decide not in _partial(world, reaction, world.tl)


def test_forms_run_the_workflow(client, world, reaction):
    client.force_login(world.tl)
    create = reverse("reactions:draft_create", args=["jc-test", reaction.id])
    response = client.post(create, {"file": SimpleUploadedFile("a.docx", make_docx("Fassung A"))})
    assert response.status_code == 302
    draft = ReplyDraft.objects.get()
    client.post(reverse("reactions:draft_submit", args=["jc-test", reaction.id, draft.id]))
    draft.refresh_from_db()
    assert draft.state == DraftState.SUBMITTED
    # sending before approval: refused with a message, nothing changed
    sent = reverse("reactions:draft_sent", args=["jc-test", reaction.id, draft.id])
    page = client.post(sent, {"channel": "letter", "date": "2026-11-24"}, follow=True)
    assert "freigegebene" in page.content.decode()
    draft.refresh_from_db()
    assert draft.state == DraftState.SUBMITTED

    client.force_login(world.gf)
    decide = reverse("reactions:draft_decide", args=["jc-test", reaction.id, draft.id])
    page = client.post(decide, {"decision": "return", "comment": ""}, follow=True)
    assert "was geändert werden muss" in page.content.decode()
    client.post(decide, {"decision": "return", "comment": "Zu knapp."})
    draft.refresh_from_db()
    assert draft.state == DraftState.RETURNED

    client.force_login(world.tl)
    version = reverse("reactions:draft_version", args=["jc-test", reaction.id, draft.id])
    client.post(version, {"generate": "1"})
    client.post(reverse("reactions:draft_submit", args=["jc-test", reaction.id, draft.id]))
    client.force_login(world.gf)
    client.post(decide, {"decision": "approve", "comment": ""})
    client.force_login(world.tl)
    client.post(sent, {"channel": "letter", "date": "2026-11-24"})
    draft.refresh_from_db()
    assert draft.state == DraftState.SENT
    download = client.get(
        reverse("reactions:draft_version_docx", args=["jc-test", reaction.id, draft.id, 1])
    )
    assert "Fassung A" in docx_text(download.content)
    html = _partial(world, reaction, world.tl)
    assert "Zu knapp." in html
    assert "versandt am 24.11.2026" in html


def test_create_without_file_gives_a_message(client, world, reaction):
    client.force_login(world.tl)
    page = client.post(
        reverse("reactions:draft_create", args=["jc-test", reaction.id]), follow=True
    )
    assert "Datei" in page.content.decode()
    assert not ReplyDraft.objects.exists()
