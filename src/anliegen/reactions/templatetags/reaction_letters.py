"""``{% reaction_letters reaction scope as letters %}``: what the letters partial of a customer
reaction shows and offers to the current user (KRM-05, KRM-08)."""

from __future__ import annotations

from typing import Any

from django import template

from anliegen.core import clock
from anliegen.core.errors import DomainError
from anliegen.letters import queries
from anliegen.letters.actions import EDITABLE
from anliegen.letters.models import DraftState, SendChannel
from anliegen.org.scope import Scope
from anliegen.reactions.actions import ensure_may_act
from anliegen.reactions.letters.content import REPLY_KIND
from anliegen.reactions.letters.kinds import may_review
from anliegen.reactions.models import AcknowledgementChannel, Reaction
from anliegen.reactions.queries import reactions_visible_to

register = template.Library()


def _may_act(scope: Scope, reaction: Reaction) -> bool:
    try:
        ensure_may_act(scope, reaction)
    except DomainError:
        return False
    return True


@register.simple_tag
def reaction_letters(reaction: Reaction, scope: Scope | None) -> dict[str, Any]:
    if scope is None or not isinstance(reaction, Reaction):
        return {"visible": False}
    if not reactions_visible_to(scope).filter(id=reaction.id).exists():
        return {"visible": False}
    may_act = _may_act(scope, reaction)
    reviewer = may_review(scope)
    drafts = []
    for draft in queries.drafts_of(reaction.item, kind=REPLY_KIND):
        versions = list(draft.versions.all())
        latest = versions[-1] if versions else None
        drafts.append(
            {
                "draft": draft,
                "versions": versions,
                "latest": latest,
                "may_add": may_act and draft.state in EDITABLE,
                "may_submit": may_act and draft.state == DraftState.DRAFT,
                "may_decide": reviewer
                and draft.state == DraftState.SUBMITTED
                and latest is not None
                and latest.uploaded_by_id != scope.user.id,
                "may_send": may_act and draft.state == DraftState.APPROVED,
            }
        )
    return {
        "visible": True,
        "may_act": may_act,
        "acknowledged": reaction.acknowledgement_sent_at is not None,
        "drafts": drafts,
        "ack_channels": AcknowledgementChannel.choices,
        "send_channels": SendChannel.choices,
        "today": clock.today().isoformat(),
    }
