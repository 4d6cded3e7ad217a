"""Service centre with benefit know-how, SOC-L (seed 001, SOC-01…09).

The region is the organisation (kind ``service_centre``); its centres and operative services
(OS) are its areas. This module adds what the core does not know: which OS serves which
customers and publishes which hotline, the agents' SOC-L qualification dates, the queue plans,
the routing decisions, the call records and the processing orders (a processing order is a
``work.WorkItem`` of kind ``processing_order`` plus a :class:`ProcessingOrder` row).

Part 2 (callback slots, KPIs, staffing, issue 12) adds its tables beside these; see
``docs/architecture.md``, section "Service centre (SOC)".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from anliegen.customers.models import Customer
from anliegen.org.models import Area, Organisation, Team
from anliegen.work.models import WorkItem


class Queue(models.TextChoices):
    SOC_L = "soc_l", _("SOC-L call group")
    GENERAL = "general", _("general queue")


class Dialled(models.TextChoices):
    AGENCY = "agency", _("agency's collective number")
    NATIONAL = "national", _("national service number")


class Escalation(models.TextChoices):
    NONE = "none", _("none (resolved by the agent)")
    FIT = "fit", _("asked a FiT")
    OS_HOTLINE = "os_hotline", _("asked the OS hotline")
    WARM_TRANSFER = "warm_transfer", _("warm transfer to the OS")
    CALLBACK = "callback", _("callback booked")
    PROCESSING_ORDER = "processing_order", _("processing order")
    TICKET = "ticket", _("ticket to the job centre")


class Reason(models.TextChoices):
    """Why a call went where it went (SOC-03)."""

    SOC_L = "soc_l", _("Benefit question: qualified agents in the SOC-L call group.")
    OVERFLOW_QUALIFIED = (
        "overflow_qualified_general",
        _(
            "Benefit question, nobody qualified in the SOC-L call group: overflow to qualified "
            "agents in the general queue."
        ),
    )
    OVERFLOW_GENERAL = (
        "overflow_general",
        _("Benefit question, no qualified agent available: overflow to the general queue."),
    )
    OTHER_TOPIC = "other_topic", _("Other concern: general queue.")
    BEFORE_WAVE = (
        "before_wave",
        _("SOC-L is not active in this region yet (roll-out wave): general queue."),
    )


SOC_L_SKILL = "soc_l"


class OperativeService(models.Model):
    """An OS of the region (SOC-01): an area of kind ``operative_service``, the team whose
    special inbox (*Sonderpostkorb*) receives processing orders, the postcodes of the customers
    it serves, and its hotline for queries from the service centre (SOC-07)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="operative_service")
    inbox_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("Sonderpostkorb team")
    )
    postcode_prefixes = models.JSONField(_("postcode prefixes"), default=list, blank=True)
    hotline_number = models.CharField(_("hotline number"), max_length=40, blank=True)
    hotline_note = models.CharField(_("hotline note"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "area__name"]
        verbose_name = _("operative service")
        verbose_name_plural = _("operative services")

    def __str__(self) -> str:
        return self.area.name


class HotlineHours(models.Model):
    """When the OS hotline answers, per weekday (0 = Monday)."""

    service = models.ForeignKey(OperativeService, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["service", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="soc_hotline_weekday"),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="soc_hotline_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.weekday} {self.opens}–{self.closes}"


class HotlineDuty(models.Model):
    """Who answers the OS hotline on a day (SOC-07)."""

    service = models.ForeignKey(OperativeService, on_delete=models.CASCADE, related_name="duties")
    day = models.DateField(_("day"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["service", "day", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "day", "person"], name="soc_duty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.day} {self.person_id}"


class Qualification(models.Model):
    """The SOC-L qualification of an agent (SOC-02): the skill ``soc_l`` on the user, with the
    day of the training and the day from which the extra access in the IT systems holds.
    Routing counts an agent as qualified on a day when both dates have come."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="soc_qualifications"
    )
    trained_on = models.DateField(_("training on"))
    access_from = models.DateField(_("extra access from"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "agent"], name="soc_qualification_once")
        ]

    def __str__(self) -> str:
        return f"SOC-L {self.agent_id}: {self.trained_on}/{self.access_from}"


class DefaultQueue(models.Model):
    """An agent's queue when no plan says otherwise (general, unless set)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    queue = models.CharField(_("queue"), max_length=10, choices=Queue.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "agent"], name="soc_default_queue_once")
        ]

    def __str__(self) -> str:
        return f"{self.agent_id}: {self.queue}"


class QueuePlan(models.Model):
    """An agent in a queue from ``start`` until ``end`` (half-open). Plans of one agent never
    overlap (checked under a lock on the agent's row)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    queue = models.CharField(_("queue"), max_length=10, choices=Queue.choices)
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agent", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="soc_plan_end_after_start")
        ]
        indexes = [models.Index(fields=["organisation", "end", "start"], name="soc_plan_by_time")]

    def __str__(self) -> str:
        return f"{self.agent_id}: {self.queue} {self.start}–{self.end}"


class RoutingDecision(models.Model):
    """One answer to the CTI (SOC-03). Unique per call id: a repeated request returns it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    call_id = models.CharField(_("call id"), max_length=100)
    dialled = models.CharField(_("dialled"), max_length=10, choices=Dialled.choices)
    topic = models.CharField(_("topic"), max_length=40)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time of the call"))
    queue = models.CharField(_("queue"), max_length=10, choices=Queue.choices)
    agents = models.JSONField(_("agents"), default=list)
    reason = models.CharField(_("reason"), max_length=40, choices=Reason.choices)
    #: The inputs the decision was taken from (rule version, wave, candidates and why others
    #: were left out), so it can be replayed and explained.
    explanation = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "call_id"], name="soc_decision_per_call"
            )
        ]
        indexes = [models.Index(fields=["organisation", "at"], name="soc_decision_by_time")]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.queue}"


class CallRecord(models.Model):
    """A call as the agent recorded it (SOC-04). One per call id."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    call_id = models.CharField(_("call id"), max_length=100)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="soc_calls"
    )
    topic = models.CharField(_("topic"), max_length=40)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"))
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved = models.BooleanField(_("resolved in the first contact"))
    escalation = models.CharField(_("path"), max_length=20, choices=Escalation.choices)
    reason = models.TextField(_("reason"), blank=True)
    decision = models.ForeignKey(
        RoutingDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "call_id"], name="soc_call_once"),
            models.CheckConstraint(
                condition=Q(ended_at__gte=F("started_at")), name="soc_call_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["agent", "started_at"], name="soc_call_by_agent"),
            # Covers the routing's "calls per agent today" (index-only scan) and period reports.
            models.Index(fields=["organisation", "started_at", "agent"], name="soc_call_by_time"),
            models.Index(fields=["customer", "started_at"], name="soc_call_by_customer"),
            models.Index(
                fields=["organisation", "started_at"],
                condition=Q(escalation="warm_transfer"),
                name="soc_warm_transfers",
            ),
        ]

    def __str__(self) -> str:
        return self.call_id


class AgentDay(models.Model):
    """How many calls an agent recorded on a day: kept by ``calls.record_call`` in the same
    transaction, so that routing ranks agents (fewest calls today first) by reading one row per
    agent instead of counting the day's call records."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day", "agent"], name="soc_agent_day")
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.day}: {self.calls}"


class ProcessingOrder(models.Model):
    """A *Bearbeitungsauftrag* into an OS team's special inbox (SOC-06)."""

    item = models.OneToOneField(WorkItem, on_delete=models.CASCADE, related_name="processing_order")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    #: The OS team whose special inbox holds the order (an area of kind operative_service).
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField(_("concern"))
    call = models.ForeignKey(
        CallRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    #: The CTI's call id as sent (the call may be recorded later, or never).
    call_ref = models.CharField(_("call id"), max_length=100, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        ordering = ["item__due_date", "id"]
        verbose_name = _("processing order")
        verbose_name_plural = _("processing orders")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.concern[:40]}"


class RuleVersion(models.Model):
    """A version of the region's service-centre rules (roll-out wave, topics, the processing
    order's deadline, the guideline share of qualified agents; part 2: callback lengths and
    grid). Validated by :class:`anliegen.servicecenter.rules.ServiceCentreRules`; without any
    version the shipped preset holds. Kept apart from ``rules.RuleSet`` so that the core's rule
    families stay closed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    data = models.JSONField(_("rules"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-valid_from", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="soc_rule_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} v{self.version}"


from .callbacks.models import (  # noqa: E402, F401  (SOC-05 callbacks, kept apart for size)
    Callback,
    CallbackAttempt,
    CallbackMessage,
    PlaceException,
    PlaceWindow,
    ServicePlace,
)
from .kpis.models import KpiWeek, KpiWeekState  # noqa: E402, F401  (SOC-08 weekly aggregate)
