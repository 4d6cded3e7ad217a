"""Drafts that are approved before they are sent, and their approval (KRM-08, *Schlusszeichnung*).

A draft is about one work item (its subject) and of one letter kind; the kind's
:class:`~anliegen.letters.kinds.ApprovalPolicy` (registered by the procedure) says who may write
it, who approves it and what a generated draft is filled with. A draft collects versions (Word
documents, each kept). Its author submits it; every approver gets an approval request, a work
item of kind ``approval`` in their Postkorb due in 2 working days of the organisation's calendar
(issue 9, [decision]); the first approver who decides approves it or returns it with a comment,
and all its approval requests are completed. After a return the author adds a new version and
submits again. Only an approved draft can be marked as sent.

Never the person who uploaded the version under review decides it (four-eyes principle). Every
step goes to the audit log and to the procedure (``on_step``) for its history. Decisions and
submission are conditional updates: of two reviewers deciding at once exactly one wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.core.text import ensure_plain
from anliegen.letters.kinds import ApprovalPolicy, approval_policy
from anliegen.letters.models import DraftApproval, DraftState, DraftVersion, ReplyDraft, SendChannel
from anliegen.letters.render import render_docx
from anliegen.letters.validation import check_docx
from anliegen.org.models import User
from anliegen.org.scope import Scope
from anliegen.work import actions as work_actions
from anliegen.work.calendars import calendar_for
from anliegen.work.locking import lock_item, lock_with_item
from anliegen.work.models import Notification, Status, WorkItem
from anliegen.work.notify import notify

MAX_COMMENT = 5000
#: States in which the author may add a version.
EDITABLE = (DraftState.DRAFT, DraftState.RETURNED)
#: The work-item kind of an approval request (``work.kinds``).
APPROVAL_KIND = "approval"
#: Approval requests come before ordinary work of the same day.
APPROVAL_PRIORITY = 2


def may_review(scope: Scope, kind: str) -> bool:
    return approval_policy(kind).may_review(scope)


def _step(
    policy: ApprovalPolicy,
    actor: User,
    scope: Scope,
    item: WorkItem,
    step: str,
    params: Mapping[str, Any],
) -> None:
    if policy.on_step is not None:
        policy.on_step(actor, scope, item, step, params)


def _locked(draft: ReplyDraft) -> ReplyDraft:
    """Lock the draft's work item, then the draft (the lock order of :mod:`anliegen.work.locking`);
    ``draft.item`` is the locked item."""
    return lock_with_item(draft)


def _version_content(
    *,
    draft: ReplyDraft,
    actor: User,
    number: int,
    content: bytes | None,
    filename: str,
    generate: bool,
) -> tuple[bytes, str]:
    policy = approval_policy(draft.kind)
    if generate:
        item = draft.item
        docx = render_docx(item.organisation, draft.kind, policy.context(item, actor))
        return docx, f"antwort-{policy.reference(item).lower()}-v{number}.docx"
    if content is None:
        message = _("Please choose a file or generate the draft from the template.")
        raise InvalidInput(message, errors={"file": message})
    check_docx(content, filename)
    return content, filename[-200:]


def _add_version(
    *, actor: User, draft: ReplyDraft, content: bytes | None, filename: str, generate: bool
) -> DraftVersion:
    number = (draft.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    docx, name = _version_content(
        draft=draft,
        actor=actor,
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
    item: WorkItem,
    kind: str,
    content: bytes | None = None,
    filename: str = "",
    generate: bool = False,
) -> ReplyDraft:
    """A new draft of ``kind`` about ``item`` with its first version: an uploaded ``.docx`` or one
    generated from the organisation's template of the kind, signed by the author."""
    policy = approval_policy(kind)
    policy.ensure_may_author(scope, item)
    if content is None and not generate:
        message = _("Please choose a file or generate the draft from the template.")
        raise InvalidInput(message, errors={"file": message})
    if content is not None and not generate:
        check_docx(content, filename)
    draft = ReplyDraft.objects.create(
        item=item, kind=kind, created_by=actor, created_at=clock.now()
    )
    draft.item = item
    version = _add_version(
        actor=actor, draft=draft, content=content, filename=filename, generate=generate
    )
    params = {"draft": draft.id, "version": version.number, "generated": generate}
    _step(policy, actor, scope, item, "created", params)
    record(
        actor=actor,
        organisation=scope.organisation,
        action="letters.draft_created",
        obj=draft,
        new={"item": item.id, "kind": kind, "version": version.number, "generated": generate},
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
    policy = approval_policy(draft.kind)
    policy.ensure_may_author(scope, draft.item)
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
    params = {"draft": draft.id, "version": version.number, "generated": generate}
    _step(policy, actor, scope, draft.item, "version_added", params)
    record(
        actor=actor,
        organisation=scope.organisation,
        action="letters.draft_version_added",
        obj=draft,
        old={"state": old_state},
        new={"state": draft.state, "version": version.number, "generated": generate},
    )
    return version


def approval_due(item: WorkItem, policy: ApprovalPolicy, day: dt.date) -> dt.date:
    """The day an approval request asked for on ``day`` is due: ``approval_working_days``
    working days of the organisation's calendar (main site) later."""
    calendar, _rules = calendar_for(item.organisation, on=day)
    return fristen.due_in_working_days(day, policy.approval_working_days, calendar)


def _request_approval(
    *, actor: User, draft: ReplyDraft, policy: ApprovalPolicy, number: int
) -> list[WorkItem]:
    """One approval request per approver, in their Postkorb, due in 2 working days."""
    item = draft.item
    today = clock.today()
    due = approval_due(item, policy, today)
    with translation.override("de"):
        title = _("Approve letter %(reference)s (version %(number)d)") % {
            "reference": policy.reference(item),
            "number": number,
        }
    requests = []
    for reviewer in policy.reviewers(item, actor):
        # Created without assignee so that create_item announces nothing: the approver gets
        # the one notification that says what is asked of them (approval requested).
        request = work_actions.create_item(
            actor=actor,
            organisation=item.organisation,
            kind=APPROVAL_KIND,
            title=title,
            customer=item.customer,
            priority=APPROVAL_PRIORITY,
            deadlines=[work_actions.DeadlineSpec(code="approval", due_date=due)],
        )
        request.assignee = reviewer
        request.save(update_fields=["assignee", "updated_at"])
        record(
            actor=actor,
            organisation=item.organisation,
            action="work.reassigned",
            obj=request,
            old={"assignee": None},
            new={"assignee": reviewer.id},
        )
        DraftApproval.objects.create(draft=draft, item=request)
        notify(
            user=reviewer,
            organisation=item.organisation,
            kind=Notification.Kind.APPROVAL_REQUESTED,
            item=request,
            params={"title": title},
        )
        requests.append(request)
    return requests


def _close_requests(*, actor: User, draft: ReplyDraft, decision: str) -> int:
    """Complete the draft's open approval requests (the decision answers all of them)."""
    now = clock.now()
    open_ids = list(
        WorkItem.objects.filter(draft_approval__draft=draft, status=Status.OPEN).values_list(
            "id", flat=True
        )
    )
    done = WorkItem.objects.filter(id__in=open_ids, status=Status.OPEN).update(
        status=Status.DONE, completed_at=now, completed_by=actor
    )
    for item in WorkItem.objects.filter(id__in=open_ids).select_related("organisation"):
        item.deadlines.filter(met_at__isnull=True).update(met_at=now)
        record(
            actor=actor,
            organisation=item.organisation,
            action="work.completed",
            obj=item,
            old={"status": Status.OPEN},
            new={"status": item.status, "note": decision},
        )
    return done


@transaction.atomic
def submit(*, actor: User, scope: Scope, draft: ReplyDraft) -> ReplyDraft:
    """The author submits the newest version for approval; each approver gets a request."""
    policy = approval_policy(draft.kind)
    policy.ensure_may_author(scope, draft.item)
    lock_item(draft.item_id)  # work.locking: the subject's item before the draft row
    updated = ReplyDraft.objects.filter(id=draft.id, state=DraftState.DRAFT).update(
        state=DraftState.SUBMITTED
    )
    if not updated:
        raise Conflict(_("Only a draft that is being written can be submitted."))
    draft = _locked(draft)
    latest = draft.versions.order_by("-number").first()
    number = latest.number if latest else 0
    requests = _request_approval(actor=actor, draft=draft, policy=policy, number=number)
    _step(policy, actor, scope, draft.item, "submitted", {"draft": draft.id, "version": number})
    record(
        actor=actor,
        organisation=scope.organisation,
        action="letters.draft_submitted",
        obj=draft,
        old={"state": DraftState.DRAFT},
        new={
            "state": DraftState.SUBMITTED,
            "version": number,
            "approval_items": [r.id for r in requests],
        },
    )
    return draft


def _decide(
    *, actor: User, scope: Scope, draft: ReplyDraft, approve: bool, comment: str
) -> ReplyDraft:
    policy = approval_policy(draft.kind)
    comment = comment.strip()
    if not approve and not comment:
        message = _("Please say what has to be changed.")
        raise InvalidInput(message, errors={"comment": message})
    if len(comment) > MAX_COMMENT:
        message = _("The comment is too long (at most %(max)d characters).") % {"max": MAX_COMMENT}
        raise InvalidInput(message, errors={"comment": message})
    ensure_plain(comment=comment)
    policy.ensure_may_see(scope, draft.item)  # the reviewer must see the subject
    if not policy.may_review(scope):
        raise Forbidden(_("Only management (GF) or area management (BL) approves replies."))
    latest = draft.versions.order_by("-number").first()
    if latest is not None and latest.uploaded_by_id == actor.id:
        raise Forbidden(_("The author of a version cannot approve or return it."))
    new_state = DraftState.APPROVED if approve else DraftState.RETURNED
    lock_item(draft.item_id)  # work.locking: the subject's item before the draft row
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
    _close_requests(actor=actor, draft=draft, decision="approved" if approve else "returned")
    item = draft.item
    with translation.override("de"):
        title = (
            _("Reply %(reference)s approved: please send it")
            if approve
            else _("Reply %(reference)s returned with comments")
        ) % {"reference": policy.reference(item)}
    authors = {u.id: u for u in (draft.created_by, version.uploaded_by) if u is not None}
    for author in authors.values():
        if author.id != actor.id:
            notify(
                user=author,
                organisation=scope.organisation,
                kind=Notification.Kind.ITEM_ASSIGNED,
                item=item,
                params={"title": title},
            )
    params = {"draft": draft.id, "version": version.number, "comment": comment}
    _step(policy, actor, scope, item, "approved" if approve else "returned", params)
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
    """An approver approves the submitted version (KRM-08)."""
    return _decide(actor=actor, scope=scope, draft=draft, approve=True, comment=comment)


@transaction.atomic
def return_draft(*, actor: User, scope: Scope, draft: ReplyDraft, comment: str) -> ReplyDraft:
    """An approver returns the submitted version with a (required) comment (KRM-08)."""
    return _decide(actor=actor, scope=scope, draft=draft, approve=False, comment=comment)


@transaction.atomic
def mark_sent(
    *, actor: User, scope: Scope, draft: ReplyDraft, channel: str, sent_on: dt.date
) -> ReplyDraft:
    """The approved version went out; only an approved draft can be marked as sent."""
    policy = approval_policy(draft.kind)
    policy.ensure_may_author(scope, draft.item)
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
    params = {
        "draft": draft.id,
        "version": version.number,
        "channel": channel,
        "sent_on": sent_on.isoformat(),
    }
    _step(policy, actor, scope, draft.item, "sent", params)
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


def approved_unsent(item: WorkItem) -> bool:
    """Whether an approved draft about ``item`` has not been sent yet."""
    return ReplyDraft.objects.filter(item=item, state=DraftState.APPROVED).exists()
