"""Appointments in the case workers' calendars (KON-06) and the opening hours of a site."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anliegen.core.clock import BERLIN
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, Site

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OpeningHours(models.Model):
    """One opening interval of a site on a weekday; several intervals per day are allowed."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["site", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="opening_hours_closes_after_opens"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_hours_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Appointment(models.Model):
    """A consultation appointment of a customer with a case worker."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        HELD = "held", _("held")
        NO_SHOW = "no_show", _("no-show")
        CANCELLED = "cancelled", _("cancelled")

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("consultation")

    class Source(models.TextChoices):
        WEEKLY_PLAN = "weekly_plan", _("weekly plan")
        MANUAL = "manual", _("manual")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="appointments"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="appointments")
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("case worker"),
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("customer")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CONSULTATION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["organisation", "case_worker", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case_worker", "starts_at"],
                condition=~Q(status="cancelled"),
                name="appointment_case_worker_slot_unique",
            ),
            models.UniqueConstraint(
                fields=["customer", "starts_at"],
                condition=~Q(status="cancelled"),
                name="appointment_customer_slot_unique",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.local_start:%d.%m.%Y %H:%M}"

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(BERLIN)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(BERLIN)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.BOOKED
