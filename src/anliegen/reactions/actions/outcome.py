"""Acknowledgement sent (KRM-04, KRM-05), outcome and completion, register entry (KRM-09)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.customers.actions import add_history_entry
from anliegen.letters.actions import approved_unsent
from anliegen.org.models import User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope
from anliegen.reactions.actions.common import (
    MAX_TEXT,
    _fail,
    _locked,
    _require_text,
    ensure_may_act,
    store_report_facts,
)
from anliegen.reactions.models import (
    ACKNOWLEDGEMENT,
    AcknowledgementChannel,
    Outcome,
    Reaction,
    ReactionKind,
)
from anliegen.work import actions as work_actions
from anliegen.work.models import Status

# --- Acknowledgement (KRM-04, KRM-05) ---------------------------------------------------------


@transaction.atomic
def record_acknowledgement_sent(
    *, actor: User, scope: Scope, reaction: Reaction, channel: str, sent_on: dt.date
) -> Reaction:
    """The acknowledgement of receipt went out; it meets the acknowledgement clock."""
    ensure_may_act(scope, reaction)
    errors: dict[str, str] = {}
    if channel not in AcknowledgementChannel.values:
        errors["channel"] = _("The acknowledgement goes out by letter, fax or e-mail.")
    if sent_on > clock.today():
        errors["sent_on"] = _("The date of sending lies in the future.")
    elif sent_on < clock.local_date(reaction.received_at):
        errors["sent_on"] = _("The date of sending lies before the day of receipt.")
    _fail(errors)
    reaction = _locked(reaction)
    if reaction.acknowledgement_sent_at is not None:
        raise Conflict(_("The acknowledgement has already been recorded."))
    if reaction.item.status != Status.OPEN:
        raise Conflict(_("This customer reaction has already been completed."))
    reaction.acknowledgement_sent_at = sent_on
    reaction.acknowledgement_channel = channel
    reaction.save(update_fields=["acknowledgement_sent_at", "acknowledgement_channel"])
    if reaction.item.deadlines.filter(code=ACKNOWLEDGEMENT).exists():
        reaction.item = work_actions.meet_deadline(
            actor=actor,
            scope=scope,
            item=reaction.item,
            code=ACKNOWLEDGEMENT,
            at=clock.start_of_day(sent_on),
        )
        store_report_facts(reaction)
    if reaction.customer is not None:
        add_history_entry(
            actor=actor,
            customer=reaction.customer,
            kind="letter",
            text=_("Acknowledgement of receipt of a customer reaction sent by %(channel)s.")
            % {"channel": AcknowledgementChannel(channel).label},
            ref=reaction,
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.acknowledged",
        obj=reaction,
        new={"channel": channel, "sent_on": sent_on.isoformat()},
    )
    return reaction


# --- Outcome and register (KRM-09) ------------------------------------------------------------


@transaction.atomic
def record_outcome(
    *,
    actor: User,
    scope: Scope,
    reaction: Reaction,
    outcome: str,
    summary: str,
    concern_outcomes: Mapping[int, str] | None = None,
    confirm_unsent_reply: bool = False,
) -> Reaction:
    """Justified, partly justified or unjustified, with a summary; completes the reaction.
    Concerns without an outcome of their own take the reaction's. A reaction whose approved
    reply has not been sent is closed only with ``confirm_unsent_reply`` (KRM-08, issue 9)."""
    ensure_may_act(scope, reaction)
    if reaction.kind == ReactionKind.PETITION:
        raise InvalidInput(
            _("Petitions follow their own procedure."), errors={"kind": _("Petition.")}
        )
    if reaction.kind == ReactionKind.UNCLASSIFIED:
        raise InvalidInput(
            _("Management has not yet decided the kind of this reaction."),
            errors={"kind": _("Not yet classified.")},
        )
    if outcome not in Outcome.values:
        raise InvalidInput(
            _("The outcome must be justified, partly justified or unjustified."),
            errors={"outcome": _("Unknown.")},
        )
    summary = _require_text(summary, "summary", _("Please summarise the outcome."), limit=MAX_TEXT)
    concerns = {c.id: c for c in reaction.concerns.all()}
    given = {int(k): v for k, v in (concern_outcomes or {}).items()}
    if any(k not in concerns for k in given):
        raise InvalidInput(
            _("Unknown concern of this reaction."), errors={"concerns": _("Unknown concern.")}
        )
    if any(v not in Outcome.values for v in given.values()):
        raise InvalidInput(
            _("The outcome must be justified, partly justified or unjustified."),
            errors={"concerns": _("Unknown outcome.")},
        )
    reaction = _locked(reaction)
    if approved_unsent(reaction.item) and not confirm_unsent_reply:
        message = _(
            "The approved reply has not been sent yet. Please send it first, or confirm that "
            "the reaction is to be closed without sending it."
        )
        raise InvalidInput(message, errors={"confirm_unsent_reply": message})
    work_actions.complete_item(actor=actor, scope=scope, item=reaction.item, note=summary)
    store_report_facts(reaction)
    reaction.outcome = outcome
    reaction.outcome_summary = summary
    reaction.save(update_fields=["outcome", "outcome_summary"])
    for concern_id, concern in concerns.items():
        concern.outcome = given.get(concern_id, outcome)
        concern.save(update_fields=["outcome"])
    if reaction.customer is not None:
        text = (
            _("Customer reaction completed.")
            if reaction.confidential
            else _("Customer reaction completed (%(outcome)s): %(summary)s")
            % {"outcome": Outcome(outcome).label, "summary": summary}
        )
        add_history_entry(
            actor=actor, customer=reaction.customer, kind="reaction", text=text, ref=reaction
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.outcome_recorded",
        obj=reaction,
        new={
            "outcome": outcome,
            "concerns": {c: o.outcome for c, o in concerns.items()},
            **({"closed_with_unsent_reply": True} if confirm_unsent_reply else {}),
        },
    )
    reaction.item.refresh_from_db()
    return reaction


@transaction.atomic
def make_register_entry(*, actor: User, scope: Scope, reaction: Reaction) -> Reaction:
    """The management office makes the final entry in the KRM register (KRM-09)."""
    if reaction.organisation_id != scope.organisation.id:
        raise NotFound(_("Customer reaction not found."))
    if not (scope.is_superuser or scope.has_role(Role.MANAGEMENT_OFFICE)):
        raise Forbidden(_("Only the management office makes the register entry."))
    reaction = _locked(reaction)
    if not reaction.outcome:
        raise Conflict(_("The outcome of this reaction has not been recorded yet."))
    if reaction.register_entry_at is not None:
        raise Conflict(_("This reaction has already been entered in the register."))
    reaction.register_entry_at = clock.now()
    reaction.register_entry_by = actor
    reaction.save(update_fields=["register_entry_at", "register_entry_by"])
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.register_entry",
        obj=reaction,
        new={"outcome": reaction.outcome},
    )
    return reaction
