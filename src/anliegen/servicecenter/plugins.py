"""What the service centre registers at the core's extension points: the processing-order work
kind (its page offers assignment and completion with a resolution text) and the navigation
entries (call screen, queues, Sonderpostkorb, staffing), each visible exactly to those the page lets in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks import place_views
from anliegen.servicecenter.kpis import report as kpi_report
from anliegen.web.navigation import NavEntry
from anliegen.work.kinds import PRIORITY, REASSIGN, WorkKind
from anliegen.work.models import Kind, WorkItem
from anliegen.work.work_kinds import item_page

if TYPE_CHECKING:
    from anliegen.org.scope import Scope


def order_url(item: WorkItem, org_slug: str) -> str:
    return reverse("servicecenter:order", args=[org_slug, item.id])


PROCESSING_ORDER_KIND = WorkKind(
    code=Kind.PROCESSING_ORDER,
    label=_("processing order"),
    url=order_url,
    actions=frozenset({REASSIGN}),
)


def callback_url(item: WorkItem, org_slug: str) -> str:
    """The callback page; items of kind ``callback`` without a booked appointment (written
    before SOC-05, e.g. by the job centres' demo) keep the generic item page."""
    try:
        item.callback  # noqa: B018  (select_related by ``related``)
    except ObjectDoesNotExist:
        return item_page(item, org_slug)
    return reverse("servicecenter:callback", args=[org_slug, item.id])


#: The callback page offers attempts, rescheduling and cancelling; the worklist may reassign and
#: reprioritise. A booked callback is finished by its attempts only; a bare callback item (no
#: appointment) is still completed on the generic item page (``work.item_actions.handled_here``).
CALLBACK_KIND = WorkKind(
    code=Kind.CALLBACK,
    label=_("callback"),
    url=callback_url,
    actions=frozenset({REASSIGN, PRIORITY}),
    related=("callback",),
)


def may_manage_places(scope: Scope) -> bool:
    """The leads of an OS team, its area management and the region's management."""
    return bool(place_views.managed_teams(scope))


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
        visible=kpi_report.may_see_kpis,
        order=32,
    ),
    NavEntry(
        code="soc_inbox",
        label=_("Sonderpostkorb"),
        url_name="servicecenter:inbox",
        visible=queries.may_see_inbox,
        order=34,
    ),
    NavEntry(
        code="soc_staffing",
        label=_("Staffing"),
        url_name="servicecenter:staffing",
        visible=queries.is_sc_lead,
        order=33,
    ),
    NavEntry(
        code="soc_callbacks",
        label=_("Callbacks"),
        url_name="servicecenter:callbacks",
        visible=queries.may_see_inbox,
        order=35,
    ),
    NavEntry(
        code="soc_places",
        label=_("Service places"),
        url_name="servicecenter:places",
        visible=may_manage_places,
        order=36,
    ),
)
