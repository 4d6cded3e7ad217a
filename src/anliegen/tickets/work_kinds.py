"""The ticket as a work-item kind (TKT, FND-07): its page, and the reminder that an amber ticket
without a commitment needs one if it cannot be done in time (TKT-04)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anliegen.tickets.queries import with_commitment_flag
from anliegen.work import kinds
from anliegen.work.models import Kind, WorkItem


def ticket_page(item: WorkItem, org_slug: str) -> str:
    return reverse("tickets:item", args=[org_slug, item.id])


def commitment_hint(item: WorkItem) -> str:
    """Amber and no commitment yet: the case worker must commit to a date or finish in time."""
    if item.status != "open" or getattr(item, "light", None) != "amber":
        return ""
    if getattr(item, "has_commitment", True):
        return ""
    return gettext("Commitment needed if it cannot be done in time")


TICKET = kinds.WorkKind(
    code=Kind.TICKET,
    label=_("ticket"),
    url=ticket_page,
    actions=frozenset({kinds.REASSIGN}),
    annotate=with_commitment_flag,
    hint=commitment_hint,
)


def register_kinds() -> None:
    kinds.register(TICKET)
