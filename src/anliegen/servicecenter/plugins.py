"""What the service centre registers at the core's extension points: the processing-order work
kind (its page offers assignment and completion with a resolution text) and the navigation
entries, each visible exactly to those the page lets in."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anliegen.servicecenter import kpis, queries
from anliegen.web.navigation import NavEntry
from anliegen.work.kinds import REASSIGN, WorkKind
from anliegen.work.models import Kind, WorkItem


def order_url(item: WorkItem, org_slug: str) -> str:
    return reverse("servicecenter:order", args=[org_slug, item.id])


PROCESSING_ORDER_KIND = WorkKind(
    code=Kind.PROCESSING_ORDER,
    label=_("processing order"),
    url=order_url,
    actions=frozenset({REASSIGN}),
)

NAV_ENTRIES = (
    NavEntry(
        code="soc_call",
        label=_("Call screen"),
        url_name="servicecenter:call",
        visible=queries.is_sc_staff,
        order=30,
    ),
    NavEntry(
        code="soc_queues",
        label=_("Queues"),
        url_name="servicecenter:queues",
        visible=queries.is_sc_lead,
        order=31,
    ),
    NavEntry(
        code="soc_kpis",
        label=_("Service centre KPIs"),
        url_name="servicecenter:kpis",
        visible=kpis.may_see_kpis,
        order=33,
    ),
    NavEntry(
        code="soc_inbox",
        label=_("Sonderpostkorb"),
        url_name="servicecenter:inbox",
        visible=queries.may_see_inbox,
        order=32,
    ),
)
