"""The due invitation as a work-item kind (KON-04, KON-06): it is handled in the weekly plan,
where the invitations of the week are proposed, confirmed and printed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anliegen.work import kinds
from anliegen.work.models import Kind, WorkItem


def plan_page(item: WorkItem, org_slug: str) -> str:
    return reverse("contacts:plan", args=[org_slug])


CONTACT = kinds.WorkKind(
    code=Kind.CONTACT,
    label=_("invitation due"),
    url=plan_page,
    actions=frozenset({kinds.REASSIGN}),
)


def register_kinds() -> None:
    kinds.register(CONTACT)
