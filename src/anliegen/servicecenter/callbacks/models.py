"""Callback appointments in the OS's service places (SOC-05): the places, their weekly windows
and exceptions, the booked callbacks, their attempts and the messages sent to the customer.

A callback is a ``work.WorkItem`` of kind ``callback`` (team = the OS team, due at its start)
plus a :class:`Callback` row. Never double-booked: on PostgreSQL an exclusion constraint
(``btree_gist``, migration ``0003``) refuses two active callbacks of one place whose time ranges
overlap; on SQLite the booking actions serialise writes. A customer holds at most one open
callback per purpose (a partial unique constraint, both databases).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from anliegen.core.clock import BERLIN
from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, Team
from anliegen.work.models import WorkItem


class Purpose(models.TextChoices):
    BENEFITS_CONSULTATION = "benefits_consultation", _("benefits consultation")
    OTHER = "other", _("other concern")


class CallbackStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    #: Being moved: the old time stays held (and covered by the exclusion constraint) until the
    #: move commits.
    RESCHEDULING = "rescheduling", _("being rescheduled")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


#: The states that hold a place's time (the exclusion constraint's WHERE clause).
ACTIVE_STATUSES = (CallbackStatus.BOOKED, CallbackStatus.RESCHEDULING)


class Outcome(models.TextChoices):
    REACHED_FIRST = "reached_first", _("reached at the first attempt")
    REACHED_LATER = "reached_later", _("reached at a later attempt")
    NOT_REACHED = "not_reached", _("not reached")


class Source(models.TextChoices):
    AGENT = "agent", _("service centre agent")
    OS = "os", _("operative service")
    PORTAL = "portal", _("customer portal")


class ServicePlace(models.Model):
    """An *ATV-Serviceplatz* of an OS team: a place (with or without a person behind it) that
    takes callbacks in its weekly windows between ``valid_from`` and ``valid_until``."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="service_places")
    name = models.CharField(_("name"), max_length=100)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "name"]
        verbose_name = _("service place")
        verbose_name_plural = _("service places")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="soc_place_valid_range",
            ),
            models.UniqueConstraint(fields=["team", "name"], name="soc_place_name_per_team"),
        ]

    def __str__(self) -> str:
        return self.name


class PlaceWindow(models.Model):
    """A weekly time window of a place (0 = Monday), wall time in Europe/Berlin."""

    place = models.ForeignKey(ServicePlace, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["place", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="soc_window_weekday"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="soc_window_end"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id}: {self.weekday} {self.start:%H:%M}–{self.end:%H:%M}"


class PlaceException(models.Model):
    """A single day that differs from the weekly pattern: closed (``start``/``end`` empty), or
    open in the window given instead of the weekly ones."""

    place = models.ForeignKey(ServicePlace, on_delete=models.CASCADE, related_name="exceptions")
    day = models.DateField(_("day"))
    start = models.TimeField(_("from"), null=True, blank=True)
    end = models.TimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["place", "day", "start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | (Q(start__isnull=False) & Q(end__isnull=False) & Q(end__gt=F("start"))),
                name="soc_exception_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place_id}: {self.day}"

    @property
    def closed(self) -> bool:
        return self.start is None


class Callback(models.Model):
    """A booked callback appointment (SOC-05)."""

    item = models.OneToOneField(WorkItem, on_delete=models.CASCADE, related_name="callback")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(ServicePlace, on_delete=models.PROTECT, related_name="callbacks")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=20, choices=CallbackStatus.choices, default=CallbackStatus.BOOKED
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(_("booked by"), max_length=10, choices=Source.choices)
    #: The CTI's call id of the call that led to the booking, if any.
    call_ref = models.CharField(_("call id"), max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=200, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    #: When the second attempt is due, after a first attempt did not reach the customer
    #: ([decision] the same day); empty otherwise. The work item stays due that day.
    retry_at = models.DateTimeField(_("second attempt at"), null=True, blank=True)

    #: Not stored: set by ``book_callback`` when an ``Idempotency-Key`` returned an earlier
    #: booking instead of creating one (the API answers 200 instead of 201).
    replayed = False

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="soc_callback_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="soc_callback_idempotency",
            ),
            models.UniqueConstraint(
                fields=["customer", "purpose"],
                condition=Q(status__in=["booked", "rescheduling"]),
                name="soc_callback_open_per_purpose",
            ),
        ]
        indexes = [
            models.Index(fields=["place", "starts_at"], name="soc_callback_by_place"),
            models.Index(fields=["organisation", "starts_at"], name="soc_callback_by_time"),
            models.Index(fields=["team", "starts_at"], name="soc_callback_by_team"),
            models.Index(fields=["customer", "starts_at"], name="soc_callback_by_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.local_start:%d.%m.%Y %H:%M}"

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(BERLIN)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(BERLIN)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class AttemptResult(models.TextChoices):
    REACHED = "reached", _("reached")
    NOT_REACHED = "not_reached", _("not reached")


class CallbackAttempt(models.Model):
    """One try of the OS to call the customer back."""

    callback = models.ForeignKey(Callback, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"))
    result = models.CharField(_("result"), max_length=20, choices=AttemptResult.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["callback", "number"]
        constraints = [
            models.UniqueConstraint(fields=["callback", "number"], name="soc_attempt_once")
        ]

    def __str__(self) -> str:
        return f"{self.callback_id} #{self.number}: {self.result}"


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("letter")
    SMS = "sms", _("SMS")


class CallbackMessage(models.Model):
    """A message about a callback sent to the customer (confirmation, change, cancellation,
    not-reached letter). Unique per callback, event and channel, so nothing is sent twice."""

    callback = models.ForeignKey(Callback, on_delete=models.CASCADE, related_name="messages")
    event = models.CharField(_("event"), max_length=30)
    #: Distinguishes repeated events of one kind (e.g. the n-th reschedule).
    sequence = models.PositiveSmallIntegerField(default=0)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["callback", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["callback", "event", "sequence", "channel"],
                name="soc_callback_message_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.callback_id} {self.event}/{self.channel}"
