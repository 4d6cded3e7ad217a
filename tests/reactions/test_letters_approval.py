"""KRM-08 and issue 9: approval requests (*Schlusszeichnung*) are work items of kind ``approval``
in the approver's Postkorb, due in 2 working days of the organisation's calendar, opening the
page where the approver decides, completed by the decision; a reaction with an approved reply
not yet sent is closed only with an explicit confirmation (action, API, page); the reaction's
history records draft created, submitted, returned, approved and sent; a generated reply is
signed by the person who writes it."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import InvalidInput
from anliegen.letters import actions
from anliegen.letters.models import DraftState
from anliegen.org.scope import scope_for
from anliegen.reactions.actions import record_outcome
from anliegen.work import kinds as work_kinds
from anliegen.work.models import Status, WorkItem
from anliegen.work.queries import worklist_for_user
from tests.api.conftest import assert_problem
from tests.letters.conftest import docx_text, make_docx

REPLY = "reaction_reply"


@pytest.fixture
def reaction(world, new_reaction, travel):
    travel("2026-11-24 10:00")  # a Tuesday
    return new_reaction(received="2026-11-23 09:00", by=world.tl)


def _scope(world, user):
    return scope_for(user, world.org)


def _draft(world, reaction, user=None):
    user = user or world.tl
    return actions.create_draft(
        actor=user,
        scope=_scope(world, user),
        item=reaction.item,
        kind=REPLY,
        content=make_docx("Sehr geehrte Frau Mustermann."),
        filename="antwort.docx",
    )


def _submitted(world, reaction, author=None):
    author = author or world.tl
    draft = _draft(world, reaction, author)
    actions.submit(actor=author, scope=_scope(world, author), draft=draft)
    return draft


def _approved(world, reaction):
    draft = _submitted(world, reaction)
    actions.approve(actor=world.gf, scope=_scope(world, world.gf), draft=draft)
    return draft


def _requests(draft):
    return WorkItem.objects.filter(draft_approval__draft=draft)


def test_submit_puts_an_approval_request_in_the_approvers_postkorb(world, reaction):
    """KRM-08: one work item per approver, kind "approval", due in 2 working days."""
    draft = _submitted(world, reaction)
    request = _requests(draft).get()
    assert request.kind == "approval"
    assert request.assignee == world.gf
    assert request.status == Status.OPEN
    assert request.due_date == dt.date(2026, 11, 26)  # Tuesday + 2 working days
    assert f"KRM-{reaction.id}" in request.title
    assert request in worklist_for_user(_scope(world, world.gf))
    assert work_kinds.url_for(request, "jc-test") == reverse(
        "letters:approval", args=["jc-test", draft.id]
    )


def test_approval_deadline_counts_working_days(world, reaction, travel):
    """KRM-08: submitted on a Friday, the request is due on Tuesday (weekend skipped)."""
    travel("2026-11-27 10:00")
    draft = _submitted(world, reaction)
    assert _requests(draft).get().due_date == dt.date(2026, 12, 1)


def test_area_management_of_the_lead_team_gets_a_request_too(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    reaction = new_reaction(by=world.tl, teams=[world.team_integration.id])
    draft = _submitted(world, reaction, world.tl_integration)
    assert {r.assignee for r in _requests(draft)} == {world.gf, world.bl}


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_the_decision_completes_every_request(world, new_reaction, travel, decision):
    """KRM-08: whoever decides first answers every approver's request."""
    travel("2026-11-24 10:00")
    reaction = new_reaction(by=world.tl, teams=[world.team_integration.id])
    draft = _submitted(world, reaction, world.tl_integration)
    if decision == "approve":
        actions.approve(actor=world.bl, scope=_scope(world, world.bl), draft=draft)
    else:
        actions.return_draft(
            actor=world.bl, scope=_scope(world, world.bl), draft=draft, comment="Bitte kürzen."
        )
    assert {r.status for r in _requests(draft)} == {Status.DONE}
    assert all(r.completed_by == world.bl for r in _requests(draft))
    assert not worklist_for_user(_scope(world, world.gf)).filter(kind="approval").exists()


def test_approval_page_opens_and_decides(client, world, reaction):
    """KRM-08: the Postkorb row leads to a page that answers 200 and lets the approver decide."""
    draft = _submitted(world, reaction)
    url = reverse("letters:approval", args=["jc-test", draft.id])
    client.force_login(world.gf)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Freigeben" in html
    assert reverse("letters:approval_version", args=["jc-test", draft.id, 1]) in html
    assert reverse("reactions:detail", args=["jc-test", reaction.id]) in html
    decide = reverse("letters:approval_decide", args=["jc-test", draft.id])
    refused = client.post(decide, {"decision": "return", "comment": " "}, follow=True)
    assert "Bitte geben Sie an, was geändert werden muss." in refused.content.decode()
    draft.refresh_from_db()
    assert draft.state == DraftState.SUBMITTED
    client.post(decide, {"decision": "approve"})
    draft.refresh_from_db()
    assert draft.state == DraftState.APPROVED
    assert _requests(draft).get().status == Status.DONE


def test_approval_page_is_hidden_from_those_who_do_not_see_the_reaction(client, world, reaction):
    draft = _submitted(world, reaction)
    url = reverse("letters:approval", args=["jc-test", draft.id])
    for role in ("worker", "provider"):
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404
    client.force_login(world.tl)  # the author sees it, but may not decide
    page = client.get(url)
    assert page.status_code == 200
    assert "Freigeben" not in page.content.decode()


def test_closing_with_an_approved_unsent_reply_needs_confirmation(world, reaction):
    """Issue 9: the approved reply has not been sent — closing needs an explicit confirmation."""
    _approved(world, reaction)
    reaction.refresh_from_db()
    record = {"outcome": "justified", "summary": "Geklärt."}
    with pytest.raises(InvalidInput) as caught:
        record_outcome(actor=world.tl, scope=_scope(world, world.tl), reaction=reaction, **record)
    assert "confirm_unsent_reply" in caught.value.errors
    assert "nicht versandt" in caught.value.message
    reaction.item.refresh_from_db()
    assert reaction.item.status == Status.OPEN
    record_outcome(
        actor=world.tl,
        scope=_scope(world, world.tl),
        reaction=reaction,
        confirm_unsent_reply=True,
        **record,
    )
    reaction.item.refresh_from_db()
    assert reaction.item.status == Status.DONE


def test_closing_after_sending_needs_no_confirmation(world, reaction):
    draft = _approved(world, reaction)
    actions.mark_sent(
        actor=world.tl,
        scope=_scope(world, world.tl),
        draft=draft,
        channel="letter",
        sent_on=dt.date(2026, 11, 24),
    )
    record_outcome(
        actor=world.tl,
        scope=_scope(world, world.tl),
        reaction=reaction,
        outcome="justified",
        summary="Geklärt.",
    )
    reaction.item.refresh_from_db()
    assert reaction.item.status == Status.DONE


def test_closing_through_the_api_needs_the_confirmation_field(api, world, reaction):
    _approved(world, reaction)
    url = f"/orgs/jc-test/reactions/{reaction.id}/outcome"
    body = {"outcome": "justified", "summary": "Geklärt."}
    assert_problem(api.post(url, body, user=world.tl), 422, fields=("confirm_unsent_reply",))
    reaction.item.refresh_from_db()
    assert reaction.item.status == Status.OPEN
    done = api.post(url, {**body, "confirm_unsent_reply": True}, user=world.tl)
    assert done.status_code == 200, done.content
    assert json.loads(done.content)["status"] == "completed"


def test_closing_on_the_page_offers_the_confirmation(client, world, reaction):
    _approved(world, reaction)
    client.force_login(world.tl)
    detail = reverse("reactions:detail", args=["jc-test", reaction.id])
    html = client.get(detail).content.decode()
    assert 'name="outcome-confirm_unsent_reply"' in html
    assert "noch nicht versandt" in html
    action = reverse("reactions:action", args=["jc-test", reaction.id, "outcome"])
    form = {"outcome-outcome": "justified", "outcome-summary": "Geklärt."}
    client.post(action, form)
    reaction.item.refresh_from_db()
    assert reaction.item.status == Status.OPEN
    client.post(action, {**form, "outcome-confirm_unsent_reply": "on"})
    reaction.item.refresh_from_db()
    assert reaction.item.status == Status.DONE


def test_history_records_every_step_of_the_reply(client, world, reaction):
    """Issue 9: draft created, submitted, returned, approved and sent are in the reaction's
    history (its page), not only in the draft's audit entries."""
    tl, gf = _scope(world, world.tl), _scope(world, world.gf)
    draft = _submitted(world, reaction)
    actions.return_draft(actor=world.gf, scope=gf, draft=draft, comment="Bitte kürzen.")
    actions.add_version(
        actor=world.tl, scope=tl, draft=draft, content=make_docx("Kürzer."), filename="b.docx"
    )
    actions.submit(actor=world.tl, scope=tl, draft=draft)
    actions.approve(actor=world.gf, scope=gf, draft=draft)
    actions.mark_sent(
        actor=world.tl, scope=tl, draft=draft, channel="letter", sent_on=dt.date(2026, 11, 24)
    )
    steps = list(
        AuditEntry.objects.filter(
            object_type="reactions.reaction",
            object_id=str(reaction.id),
            action__startswith="reaction.reply_",
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert steps == [
        "reaction.reply_created",
        "reaction.reply_submitted",
        "reaction.reply_returned",
        "reaction.reply_version_added",
        "reaction.reply_submitted",
        "reaction.reply_approved",
        "reaction.reply_sent",
    ]
    client.force_login(world.tl)
    html = client.get(reverse("reactions:detail", args=["jc-test", reaction.id])).content.decode()
    for label in (
        "Antwortentwurf erstellt",
        "Antwortentwurf zur Schlusszeichnung vorgelegt",
        "Antwortentwurf mit Anmerkungen zurückgegeben",
        "Antwortentwurf freigegeben",
        "Freigegebene Antwort versandt",
    ):
        assert label in html


def test_generated_reply_is_signed_by_its_author(world, reaction):
    """Issue 9: the person who writes the draft signs it, not the person responsible for the
    reaction (here the TL) nor whoever recorded it."""
    gf = world.gf
    gf.first_name, gf.last_name = "Greta", "Feldmann"
    gf.save()
    draft = actions.create_draft(
        actor=gf, scope=_scope(world, gf), item=reaction.item, kind=REPLY, generate=True
    )
    text = docx_text(bytes(draft.versions.get().docx))
    closing = text.split("Mit freundlichen Grüßen", 1)[1]
    assert "Greta Feldmann" in closing
    assert str(reaction.item.assignee) not in closing
