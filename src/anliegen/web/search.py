"""Global search in the header (issue 9): customer number, name, ticket and KRM reference.

The core searches customers itself; procedures add what they hold through a provider registered
from their ``AppConfig.ready()`` (issue 10: the core never imports a procedure). A provider reads
through the same scoped queries as its pages, so the search shows nothing the actor could not
open; it returns hits, and opening a hit goes through the page, which logs customer views.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from anliegen.org.scope import Scope

#: Hits per provider; the page says when there are more and links to the full list.
LIMIT = 10
MAX_QUERY = 100


@dataclass(frozen=True)
class SearchHit:
    label: str
    detail: str
    url: str
    #: An exact reference (customer number, ``KRM-12``, ticket 12): a single exact hit opens
    #: its page straight away.
    exact: bool = False


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    #: Link to the provider's full list for this query, shown when there were more hits.
    more_url: str = ""


Search = Callable[["Scope", "SearchQuery"], SearchResults | None]


def _always(scope: Scope) -> bool:
    return True


@dataclass(frozen=True)
class SearchProvider:
    code: str
    label: str | Promise
    search: Search
    order: int = 100
    #: Whether the actor may open this provider's pages at all (the header shows the search
    #: field only when some provider may answer).
    available: Callable[[Scope], bool] = _always


@dataclass(frozen=True)
class SearchQuery:
    """The query as typed, and the reference number it names, if any."""

    text: str
    #: ``12`` for "12", "#12", "KRM-12", "Ticket 12", "T-12".
    number: int | None
    #: The prefix before the number, upper-cased ("KRM", "T", "TICKET"), or "".
    prefix: str


_REFERENCE = re.compile(r"^(?:(?P<prefix>[A-Za-zÄÖÜäöü]+)[\s\-]*|#)?(?P<number>\d{1,9})$")


def parse_query(raw: str) -> SearchQuery:
    text = " ".join(unicodedata.normalize("NFC", raw).split())[:MAX_QUERY]
    match = _REFERENCE.match(text)
    if match is None:
        return SearchQuery(text, None, "")
    return SearchQuery(text, int(match["number"]), (match["prefix"] or "").upper())


_PROVIDERS: dict[str, SearchProvider] = {}


def register_search_provider(provider: SearchProvider) -> SearchProvider:
    existing = _PROVIDERS.get(provider.code)
    if existing is not None and existing != provider:
        raise ValueError(f"search provider {provider.code!r} is already registered")
    _PROVIDERS[provider.code] = provider
    return provider


@dataclass(frozen=True)
class SearchGroup:
    code: str
    label: str
    hits: list[SearchHit]
    more_url: str


def search_available(scope: Scope) -> bool:
    """Whether any provider may answer this actor (a provider without casework gets no field)."""
    return any(provider.available(scope) for provider in _PROVIDERS.values())


def search_all(scope: Scope, raw: str) -> list[SearchGroup]:
    """The groups of hits for this actor, in order; providers that answer ``None`` (the actor may
    not open their pages) and empty groups are left out."""
    query = parse_query(raw)
    if not query.text:
        return []
    groups = []
    for provider in sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.code)):
        if not provider.available(scope):
            continue
        found = provider.search(scope, query)
        if found is not None and found.hits:
            groups.append(
                SearchGroup(provider.code, str(provider.label), found.hits, found.more_url)
            )
    return groups


# --- The core's own provider: customers ------------------------------------------------------


def _customers(scope: Scope, query: SearchQuery) -> SearchResults | None:
    from urllib.parse import urlencode

    from anliegen.customers.queries import search_customers

    if not scope.may_see_customers:  # the check of the customer pages
        return None
    if query.number is not None and query.prefix in {"KRM", "T", "TICKET"}:
        return SearchResults([])
    slug = scope.organisation.slug
    found = list(search_customers(scope, query.text).order_by("last_name", "id")[: LIMIT + 1])
    hits = [
        SearchHit(
            label=c.display_name,
            detail=_("Customer number %(number)s") % {"number": c.customer_number},
            url=reverse("web:customer", args=[slug, c.customer_number]),
            exact=c.customer_number.upper() == query.text.upper(),
        )
        for c in found[:LIMIT]
    ]
    more = ""
    if len(found) > LIMIT:
        more = reverse("web:customers", args=[slug]) + "?" + urlencode({"q": query.text})
    return SearchResults(hits, more)


def _may_see_customers(scope: Scope) -> bool:
    return scope.may_see_customers


register_search_provider(
    SearchProvider(
        "customers",
        gettext_lazy("Customers"),
        _customers,
        order=10,
        available=_may_see_customers,
    )
)
