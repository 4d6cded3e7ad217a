"""Search provider of the tickets (issue 9, global search): "Ticket 12", "T-12", "#12" or "12"
finds the ticket of that number among those the actor sees (``tickets_visible_to``, the read of
the ticket pages)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.org.scope import Scope
from anliegen.tickets.nav import may_see_tickets
from anliegen.web.search import (
    SearchHit,
    SearchProvider,
    SearchQuery,
    SearchResults,
    register_search_provider,
)

PREFIXES = {"", "T", "TICKET", "TKT"}


def search_tickets(scope: Scope, query: SearchQuery) -> SearchResults | None:
    from anliegen.tickets.queries import tickets_visible_to

    if not may_see_tickets(scope):
        return None
    if query.number is None or query.prefix not in PREFIXES:
        return SearchResults([])
    ticket = tickets_visible_to(scope).filter(id=query.number).first()
    if ticket is None:
        return SearchResults([])
    hit = SearchHit(
        label=_("Ticket %(number)s") % {"number": ticket.id},
        detail=f"{ticket.customer.display_name} · {ticket.item.title}",
        url=reverse("tickets:detail", args=[scope.organisation.slug, ticket.id]),
        exact=True,
    )
    return SearchResults([hit])


def register() -> None:
    register_search_provider(
        SearchProvider(
            "tickets",
            gettext_lazy("Tickets"),
            search_tickets,
            order=20,
            available=may_see_tickets,
        )
    )
