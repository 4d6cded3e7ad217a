"""KRM-08 reply drafts (*Schlusszeichnung*): upload or generate, submit to GF/BL, approve or
return with a comment, new version after a return, only an approved draft is sent, every version
kept; audit log, customer history and notifications; exactly one of two concurrent decisions."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import translation

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.customers.models import HistoryEntry
from anliegen.letters import actions
from anliegen.letters.models import DraftState, DraftVersion, ReplyDraft
from anliegen.org.scope import scope_for
from anliegen.reactions.letters.views import get_draft_for
from anliegen.work.models import Notification
from tests.letters.conftest import docx_text, make_docx


@pytest.fixture
def reaction(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    return new_reaction(received="2026-11-23 09:00", by=world.tl)


def _scope(world, user):
    return scope_for(user, world.org)


def _draft(world, reaction, user=None, **kwargs):
    user = user or world.tl
    kwargs.setdefault("content", make_docx("Sehr geehrte Frau Mustermann, Fassung eins."))
    kwargs.setdefault("filename", "antwort.docx")
    return actions.create_draft(
        actor=user, scope=_scope(world, user), item=reaction.item, kind="reaction_reply", **kwargs
    )


def test_full_workflow(world, reaction, customer, travel):
    """Draft → submitted → returned (comment) → new version → submitted → approved → sent."""
    draft = _draft(world, reaction)
    assert draft.state == DraftState.DRAFT
    actions.submit(actor=world.tl, scope=_scope(world, world.tl), draft=draft)
    assert Notification.objects.filter(user=world.gf, kind="approval_requested").exists()
    with pytest.raises(InvalidInput) as caught:
        actions.return_draft(
            actor=world.gf, scope=_scope(world, world.gf), draft=draft, comment=" "
        )
    assert "comment" in caught.value.errors
    actions.return_draft(
        actor=world.gf, scope=_scope(world, world.gf), draft=draft, comment="Bitte freundlicher."
    )
    draft.refresh_from_db()
    assert draft.state == DraftState.RETURNED
    titles = [n.params["title"] for n in Notification.objects.filter(user=world.tl)]
    assert f"Antwort KRM-{reaction.id} mit Anmerkungen zurückgegeben" in titles
    version = actions.add_version(
        actor=world.tl, scope=_scope(world, world.tl), draft=draft, generate=True
    )
    assert version.number == 2
    assert customer.display_name in docx_text(bytes(version.docx))
    assert f"KRM-{reaction.id}" in docx_text(bytes(version.docx))
    draft.refresh_from_db()
    assert draft.state == DraftState.DRAFT
    actions.submit(actor=world.tl, scope=_scope(world, world.tl), draft=draft)
    actions.approve(actor=world.gf, scope=_scope(world, world.gf), draft=draft)
    actions.mark_sent(
        actor=world.tl,
        scope=_scope(world, world.tl),
        draft=draft,
        channel="letter",
        sent_on=dt.date(2026, 11, 24),
    )
    draft.refresh_from_db()
    assert (draft.state, draft.sent_channel, draft.sent_at) == (
        DraftState.SENT,
        "letter",
        dt.date(2026, 11, 24),
    )
    versions = list(draft.versions.order_by("number"))
    assert [(v.number, v.approved, v.comment) for v in versions] == [
        (1, False, "Bitte freundlicher."),
        (2, True, ""),
    ]
    assert versions[0].decided_by == world.gf
    actions_logged = set(
        AuditEntry.objects.filter(action__startswith="letters.").values_list("action", flat=True)
    )
    assert actions_logged == {
        "letters.draft_created",
        "letters.draft_submitted",
        "letters.draft_returned",
        "letters.draft_version_added",
        "letters.draft_approved",
        "letters.draft_sent",
    }
    assert HistoryEntry.objects.filter(customer=customer, kind="letter").count() == 7


def test_sent_without_approval_is_refused_and_changes_nothing(world, reaction):
    """KRM-08: only an approved version is sent."""
    draft = _draft(world, reaction)
    for step in ("draft", "submitted"):
        if step == "submitted":
            actions.submit(actor=world.tl, scope=_scope(world, world.tl), draft=draft)
        before = (AuditEntry.objects.count(), HistoryEntry.objects.count())
        with translation.override("de"), pytest.raises(Conflict) as caught:
            actions.mark_sent(
                actor=world.tl,
                scope=_scope(world, world.tl),
                draft=draft,
                channel="letter",
                sent_on=dt.date(2026, 11, 24),
            )
        assert "freigegebene" in caught.value.message
        draft.refresh_from_db()
        assert draft.state == step
        assert draft.sent_at is None
        assert (AuditEntry.objects.count(), HistoryEntry.objects.count()) == before


def test_author_cannot_approve_own_version(world, reaction):
    draft = _draft(world, reaction, user=world.gf)
    actions.submit(actor=world.gf, scope=_scope(world, world.gf), draft=draft)
    with pytest.raises(Forbidden):
        actions.approve(actor=world.gf, scope=_scope(world, world.gf), draft=draft)


@pytest.mark.parametrize("role", ["tl", "deputy", "office", "admin"])
def test_only_gf_or_bl_decide(world, reaction, role):
    draft = _draft(world, reaction)
    actions.submit(actor=world.tl, scope=_scope(world, world.tl), draft=draft)
    user = world.users[role]
    with pytest.raises((Forbidden, NotFound)):
        actions.approve(actor=user, scope=_scope(world, user), draft=draft)
    draft.refresh_from_db()
    assert draft.state == DraftState.SUBMITTED


def test_area_management_of_the_lead_team_may_approve(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    reaction = new_reaction(by=world.tl_integration, teams=[world.team_integration.id])
    draft = _draft(world, reaction, user=world.tl_integration)
    actions.submit(
        actor=world.tl_integration, scope=_scope(world, world.tl_integration), draft=draft
    )
    assert Notification.objects.filter(user=world.bl, kind="approval_requested").exists()
    actions.approve(actor=world.bl, scope=_scope(world, world.bl), draft=draft)
    draft.refresh_from_db()
    assert draft.state == DraftState.APPROVED


@pytest.mark.parametrize("role", ["worker", "av", "provider", "tl_integration"])
def test_others_may_not_draft(world, reaction, role):
    user = world.users[role]
    with pytest.raises((Forbidden, NotFound)):
        _draft(world, reaction, user=user)
    assert not ReplyDraft.objects.exists()


def test_bad_upload_changes_nothing(world, reaction):
    with pytest.raises(InvalidInput):
        _draft(world, reaction, content=b"no word", filename="x.docx")
    assert not ReplyDraft.objects.exists()
    draft = _draft(world, reaction)
    with pytest.raises(InvalidInput):
        actions.add_version(
            actor=world.tl,
            scope=_scope(world, world.tl),
            draft=draft,
            content=b"no",
            filename="y.docx",
        )
    assert DraftVersion.objects.count() == 1


def test_no_new_version_while_submitted(world, reaction):
    draft = _draft(world, reaction)
    actions.submit(actor=world.tl, scope=_scope(world, world.tl), draft=draft)
    with pytest.raises(Conflict):
        actions.add_version(
            actor=world.tl, scope=_scope(world, world.tl), draft=draft, generate=True
        )


def test_conduct_complaint_drafts_only_for_management(world, new_reaction, travel):
    """Confidentiality as the reaction's: a conduct complaint's drafts are GF/office only."""
    travel("2026-11-24 10:00")
    reaction = new_reaction(kind="conduct_complaint", by=world.office)
    draft = _draft(world, reaction, user=world.office)
    for role in ("tl", "bl", "deputy", "worker", "admin", "provider"):
        with pytest.raises(NotFound):
            get_draft_for(_scope(world, world.users[role]), reaction.id, draft.id)
    assert get_draft_for(_scope(world, world.gf), reaction.id, draft.id) == draft
    actions.submit(actor=world.office, scope=_scope(world, world.office), draft=draft)
    assert not Notification.objects.filter(user=world.bl, kind="approval_requested").exists()
    with pytest.raises(NotFound):
        actions.approve(actor=world.bl, scope=_scope(world, world.bl), draft=draft)
    actions.approve(actor=world.gf, scope=_scope(world, world.gf), draft=draft)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", ["approve", "return"])
def test_two_reviewers_at_once_exactly_one_decision(world, new_reaction, travel, second):
    """NFR-03: GF and BL decide at once — exactly one decision, the other gets a conflict."""
    travel("2026-11-24 10:00")
    reaction = new_reaction(by=world.tl_integration, teams=[world.team_integration.id])
    draft = _draft(world, reaction, user=world.tl_integration)
    actions.submit(
        actor=world.tl_integration, scope=_scope(world, world.tl_integration), draft=draft
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user, how):
        try:
            scope = scope_for(user, world.org)
            fresh = ReplyDraft.objects.select_related("item").get(id=draft.id)
            barrier.wait()
            if how == "approve":
                actions.approve(actor=user, scope=scope, draft=fresh)
            else:
                actions.return_draft(actor=user, scope=scope, draft=fresh, comment="Nein.")
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(world.gf, "approve")),
        threading.Thread(target=attempt, args=(world.bl, second)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    version = DraftVersion.objects.get(draft=draft)
    assert version.decided_by in (world.gf, world.bl)
    decisions = AuditEntry.objects.filter(
        action__in=["letters.draft_approved", "letters.draft_returned"]
    )
    assert decisions.count() == 1
