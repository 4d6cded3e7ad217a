"""The registry of work-item kinds: where an item is handled and what can be done to it.

Every procedure registers its kinds from its ``AppConfig.ready()``. Worklists, team views,
notifications, search and exports take the link and the available actions from here, so a new
kind plugs in without touching the worklist code (FND-07, architecture: extension points).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from anliegen.work.models import WorkItem

#: Actions every open item of a kind may offer. A kind lists those it supports.
COMPLETE = "complete"
POSTPONE = "postpone"
REASSIGN = "reassign"
PRIORITY = "priority"


@dataclass(frozen=True)
class WorkKind:
    """One kind of work item.

    ``url(item, org_slug)`` returns the page where the item is handled; that page must offer a
    way to finish it. ``actions`` names the generic actions the worklist may offer in bulk.
    """

    code: str
    label: str | Promise
    url: Callable[[WorkItem, str], str]
    actions: frozenset[str] = field(default_factory=lambda: frozenset({REASSIGN}))
    #: Extra ``select_related`` paths the ``url`` callable needs, so a worklist page stays one
    #: query per page.
    related: tuple[str, ...] = ()
    #: Annotates a worklist queryset with what ``hint`` reads (one subquery, no per-row query);
    #: it must leave items of other kinds alone.
    annotate: Callable[[QuerySet[WorkItem]], QuerySet[WorkItem]] | None = None
    #: A short German reminder shown on an open item's row, or "" (e.g. a ticket that needs a
    #: commitment, TKT-04).
    hint: Callable[[WorkItem], str] | None = None


_KINDS: dict[str, WorkKind] = {}
#: Codes registered by :func:`register_default`, which a procedure may take over.
_DEFAULTS: set[str] = set()


def register(kind: WorkKind) -> WorkKind:
    """Register a kind once; registering the same code twice is a programming error — unless
    the first registration was a core default (:func:`register_default`), which it replaces."""
    existing = _KINDS.get(kind.code)
    if existing is not None and existing != kind and kind.code not in _DEFAULTS:
        raise ValueError(f"work kind {kind.code!r} is already registered")
    _KINDS[kind.code] = kind
    _DEFAULTS.discard(kind.code)
    return kind


def register_default(kind: WorkKind) -> WorkKind:
    """Register how the core handles a kind until a procedure registers its own (e.g. the
    processing orders and callbacks the service centre takes over later)."""
    if kind.code not in _KINDS:
        _KINDS[kind.code] = kind
        _DEFAULTS.add(kind.code)
    return _KINDS[kind.code]


def get(code: str) -> WorkKind | None:
    return _KINDS.get(code)


def registered() -> list[WorkKind]:
    return list(_KINDS.values())


def label_for(code: str) -> str:
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


def url_for(item: WorkItem, org_slug: str) -> str:
    """The page where ``item`` is handled, or "" for a kind nobody registered."""
    kind = _KINDS.get(item.kind)
    return kind.url(item, org_slug) if kind else ""


def annotate(items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """Apply every registered kind's annotation to a worklist queryset."""
    for kind in _KINDS.values():
        if kind.annotate is not None:
            items = kind.annotate(items)
    return items


def hint_for(item: WorkItem) -> str:
    kind = _KINDS.get(item.kind)
    return kind.hint(item) if kind and kind.hint else ""


def supports(code: str, action: str) -> bool:
    """Whether items of kind ``code`` offer the generic ``action`` (complete, postpone, …)."""
    kind = _KINDS.get(code)
    return kind is not None and action in kind.actions


def choices() -> list[tuple[str, str]]:
    """(code, German label) of every registered kind, by label — for filters."""
    return sorted(((k.code, str(k.label)) for k in _KINDS.values()), key=lambda c: c[1])


def related_paths() -> list[str]:
    """Every ``select_related`` path the registered ``url`` callables need."""
    return sorted({path for kind in _KINDS.values() for path in kind.related})
