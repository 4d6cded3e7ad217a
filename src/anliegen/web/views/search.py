"""``/o/<org>/suche/?q=…``: the global search of the header (issue 9).

The providers of :mod:`anliegen.web.search` read through the scoped queries of their pages. One
exact hit (a customer number, ``KRM-12``, ticket 12) opens its page straight away; the page
itself logs the view of a customer record (``customers.queries.get_customer_for``).
"""

from __future__ import annotations

import unicodedata

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from anliegen.org.scope import Scope
from anliegen.web.search import MAX_QUERY, search_all, search_available
from anliegen.web.views.base import org_view, redirect


def _invalid(text: str) -> str:
    if len(text) > MAX_QUERY:
        return _("Please search with at most %(n)d characters.") % {"n": MAX_QUERY}
    if any(unicodedata.category(c) == "Cc" for c in text):
        return _("The search contains characters that are not allowed.")
    return ""


@org_view
def search(request: HttpRequest, scope: Scope) -> HttpResponse:
    if not search_available(scope):  # e.g. a provider: nothing it could find, and no field
        raise Http404(_("Page not found."))
    raw = request.GET.get("q", "")
    error = _invalid(raw)
    groups = [] if error else search_all(scope, raw)
    hits = [hit for group in groups for hit in group.hits]
    if len(hits) == 1 and hits[0].exact:
        return redirect(request, hits[0].url)
    context = {
        "section": "suche",
        "search_query": "" if error else raw.strip(),
        "error": error,
        "groups": groups,
        "searched": bool(raw.strip()),
    }
    return render(request, "web/search.html", context, status=422 if error else 200)
