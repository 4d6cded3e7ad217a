"""The main navigation: each procedure adds its entries and says who may open them.

An entry is shown only when ``visible(scope)`` holds, and that check must be the same one the
page itself applies, so no role ever sees a link that answers 403 or 404 (issue: navigation per
role, tested as a matrix). Procedures register from their ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from anliegen.org.scope import Scope


@dataclass(frozen=True)
class NavEntry:
    code: str
    label: str | Promise
    url_name: str  # reversed with the organisation's slug as its only argument
    visible: Callable[[Scope], bool]
    order: int = 100
    #: The ``section`` value pages of this entry set, to mark the entry as current.
    section: str = ""


@dataclass(frozen=True)
class NavLink:
    code: str
    label: str
    url: str
    section: str


_ENTRIES: dict[str, NavEntry] = {}


def register_nav_entry(entry: NavEntry) -> NavEntry:
    existing = _ENTRIES.get(entry.code)
    if existing is not None and existing != entry:
        raise ValueError(f"navigation entry {entry.code!r} is already registered")
    _ENTRIES[entry.code] = entry
    return entry


def nav_links(scope: Scope) -> list[NavLink]:
    """The entries this scope may open, in order, with their URLs."""
    slug = scope.organisation.slug
    return [
        NavLink(e.code, str(e.label), reverse(e.url_name, args=[slug]), e.section or e.code)
        for e in sorted(_ENTRIES.values(), key=lambda e: (e.order, e.code))
        if e.visible(scope)
    ]
