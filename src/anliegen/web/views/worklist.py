"""Mein Postkorb: the user's worklist with filters, counts per light, paging and export (FND-07)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.org.scope import Scope
from anliegen.tickets.queries import with_commitment_flag
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.forms import LIGHT_LABELS, WorklistFilterForm
from anliegen.web.views.base import is_htmx, org_view, paginate
from anliegen.work.models import WorkItem
from anliegen.work.queries import light_counts, worklist_for_user


def _customer_number(item: WorkItem) -> str:
    return item.customer.customer_number if item.customer else ""


def _customer_name(item: WorkItem) -> str:
    return item.customer.display_name if item.customer else ""


WORKLIST_COLUMNS = [
    Column(gettext_lazy("Traffic light"), lambda i: LIGHT_LABELS.get(i.light, i.light), 10),
    Column(gettext_lazy("Kind"), lambda i: i.get_kind_display(), 18),
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


def light_summary(counts: dict[str, int]) -> list[dict[str, object]]:
    """The counts per light in display order (red first: what needs attention)."""
    return [{"light": light, "count": counts.get(light, 0)} for light in ("red", "amber", "green")]


@org_view
def my_worklist(request: HttpRequest, scope: Scope) -> HttpResponse:
    form = WorklistFilterForm(request.GET)
    filters = form.filters()
    items = worklist_for_user(scope, **filters)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            items.iterator(chunk_size=2000),
            WORKLIST_COLUMNS,
            fmt=str(fmt),
            name="postkorb",
            title=_("My worklist"),
        )
    counts = light_counts(worklist_for_user(scope, **{**filters, "lights": None}))
    context = {
        "section": "postkorb",
        "form": form,
        "page": paginate(request, with_commitment_flag(items)),
        "commitment_hints": True,
        "counts": light_summary(counts),
        "total": sum(counts.values()),
        "filtered": any(filters[k] for k in ("kinds", "lights", "search")),
        "me": scope.user,
    }
    if is_htmx(request):
        return render(request, "web/worklist/_results.html", context)
    return render(request, "web/worklist/mine.html", context)
