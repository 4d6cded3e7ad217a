"""The customer reaction as a work-item kind (KRM, FND-07): a reaction item opens the reaction's
page. An item without a recorded reaction (none the viewer could open) is handled on the
generic item page of the work app."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anliegen.work import kinds
from anliegen.work.models import Kind, WorkItem
from anliegen.work.work_kinds import item_page


def reaction_page(item: WorkItem, org_slug: str) -> str:
    try:
        item.reaction  # noqa: B018  (selected with the worklist: ``related``)
    except ObjectDoesNotExist:
        return item_page(item, org_slug)
    return reverse("reactions:item", args=[org_slug, item.id])


REACTION = kinds.WorkKind(
    code=Kind.REACTION,
    label=_("customer reaction"),
    url=reaction_page,
    actions=frozenset({kinds.REASSIGN}),
    related=("reaction",),
)


def register_kinds() -> None:
    kinds.register(REACTION)
