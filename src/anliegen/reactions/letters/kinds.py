"""The letter kinds of customer reactions and the approval policy of replies (KRM-05, KRM-08),
registered with the letters service from :class:`~anliegen.reactions.apps.ReactionsConfig`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.audit.actions import record
from anliegen.core.errors import NotFound
from anliegen.customers.actions import add_history_entry
from anliegen.letters.kinds import ApprovalPolicy, LetterKindSpec
from anliegen.letters.models import SendChannel
from anliegen.org.models import User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, staff_of
from anliegen.reactions.actions import ensure_may_act
from anliegen.reactions.letters.content import (
    ACKNOWLEDGEMENT_KIND,
    REPLY_KIND,
    reference_of,
    reply_context,
)
from anliegen.reactions.models import Reaction
from anliegen.reactions.queries import reactions_visible_to
from anliegen.work.models import WorkItem

DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"
#: Who approves or returns a reply draft.
REVIEWER_ROLES = (Role.MANAGEMENT, Role.AREA_MANAGEMENT)


def reaction_of(item: WorkItem) -> Reaction:
    reaction = Reaction.objects.select_related("item", "customer", "lead_team", "organisation")
    try:
        return reaction.get(item_id=item.id)
    except Reaction.DoesNotExist:
        raise NotFound(_("Customer reaction not found.")) from None


def visible_reaction(scope: Scope, item: WorkItem) -> Reaction:
    """The reaction of ``item`` if the scope sees it (confidential kinds only GF and its office)."""
    reaction = reactions_visible_to(scope).filter(item_id=item.id).first()
    if reaction is None:
        raise NotFound(_("Customer reaction not found."))
    return reaction


def _ensure_may_see(scope: Scope, item: WorkItem) -> None:
    visible_reaction(scope, item)


def _ensure_may_author(scope: Scope, item: WorkItem) -> None:
    ensure_may_act(scope, reaction_of(item))


def may_review(scope: Scope) -> bool:
    return scope.has_role(*REVIEWER_ROLES)


def reviewers(item: WorkItem, author: User) -> list[User]:
    """Management, and for reactions that are not confidential the area management of the lead
    team's area; never the author."""
    reaction = reaction_of(item)
    people = list(staff_of(reaction.organisation, roles=[Role.MANAGEMENT]))
    team = reaction.lead_team
    if not reaction.confidential and team is not None:
        people += [
            u
            for u in staff_of(reaction.organisation, roles=[Role.AREA_MANAGEMENT]).filter(
                memberships__area_id=team.area_id, memberships__role=Role.AREA_MANAGEMENT
            )
            if u not in people
        ]
    return [p for p in people if p.id != author.id]


def _context(item: WorkItem, author: User) -> Mapping[str, Any]:
    return reply_context(reaction_of(item), author)


def _reference(item: WorkItem) -> str:
    return reference_of(reaction_of(item))


def page_url(item: WorkItem, org_slug: str) -> str:
    reaction_id = Reaction.objects.filter(item_id=item.id).values_list("id", flat=True).first()
    if reaction_id is None:
        return ""
    return reverse("reactions:detail", args=[org_slug, reaction_id]) + "#briefe"


def _history_text(step: str, params: Mapping[str, Any]) -> str:
    number = params.get("version", 0)
    if step == "created":
        return _("Reply to a customer reaction drafted (version %(number)d).") % {"number": number}
    if step == "version_added":
        return _("Reply to a customer reaction: version %(number)d added.") % {"number": number}
    if step == "submitted":
        return _("Reply to a customer reaction: version %(number)d submitted for approval.") % {
            "number": number
        }
    if step == "approved":
        return _("Reply to a customer reaction: version %(number)d approved.") % {"number": number}
    if step == "returned":
        return _("Reply to a customer reaction: version %(number)d returned with comments.") % {
            "number": number
        }
    channel = str(params.get("channel", ""))
    label = SendChannel(channel).label if channel in SendChannel.values else channel
    return _("Reply to a customer reaction sent by %(channel)s (version %(number)d).") % {
        "channel": label,
        "number": number,
    }


def on_step(
    actor: User, scope: Scope, item: WorkItem, step: str, params: Mapping[str, Any]
) -> None:
    """Every step of a reply draft goes into the reaction's history (its audit trail, shown on
    its page) and, where the reaction names a customer, into the customer's timeline."""
    reaction = reaction_of(item)
    if reaction.customer is not None:
        add_history_entry(
            actor=actor,
            customer=reaction.customer,
            kind="letter",
            text=_history_text(step, params),
            ref=reaction,
        )
    record(
        actor=actor,
        organisation=scope.organisation,
        action=f"reaction.reply_{step}",
        obj=reaction,
        new=dict(params),
    )


REPLY_APPROVAL = ApprovalPolicy(
    ensure_may_see=_ensure_may_see,
    ensure_may_author=_ensure_may_author,
    reviewers=reviewers,
    may_review=may_review,
    context=_context,
    reference=_reference,
    page_url=page_url,
    on_step=on_step,
)

_SAMPLE: dict[str, Any] = {
    "customer_name": "Erika Mustermann",
    "address_lines": ["Musterstraße 1", "12345 Musterstadt"],
    "customer_number": "K12345",
    "reference": "KRM-1",
    "received_date": "24.11.2026",
    "contact_name": "Max Beispiel",
    "contact_phone": "01234 5678",
    "contact_email": "max.beispiel@example.org",
}

_PLACEHOLDERS = {
    "customer_name": gettext_lazy("the customer's or sender's name"),
    "address_lines": gettext_lazy("the address, one line each"),
    "customer_number": gettext_lazy("the customer number, if known"),
    "reference": gettext_lazy("our reference, KRM-<number>"),
    "received_date": gettext_lazy("the day the reaction was received"),
    "contact_name": gettext_lazy("whom the customer may ask"),
    "contact_phone": gettext_lazy("their phone number"),
    "contact_email": gettext_lazy("their e-mail address"),
    "subject": gettext_lazy("the subject line"),
}


def _acknowledgement_sample() -> dict[str, Any]:
    return {**_SAMPLE, "subject": "Eingangsbestätigung"}


def _reply_sample() -> dict[str, Any]:
    return {**_SAMPLE, "subject": "Ihr Anliegen", "author_name": "Maria Schreiber"}


ACKNOWLEDGEMENT_LETTER = LetterKindSpec(
    code=ACKNOWLEDGEMENT_KIND,
    label=gettext_lazy("acknowledgement of a customer reaction"),
    default_template=DEFAULTS / f"{ACKNOWLEDGEMENT_KIND}.docx",
    sample_context=_acknowledgement_sample,
    placeholders=_PLACEHOLDERS,
)

REPLY_LETTER = LetterKindSpec(
    code=REPLY_KIND,
    label=gettext_lazy("reply to a customer reaction"),
    default_template=DEFAULTS / f"{REPLY_KIND}.docx",
    sample_context=_reply_sample,
    placeholders={
        **_PLACEHOLDERS,
        "author_name": gettext_lazy("who wrote the reply and signs it"),
    },
    approval=REPLY_APPROVAL,
)
