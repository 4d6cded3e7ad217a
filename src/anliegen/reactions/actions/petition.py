"""Petitions (*Petition/Eingabe*, KRM-02): their own procedure, led by management outside the
KRM deadlines. Management or its office closes a petition with a summary; that completes its
work item (issue 9)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core.errors import Conflict, InvalidInput, NotFound
from anliegen.customers.actions import add_history_entry
from anliegen.org.models import User
from anliegen.org.scope import Scope
from anliegen.reactions.actions.common import MAX_TEXT, _locked, _require_text, store_report_facts
from anliegen.reactions.models import Reaction, ReactionKind
from anliegen.work import actions as work_actions
from anliegen.work.access import sees_confidential
from anliegen.work.models import Status


def may_close_petition(scope: Scope, reaction: Reaction) -> bool:
    """Only management and its office lead petitions (KRM-02); nobody else even sees them."""
    return (
        reaction.organisation_id == scope.organisation.id
        and reaction.kind == ReactionKind.PETITION
        and sees_confidential(scope)
    )


@transaction.atomic
def close_petition(*, actor: User, scope: Scope, reaction: Reaction, summary: str) -> Reaction:
    """Close a petition with a summary of how it was dealt with; completes its work item.
    Of two people closing it at once, exactly one succeeds; the other gets a conflict."""
    if reaction.organisation_id != scope.organisation.id or not sees_confidential(scope):
        # Petitions are invisible to everyone but management and its office (KRM-02).
        raise NotFound(_("Customer reaction not found."))
    if reaction.kind != ReactionKind.PETITION:
        raise InvalidInput(
            _("Only petitions are closed this way; please record the outcome of the reaction."),
            errors={"kind": _("Not a petition.")},
        )
    summary = _require_text(
        summary,
        "summary",
        _("Please summarise how the petition was dealt with."),
        limit=MAX_TEXT,
    )
    reaction = _locked(reaction)
    if reaction.kind != ReactionKind.PETITION:
        raise Conflict(_("The kind of this reaction has just been changed."))
    if reaction.item.status != Status.OPEN:
        raise Conflict(_("This petition has already been closed."))
    work_actions.complete_item(actor=actor, scope=scope, item=reaction.item, note=summary)
    reaction.outcome_summary = summary
    reaction.save(update_fields=["outcome_summary"])
    store_report_facts(reaction)
    if reaction.customer is not None:
        # Neutral wording, as for every confidential kind: the customer's history is read by
        # case workers who may not see the petition itself.
        add_history_entry(
            actor=actor,
            customer=reaction.customer,
            kind="reaction",
            text=_("Customer reaction completed."),
            ref=reaction,
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.petition_closed",
        obj=reaction,
        new={"summary": summary},
    )
    reaction.item.refresh_from_db()
    return reaction
