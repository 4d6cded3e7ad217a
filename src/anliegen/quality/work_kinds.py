"""Work-item kinds of the quality procedure (``work/kinds.py``): urgent walk-ins due today
(QS-02) and call-centre notes due the next working day (QS-03)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anliegen.work.kinds import COMPLETE, POSTPONE, PRIORITY, REASSIGN, WorkKind

from .service_actions import CALL_NOTE_KIND, URGENT_KIND

if TYPE_CHECKING:
    from anliegen.work.models import WorkItem


def item_url(item: WorkItem, org_slug: str) -> str:
    return reverse("quality:item", args=[org_slug, item.pk])


URGENT_VISIT = WorkKind(
    code=URGENT_KIND,
    label=_("urgent visit"),
    url=item_url,
    actions=frozenset({COMPLETE, REASSIGN}),
)
CALL_NOTE = WorkKind(
    code=CALL_NOTE_KIND,
    label=_("call-centre note"),
    url=item_url,
    actions=frozenset({COMPLETE, REASSIGN, POSTPONE, PRIORITY}),
)
