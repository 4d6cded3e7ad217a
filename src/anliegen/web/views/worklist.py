"""Mein Postkorb: the user's worklist with filters, counts per light, sortable columns (the
order kept per user), saved views, bulk actions, paging and export (FND-07, issue 9).

Links, labels and row hints of every kind come from the kind registry (``work.kinds``), so a
new kind plugs in without touching this module."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.org.scope import Scope
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.forms import LIGHT_LABELS, WorklistFilterForm
from anliegen.web.views.base import is_htmx, org_view
from anliegen.web.work_forms import BulkForm, SavedViewForm
from anliegen.work import kinds
from anliegen.work.models import WorkItem
from anliegen.work.preferences import remember_sort, sort_for, views_for
from anliegen.work.queries import (
    DEFAULT_SORT,
    SORTS,
    Banded,
    light_counts,
    worklist_for_user,
)


def _customer_number(item: WorkItem) -> str:
    return item.customer.customer_number if item.customer else ""


def _customer_name(item: WorkItem) -> str:
    return item.customer.display_name if item.customer else ""


WORKLIST_COLUMNS = [
    Column(gettext_lazy("Traffic light"), lambda i: LIGHT_LABELS.get(i.light, i.light), 10),
    Column(gettext_lazy("Kind"), lambda i: kinds.label_for(i.kind), 18),
    Column(gettext_lazy("Title"), lambda i: i.title, 50),
    Column(gettext_lazy("Customer number"), _customer_number, 16),
    Column(gettext_lazy("Customer"), _customer_name, 28),
    Column(gettext_lazy("Due"), lambda i: i.due_date, 12),
    Column(gettext_lazy("Priority"), lambda i: i.priority, 9),
    Column(gettext_lazy("Responsible"), lambda i: str(i.assignee) if i.assignee else "", 24),
    Column(gettext_lazy("Team"), lambda i: str(i.team) if i.team else "", 20),
    Column(gettext_lazy("Received"), lambda i: i.received_at, 18),
    Column(gettext_lazy("Note"), lambda i: i.note, 40),
]


def worklist_columns(request: HttpRequest, org_slug: str) -> list[Column]:
    """The export columns plus the link to each item's page (from the registry)."""
    return [
        *WORKLIST_COLUMNS,
        Column(
            gettext_lazy("Link"),
            lambda i: request.build_absolute_uri(kinds.url_for(i, org_slug)),
            50,
        ),
    ]


def light_summary(counts: dict[str, int]) -> list[dict[str, object]]:
    """The counts per light in display order (red first: what needs attention)."""
    return [{"light": light, "count": counts.get(light, 0)} for light in ("red", "amber", "green")]


# --- Order -------------------------------------------------------------------------------------

#: Sortable columns: the column key, its ascending and its descending order.
SORT_COLUMNS = {
    "light": ("urgent", "urgent"),
    "title": ("title", "-title"),
    "kind": ("kind", "-kind"),
    "assignee": ("assignee", "-assignee"),
    "due": ("due", "-due"),
    "priority": ("priority", "-priority"),
}


def sort_headers(current: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the order its header link chooses and its ``aria-sort`` state."""
    headers = {}
    for column, (ascending, descending) in SORT_COLUMNS.items():
        if current == ascending:
            state, following = "ascending", descending
        elif current == descending:
            state, following = "descending", ascending
        else:
            state, following = "none", ascending
        headers[column] = {"sort": following, "aria": state}
    return headers


def chosen_sort(request: HttpRequest, scope: Scope, list_key: str) -> str:
    """The order asked for (and then remembered for this person), else the remembered one."""
    asked = request.GET.get("sort", "")
    if asked in SORTS:
        remember_sort(actor=scope.user, list_key=list_key, sort=asked)
        return asked
    return sort_for(scope.user, list_key) or DEFAULT_SORT


def with_sort(request: HttpRequest, sort: str) -> QueryDict:
    data = request.GET.copy()
    data["sort"] = sort
    return data


# --- Rows --------------------------------------------------------------------------------------


def for_rows(items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """What the rows need: each kind's annotation and the relations its link reads."""
    paths = kinds.related_paths()
    items = kinds.annotate(items)
    # prefetched for the page's rows only: a join here would keep the page query from
    # stopping early in the partial index's order
    return items.prefetch_related(*paths) if paths else items


def page_of(
    request: HttpRequest,
    items: QuerySet[WorkItem],
    *,
    sort: str,
    counts: dict[str, int] | None,
) -> Page[Any]:
    """The requested page of a worklist with its rows' annotations. In the default order the
    page is read band by band (``Banded``: index-friendly); ``counts`` are the light counts of
    exactly these items, if the page has them already."""
    rows = for_rows(items)
    source: Any = Banded(rows, counts=counts) if sort == DEFAULT_SORT else rows
    return Paginator(source, settings.ANLIEGEN_PAGE_SIZE).get_page(request.GET.get("page"))


def decorate(page: Page[Any], org_slug: str) -> Page[Any]:
    """Give each row of the page its link and hint from the kind registry."""
    rows = list(page.object_list)
    for item in rows:
        item.url = kinds.url_for(item, org_slug)
        item.hint = kinds.hint_for(item)
    page.object_list = rows
    return page


def list_context(request: HttpRequest, scope: Scope, sort: str) -> dict[str, Any]:
    """What every worklist page shows besides its rows: sort headers, bulk form, views."""
    query = with_sort(request, sort)
    for transient in ("page", "export"):
        query.pop(transient, None)
    return {
        "sort": sort,
        "sort_headers": sort_headers(sort),
        "selectable": True,
        "view_form": SavedViewForm(initial={"query": query.urlencode()}),
    }


@org_view
def my_worklist(request: HttpRequest, scope: Scope) -> HttpResponse:
    sort = chosen_sort(request, scope, "postkorb")
    form = WorklistFilterForm(with_sort(request, sort))
    filters = form.filters()
    items = worklist_for_user(scope, **filters)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            for_rows(items).iterator(chunk_size=2000),
            worklist_columns(request, scope.organisation.slug),
            fmt=str(fmt),
            name="postkorb",
            title=_("My worklist"),
        )
    counts = light_counts(worklist_for_user(scope, **{**filters, "lights": None}))
    context = {
        "section": "postkorb",
        "form": form,
        "page": decorate(
            page_of(request, items, sort=sort, counts=None if filters["lights"] else counts),
            scope.organisation.slug,
        ),
        "counts": light_summary(counts),
        "total": sum(counts.values()),
        "filtered": any(filters[k] for k in ("kinds", "lights", "search")),
        "me": scope.user,
        "bulk_form": BulkForm(),
        "saved_views": list(views_for(scope, None)),
        **list_context(request, scope, sort),
    }
    if is_htmx(request):
        return render(request, "web/worklist/_results.html", context)
    return render(request, "web/worklist/mine.html", context)
