"""Reading drafts (KRM-08): visible exactly as their subject, the work item they are about, which
the kind's approval policy checks; an approval request also to the approver it is assigned to."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from anliegen.core.errors import NotFound
from anliegen.letters.kinds import approval_policy
from anliegen.letters.models import DraftVersion, ReplyDraft
from anliegen.org.scope import Scope
from anliegen.work.models import WorkItem


def drafts_of(item: WorkItem, kind: str | None = None) -> QuerySet[ReplyDraft]:
    """The drafts about ``item`` (of ``kind``), with their versions, oldest first."""
    versions = DraftVersion.objects.defer("docx").select_related("uploaded_by", "decided_by")
    drafts = ReplyDraft.objects.filter(item=item)
    if kind is not None:
        drafts = drafts.filter(kind=kind)
    return (
        drafts.select_related("created_by")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("id")
    )


def get_draft(item: WorkItem, draft_id: int, kind: str | None = None) -> ReplyDraft:
    """A draft about ``item``, whose visibility the caller has checked."""
    drafts = ReplyDraft.objects.select_related("created_by").filter(item=item)
    if kind is not None:
        drafts = drafts.filter(kind=kind)
    try:
        draft = drafts.get(id=draft_id)
    except (ReplyDraft.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Reply draft not found.")) from None
    draft.item = item
    return draft


def get_draft_for(scope: Scope, draft_id: int) -> ReplyDraft:
    """A draft of the scope's organisation whose subject the scope may see (its policy)."""
    try:
        draft = ReplyDraft.objects.select_related("item", "created_by").get(
            id=draft_id, item__organisation=scope.organisation
        )
    except (ReplyDraft.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Reply draft not found.")) from None
    try:
        policy = approval_policy(draft.kind)
    except LookupError:
        raise NotFound(_("Reply draft not found.")) from None
    policy.ensure_may_see(scope, draft.item)
    return draft


def get_version(draft: ReplyDraft, number: int) -> DraftVersion:
    try:
        return draft.versions.get(number=number)
    except (DraftVersion.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Version not found.")) from None
