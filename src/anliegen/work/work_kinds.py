"""The kinds the core itself handles (FND-07, FND-08): follow-ups, and the processing orders and
callbacks that have no procedure of their own yet. They are handled on the generic item page of
the web UI (``web:work_item``), where they can be completed with a note, postponed and
reassigned. Registered from :class:`~anliegen.work.apps.WorkConfig`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anliegen.work import kinds
from anliegen.work.models import Kind, WorkItem


def item_page(item: WorkItem, org_slug: str) -> str:
    """The generic page of a work item (also the fallback of kinds whose own page is missing)."""
    return reverse("web:work_item", args=[org_slug, item.id])


FINISHABLE = frozenset({kinds.COMPLETE, kinds.REASSIGN, kinds.PRIORITY})

FOLLOW_UP = kinds.WorkKind(
    code=Kind.FOLLOW_UP,
    label=_("follow-up"),
    url=item_page,
    actions=FINISHABLE | {kinds.POSTPONE},
)
PROCESSING_ORDER = kinds.WorkKind(
    code=Kind.PROCESSING_ORDER, label=_("processing order"), url=item_page, actions=FINISHABLE
)
CALLBACK = kinds.WorkKind(
    code=Kind.CALLBACK, label=_("callback"), url=item_page, actions=FINISHABLE
)


def register_core_kinds() -> None:
    kinds.register(FOLLOW_UP)
    # until the service centre registers its own pages for them
    kinds.register_default(PROCESSING_ORDER)
    kinds.register_default(CALLBACK)
