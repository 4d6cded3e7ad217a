"""Search provider of customer reactions (issue 9, global search): "KRM-12" (or "12") finds the
reaction of that reference among those the actor sees. It reads through
``queries.reactions_visible_to``, the read of the reaction pages, so complaints about conduct
and petitions never appear for anyone but management and its office (KRM-02), and providers
find none."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from anliegen.org.scope import Scope
from anliegen.reactions.nav import may_list_reactions
from anliegen.web.search import (
    SearchHit,
    SearchProvider,
    SearchQuery,
    SearchResults,
    register_search_provider,
)

PREFIXES = {"", "KRM"}


def search_reactions(scope: Scope, query: SearchQuery) -> SearchResults | None:
    from anliegen.reactions.queries import reactions_visible_to

    if not may_list_reactions(scope):
        return None
    if query.number is None or query.prefix not in PREFIXES:
        return SearchResults([])
    reaction = reactions_visible_to(scope).filter(id=query.number).first()
    if reaction is None:
        return SearchResults([])
    who = reaction.customer.display_name if reaction.customer else reaction.sender_name
    hit = SearchHit(
        label=reaction.reference,
        detail=" · ".join(str(part) for part in (reaction.get_kind_display(), who) if part),
        url=reverse("reactions:detail", args=[scope.organisation.slug, reaction.id]),
        exact=True,
    )
    return SearchResults([hit])


def register() -> None:
    register_search_provider(
        SearchProvider(
            "reactions",
            gettext_lazy("Customer reactions"),
            search_reactions,
            order=30,
            available=may_list_reactions,
        )
    )
