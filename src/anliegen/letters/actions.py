"""Reply drafts to customer reactions and their approval (KRM-08, *Schlusszeichnung*).

A draft collects versions (Word documents, each kept). Its author submits it to management;
management (GF) or area management (BL) approves it or returns it with a comment; after a
return the author uploads or generates a new version and submits again. Only an approved draft
can be marked as sent.

Who does what (decision):

* authors: whoever may act on the reaction (``reactions.actions.ensure_may_act``: the person
  responsible, their deputy, the leads of the lead team, management and its office);
* reviewers: members of management (GF) or area management (BL) of the organisation who see the
  reaction, and never the person who uploaded the version under review (four-eyes principle).

Every step goes to the audit log and, where the reaction names a customer, to the customer's
history. Decisions are conditional updates: of two reviewers deciding at once exactly one wins.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.customers.actions import add_history_entry
from anliegen.letters.acknowledgement import reference_of, reply_context
from anliegen.letters.models import DraftState, DraftVersion, LetterKind, ReplyDraft, SendChannel
from anliegen.letters.render import render_docx
from anliegen.letters.validation import check_docx
from anliegen.org.models import User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, staff_of
from anliegen.reactions.actions import ensure_may_act
from anliegen.reactions.models import Reaction
from anliegen.work.models import Notification
from anliegen.work.notify import notify

MAX_COMMENT = 5000
#: Who approves or returns a reply draft.
REVIEWER_ROLES = (Role.MANAGEMENT, Role.AREA_MANAGEMENT)
#: States in which the author may add a version.
EDITABLE = (DraftState.DRAFT, DraftState.RETURNED)


def may_review(scope: Scope) -> bool:
    return scope.has_role(*REVIEWER_ROLES)


def _title(reaction: Reaction, text: str) -> str:
    """A notification title naming only the reference (nothing of a confidential reaction)."""
    return text % {"reference": reference_of(reaction)}


def _history(actor: User, reaction: Reaction, text: str) -> None:
    if reaction.customer is not None:
        add_history_entry(
            actor=actor, customer=reaction.customer, kind="letter", text=text, ref=reaction
        )


def _locked(draft: ReplyDraft) -> ReplyDraft:
    return ReplyDraft.objects.select_for_update().select_related("reaction").get(id=draft.id)


def _version_content(
    *, reaction: Reaction, number: int, content: bytes | None, filename: str, generate: bool
) -> tuple[bytes, str]:
    if generate:
        docx = render_docx(
            reaction.organisation, LetterKind.REACTION_REPLY, reply_context(reaction)
        )
        return docx, f"antwort-{reference_of(reaction).lower()}-v{number}.docx"
    if content is None:
        message = _("Please choose a file or generate the draft from the template.")
        raise InvalidInput(message, errors={"file": message})
    check_docx(content, filename)
    return content, filename[-200:]


def _add_version(
    *,
    actor: User,
    draft: ReplyDraft,
    content: bytes | None,
    filename: str,
    generate: bool,
) -> DraftVersion:
    number = (draft.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    docx, name = _version_content(
        reaction=draft.reaction,
        number=number,
        content=content,
        filename=filename,
        generate=generate,
    )
    return DraftVersion.objects.create(
        draft=draft,
        number=number,
        docx=docx,
        filename=name,
        uploaded_by=actor,
        created_at=clock.now(),
    )


@transaction.atomic
def create_draft(
    *,
    actor: User,
    scope: Scope,
    reaction: Reaction,
    content: bytes | None = None,
    filename: str = "",
    generate: bool = False,
) -> ReplyDraft:
    """A new reply draft with its first version: an uploaded ``.docx`` or one generated from the
    organisation's reply template, prefilled with the reaction's data."""
    ensure_may_act(scope, reaction)
    if content is None and not generate:
        message = _("Please choose a file or generate the draft from the template.")
        raise InvalidInput(message, errors={"file": message})
    draft = ReplyDraft.objects.create(reaction=reaction, created_by=actor, created_at=clock.now())
    draft.reaction = reaction
    version = _add_version(
        actor=actor, draft=draft, content=content, filename=filename, generate=generate
    )
    _history(actor, reaction, _("Reply to a customer reaction drafted (version 1)."))
    record(
        actor=actor,
        organisation=scope.organisation,
        action="letters.draft_created",
        obj=draft,
        new={"reaction": reaction.id, "version": version.number, "generated": generate},
    )
    return draft


@transaction.atomic
def add_version(
    *,
    actor: User,
    scope: Scope,
    draft: ReplyDraft,
    content: bytes | None = None,
    filename: str = "",
    generate: bool = False,
) -> DraftVersion:
    """A new version of a draft not yet submitted, or returned with comments."""
    ensure_may_act(scope, draft.reaction)
    if content is not None and not generate:
        check_docx(content, filename)  # before taking the lock: bad input changes nothing
    draft = _locked(draft)
    if draft.state not in EDITABLE:
        raise Conflict(_("A new version can only be added to a draft or a returned draft."))
    version = _add_version(
        actor=actor, draft=draft, content=content, filename=filename, generate=generate
    )
    old_state = draft.state
    if draft.state == DraftState.RETURNED:
        draft.state = DraftState.DRAFT
        draft.save(update_fields=["state"])
    _history(
        actor,
        draft.reaction,
        _("Reply to a customer reaction: version %(number)d added.") % {"number": version.number},
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="letters.draft_version_added",
        obj=draft,
        old={"state": old_state},
        new={"state": draft.state, "version": version.number, "generated": generate},
    )
    return version


def _reviewers(actor: User, reaction: Reaction) -> list[User]:
    """Management, and for reactions that are not confidential the area management of the lead
    team's area."""
    people = list(staff_of(reaction.organisation, roles=[Role.MANAGEMENT]))
    team = reaction.lead_team
    if not reaction.confidential and team is not None:
        people += [
            u
            for u in staff_of(reaction.organisation, roles=[Role.AREA_MANAGEMENT]).filter(
                memberships__area_id=team.area_id, memberships__role=Role.AREA_MANAGEMENT
            )
            if u not in people
        ]
    return [p for p in people if p.id != actor.id]


@transaction.atomic
def submit(*, actor: User, scope: Scope, draft: ReplyDraft) -> ReplyDraft:
    """The author submits the newest version to management for approval."""
    ensure_may_act(scope, draft.reaction)
    updated = ReplyDraft.objects.filter(id=draft.id, state=DraftState.DRAFT).update(
        state=DraftState.SUBMITTED
    )
    if not updated:
        raise Conflict(_("Only a draft that is being written can be submitted."))
    draft = _locked(draft)
    reaction = draft.reaction
    latest = draft.versions.order_by("-number").first()
    number = latest.number if latest else 0
    with translation.override("de"):
        title = _title(reaction, _("Reply to customer reaction %(reference)s"))
    for reviewer in _reviewers(actor, reaction):
        notify(
            user=reviewer,
            organisation=scope.organisation,
            kind=Notification.Kind.APPROVAL_REQUESTED,
            item=reaction.item,
            params={"title": title},
        )
    _history(
        actor,
        reaction,
        _("Reply to a customer reaction: version %(number)d submitted for approval.")
        % {"number": number},
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="letters.draft_submitted",
        obj=draft,
        old={"state": DraftState.DRAFT},
        new={"state": DraftState.SUBMITTED, "version": number},
    )
    return draft


def _decide(
    *, actor: User, scope: Scope, draft: ReplyDraft, approve: bool, comment: str
) -> ReplyDraft:
    from anliegen.reactions.queries import get_reaction_for

    comment = comment.strip()
    if not approve and not comment:
        message = _("Please say what has to be changed.")
        raise InvalidInput(message, errors={"comment": message})
    if len(comment) > MAX_COMMENT:
        message = _("The comment is too long (at most %(max)d characters).") % {"max": MAX_COMMENT}
        raise InvalidInput(message, errors={"comment": message})
    get_reaction_for(scope, draft.reaction_id)  # the reviewer must see the reaction
    if not may_review(scope):
        raise Forbidden(_("Only management (GF) or area management (BL) approves replies."))
    latest = draft.versions.order_by("-number").first()
    if latest is not None and latest.uploaded_by_id == actor.id:
        raise Forbidden(_("The author of a version cannot approve or return it."))
    new_state = DraftState.APPROVED if approve else DraftState.RETURNED
    # The conditional update is the decision: of two reviewers at once exactly one gets a row.
    updated = ReplyDraft.objects.filter(id=draft.id, state=DraftState.SUBMITTED).update(
        state=new_state
    )
    if not updated:
        raise Conflict(_("This draft is not awaiting approval (anymore)."))
    draft = _locked(draft)
    version = draft.versions.order_by("-number").first()
    assert version is not None  # a submitted draft has a version
    version.approved = approve
    version.comment = comment
    version.decided_by = actor
    version.decided_at = clock.now()
    version.save(update_fields=["approved", "comment", "decided_by", "decided_at"])
    reaction = draft.reaction
    with translation.override("de"):
        title = _title(
            reaction,
            _("Reply %(reference)s approved: please send it")
            if approve
            else _("Reply %(reference)s returned with comments"),
        )
    authors = {u.id: u for u in (draft.created_by, version.uploaded_by) if u is not None}
    for author in authors.values():
        if author.id != actor.id:
            notify(
                user=author,
                organisation=scope.organisation,
                kind=Notification.Kind.ITEM_ASSIGNED,
                item=reaction.item,
                params={"title": title},
            )
    _history(
        actor,
        reaction,
        (
            _("Reply to a customer reaction: version %(number)d approved.")
            if approve
            else _("Reply to a customer reaction: version %(number)d returned with comments.")
        )
        % {"number": version.number},
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="letters.draft_approved" if approve else "letters.draft_returned",
        obj=draft,
        old={"state": DraftState.SUBMITTED},
        new={"state": new_state, "version": version.number, "comment": comment},
    )
    return draft


@transaction.atomic
def approve(*, actor: User, scope: Scope, draft: ReplyDraft, comment: str = "") -> ReplyDraft:
    """GF or BL approves the submitted version (KRM-08)."""
    return _decide(actor=actor, scope=scope, draft=draft, approve=True, comment=comment)


@transaction.atomic
def return_draft(*, actor: User, scope: Scope, draft: ReplyDraft, comment: str) -> ReplyDraft:
    """GF or BL returns the submitted version with a (required) comment (KRM-08)."""
    return _decide(actor=actor, scope=scope, draft=draft, approve=False, comment=comment)


@transaction.atomic
def mark_sent(
    *, actor: User, scope: Scope, draft: ReplyDraft, channel: str, sent_on: dt.date
) -> ReplyDraft:
    """The approved version went out; only an approved draft can be marked as sent."""
    ensure_may_act(scope, draft.reaction)
    errors: dict[str, str] = {}
    if channel not in SendChannel.values:
        errors["channel"] = _("The reply goes out by letter, fax or e-mail.")
    if sent_on > clock.today():
        errors["date"] = _("The date of sending lies in the future.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    draft = _locked(draft)
    if draft.state != DraftState.APPROVED:
        raise Conflict(
            _("Only an approved reply can be sent. Please submit it for approval first.")
        )
    version = draft.versions.order_by("-number").first()
    assert version is not None
    if version.decided_at is not None and sent_on < clock.local_date(version.decided_at):
        message = _("The date of sending lies before the approval.")
        raise InvalidInput(message, errors={"date": message})
    draft.state = DraftState.SENT
    draft.sent_at = sent_on
    draft.sent_channel = channel
    draft.save(update_fields=["state", "sent_at", "sent_channel"])
    _history(
        actor,
        draft.reaction,
        _("Reply to a customer reaction sent by %(channel)s (version %(number)d).")
        % {"channel": SendChannel(channel).label, "number": version.number},
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="letters.draft_sent",
        obj=draft,
        old={"state": DraftState.APPROVED},
        new={
            "state": DraftState.SENT,
            "channel": channel,
            "sent_on": sent_on.isoformat(),
            "version": version.number,
        },
    )
    return draft
