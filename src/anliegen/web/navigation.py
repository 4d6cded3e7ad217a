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
from django.utils.translation import gettext_lazy as _

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
    #: Further ``section`` values that mark this entry as current (e.g. a report under a register).
    also_sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavLink:
    code: str
    label: str
    url: str
    section: str
    #: Every ``section`` value that marks this link as the current page.
    sections: tuple[str, ...] = ()


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
        NavLink(
            e.code,
            str(e.label),
            reverse(e.url_name, args=[slug]),
            e.section or e.code,
            (e.section or e.code, *e.also_sections),
        )
        for e in sorted(_ENTRIES.values(), key=lambda e: (e.order, e.code))
        if e.visible(scope)
    ]


def nav_entries() -> list[NavEntry]:
    """Every registered entry, in order (for tests and documentation)."""
    return sorted(_ENTRIES.values(), key=lambda e: (e.order, e.code))


# --- The core's own entries ------------------------------------------------------------------
# Each ``visible`` is the check of its page: the worklist, calculator, absences and
# notifications are open to every member; the team pages to leads (``web.views.team``); the
# customer pages to casework roles (``web.views.customers.ensure_customers_visible``).


def _everyone(scope: Scope) -> bool:
    return True


def _leads(scope: Scope) -> bool:
    return scope.is_lead


def _casework(scope: Scope) -> bool:
    return scope.may_see_customers


for _entry in (
    NavEntry("postkorb", _("My worklist"), "web:postkorb", _everyone, order=10),
    NavEntry("team", _("Team"), "web:teams", _leads, order=20),
    NavEntry("kunden", _("Customers"), "web:customers", _casework, order=60),
    NavEntry("fristenrechner", _("Deadline calculator"), "web:calculator", _everyone, order=70),
    NavEntry("abwesenheiten", _("Absences"), "web:absences", _everyone, order=90),
    NavEntry("benachrichtigungen", _("Notifications"), "web:notifications", _everyone, order=95),
):
    register_nav_entry(_entry)
