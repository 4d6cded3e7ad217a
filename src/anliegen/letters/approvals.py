"""The work-item kind ``approval`` (KRM-08, issue 9): an approval request in the approver's
Postkorb opens the draft's approval page, where the approver decides; the decision completes it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anliegen.letters.actions import APPROVAL_KIND
from anliegen.work.kinds import WorkKind
from anliegen.work.models import WorkItem


def approval_url(item: WorkItem, org_slug: str) -> str:
    approval = getattr(item, "draft_approval", None)
    if approval is None:
        return ""
    return reverse("letters:approval", args=[org_slug, approval.draft_id])


APPROVAL_WORK_KIND = WorkKind(
    code=APPROVAL_KIND,
    label=_("approval request"),
    url=approval_url,
    actions=frozenset(),
    related=("draft_approval",),
)
