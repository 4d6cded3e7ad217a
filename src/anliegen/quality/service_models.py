"""Quality standards QS-02, QS-03, QS-06, QS-08: urgent walk-ins, employer-service
reachability and calls, hour bookings, multiplier teams (imported by :mod:`.models`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, Site, Team
from anliegen.work.models import WorkItem


class UrgentVisit(models.Model):
    """QS-02: an urgent walk-in, seen the same day; its work item is due on the day."""

    item = models.OneToOneField(WorkItem, on_delete=models.CASCADE, related_name="urgent_visit")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField(_("recorded on"))
    concern = models.CharField(_("concern"), max_length=300)

    class Meta:
        indexes = [models.Index(fields=["organisation", "recorded_on"])]

    def __str__(self) -> str:
        return self.concern


class EmployerReachability(models.Model):
    """QS-03 rule data: when the employer service answers the phone (valid from a day on)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    valid_from = models.DateField(_("valid from"))
    weekdays = models.JSONField(_("weekdays"), default=list)
    opens = models.TimeField(_("from"), default=dt.time(8, 0))
    closes = models.TimeField(_("until"), default=dt.time(17, 0))

    class Meta:
        ordering = ["organisation", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "valid_from"], name="quality_reachability_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="quality_reachability_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


class EmployerCall(models.Model):
    """QS-03: one employer call — taken by a placement officer, or forwarded to the external
    call centre (``taken_by`` empty)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("called at"))
    week = models.DateField(_("week (Monday)"))
    employer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["organisation", "week"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"


class CallCentreNote(models.Model):
    """QS-03: the external call centre's note of a forwarded call, as a work item for the
    employer's fixed contact person, due the next working day."""

    item = models.OneToOneField(WorkItem, on_delete=models.CASCADE, related_name="call_note")
    call = models.OneToOneField(EmployerCall, on_delete=models.CASCADE, related_name="note")
    text = models.TextField(_("note"))
    caller = models.CharField(_("caller"), max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="quality_call_note_once",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class HourBooking(models.Model):
    """QS-06: a placement officer's hours of one week in two buckets."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week (Monday)"))
    employer_hours = models.DecimalField(_("employer service"), max_digits=4, decimal_places=1)
    other_hours = models.DecimalField(_("other work"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["-week", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "week"], name="quality_booking_once_a_week"
            ),
            models.CheckConstraint(
                condition=Q(employer_hours__gte=0)
                & Q(other_hours__gte=0)
                & Q(employer_hours__lte=60)
                & Q(other_hours__lte=60),
                name="quality_booking_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week}: {self.employer_hours}/{self.other_hours}"


class MultiplierTeam(models.Model):
    """QS-08: a cross-site expert team with one fixed member per site."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="quality_mteam_name")
        ]

    def __str__(self) -> str:
        return self.name


class MultiplierMember(models.Model):
    team = models.ForeignKey(MultiplierTeam, on_delete=models.CASCADE, related_name="members")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "site"], name="quality_member_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.site}"


class PracticeMeeting(models.Model):
    """QS-08: a meeting (*Praxistreffen*) of a multiplier team, with its participants."""

    team = models.ForeignKey(MultiplierTeam, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)

    class Meta:
        ordering = ["team", "-date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.topic}"
