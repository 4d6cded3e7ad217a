"""The registry of letter kinds (architecture: extension points).

The letters service keeps templates, rendering (``.docx``/PDF), versions and approval. What a
kind of letter is for, its shipped default template and the placeholders it fills belong to the
procedure that sends it, which registers the kind from its ``AppConfig.ready()``. The service-
centre callback letter and the survey invitation plug in the same way, without touching this
package.

A kind whose letters go out only after approval (*Schlusszeichnung*, KRM-08) also registers an
:class:`ApprovalPolicy`: the procedure says who may write and who approves drafts about one of
its work items; the letters service keeps the drafts, versions, states and approval requests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from anliegen.org.models import User
    from anliegen.org.scope import Scope
    from anliegen.work.models import WorkItem


@dataclass(frozen=True)
class ApprovalPolicy:
    """How drafts of one letter kind about a work item (the *subject*) are written and approved.

    ``ensure_may_see(scope, item)`` raises ``NotFound`` unless the scope may read the subject;
    ``ensure_may_author(scope, item)`` raises unless the scope may write drafts about it.
    ``reviewers(item, author)`` are the people asked for approval (never the author);
    ``may_review(scope)`` whether a scope may approve at all. ``context(item, author)`` fills a
    generated draft (the author signs it); ``reference(item)`` is the reference letters quote
    (also the only thing an approval request names, so nothing confidential leaks);
    ``page_url(item, org_slug)`` is where the subject's drafts are handled. ``on_step(actor,
    scope, item, step, params)`` lets the procedure record each step (``created``,
    ``version_added``, ``submitted``, ``approved``, ``returned``, ``sent``) in its own history,
    inside the same transaction.
    """

    ensure_may_see: Callable[[Scope, WorkItem], None]
    ensure_may_author: Callable[[Scope, WorkItem], None]
    reviewers: Callable[[WorkItem, User], list[User]]
    may_review: Callable[[Scope], bool]
    context: Callable[[WorkItem, User], Mapping[str, Any]]
    reference: Callable[[WorkItem], str]
    page_url: Callable[[WorkItem, str], str]
    on_step: Callable[[User, Scope, WorkItem, str, Mapping[str, Any]], None] | None = None
    #: Working days the approver has to decide (issue 9: 2 working days, [decision]).
    approval_working_days: int = 2


@dataclass(frozen=True)
class LetterKindSpec:
    """One kind of letter.

    ``default_template`` is the shipped ``.docx`` used while an organisation has uploaded none.
    ``sample_context`` fills every placeholder with example values; uploads are checked by
    rendering them with it, and the template page previews with it. ``placeholders`` documents
    the placeholders for the people who edit templates (name → German explanation).
    ``approval``: drafts of this kind need approval before they are sent (see above).
    """

    code: str
    label: str | Promise
    default_template: Path
    sample_context: Callable[[], Mapping[str, Any]]
    placeholders: Mapping[str, str | Promise] = field(default_factory=dict)
    approval: ApprovalPolicy | None = None


_KINDS: dict[str, LetterKindSpec] = {}


def register_letter_kind(spec: LetterKindSpec) -> LetterKindSpec:
    existing = _KINDS.get(spec.code)
    if existing is not None and existing != spec:
        raise ValueError(f"letter kind {spec.code!r} is already registered")
    _KINDS[spec.code] = spec
    return spec


def letter_kind(code: str) -> LetterKindSpec | None:
    return _KINDS.get(code)


def letter_kinds() -> list[LetterKindSpec]:
    return sorted(_KINDS.values(), key=lambda spec: spec.code)


def approval_policy(code: str) -> ApprovalPolicy:
    """The approval policy of a kind; a programming error if the kind has none."""
    spec = _KINDS.get(code)
    if spec is None or spec.approval is None:
        raise LookupError(f"letter kind {code!r} has no approval policy")
    return spec.approval
