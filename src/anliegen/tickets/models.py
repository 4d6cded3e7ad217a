"""Service-centre tickets (seed 003, Jobcenter Potsdam; TKT-01 … TKT-12).

A ticket is a :class:`~anliegen.work.models.WorkItem` of kind ``ticket`` plus the details here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anliegen.customers.models import Customer
from anliegen.org.models import Organisation
from anliegen.work.models import WorkItem


class TicketArea(models.TextChoices):
    BENEFITS = "benefits", _("Benefits (Leistung)")
    INTEGRATION = "integration", _("Integration")


class TicketKind(models.TextChoices):
    CONCERN = "concern", _("concern")
    CALLBACK = "callback", _("callback wish")
    APPOINTMENT = "appointment", _("appointment wish")
    WALK_IN = "walk_in", _("walk-in visit")


class Ticket(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    item = models.OneToOneField(WorkItem, on_delete=models.PROTECT, related_name="ticket")
    area = models.CharField(_("area"), max_length=20, choices=TicketArea.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=TicketKind.choices)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tickets")
    concern = models.TextField(_("concern"))
    received_at = models.DateTimeField(_("received"))
    rule_due_date = models.DateField(_("deadline under the rules"))
    source = models.CharField(_("source"), max_length=10, default="ui")
    idempotency_key = models.CharField(max_length=100, blank=True, default="")
    #: SHA-256 of the request that first used the key: the same key with another body is refused.
    idempotency_hash = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The service-centre region whose agent sent the ticket into this organisation (TKT-01).
    service_centre = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by the service centre"),
    )
    # Callback and appointment wishes (TKT-06)
    callback_at = models.DateTimeField(_("called back"), null=True, blank=True)
    callback_note = models.TextField(_("callback note"), blank=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    appointment_place = models.CharField(_("place or phone"), max_length=200, blank=True)
    customer_informed_at = models.DateTimeField(_("customer informed"), null=True, blank=True)
    customer_informed_due = models.DateField(_("customer to be informed by"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="ticket_idempotency_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Ticket {self.pk}"


class Commitment(models.Model):
    """A dated commitment to the customer (Zusage, TKT-04); its date becomes the deadline."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="commitments")
    promised_date = models.DateField(_("promised for"))
    note = models.TextField(_("note"))
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deadline_before = models.DateField(_("deadline before"))
    late = models.BooleanField(_("recorded after the deadline"), default=False)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.promised_date}"


class Completion(models.Model):
    """The completion information (Erledigungsinformation), kept one month (TKT-03, TKT-10)."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="completion")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    area = models.CharField(max_length=20, choices=TicketArea.choices)
    resolution = models.TextField(_("resolution"))
    completed_at = models.DateTimeField(_("completed"), db_index=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    on_time = models.BooleanField(_("on time"))

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")

    def __str__(self) -> str:
        return f"{self.ticket_id} ({self.completed_at:%d.%m.%Y})"


class Violation(models.Model):
    """A deadline that passed without a recorded commitment (TKT-04), counted per case worker."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="violations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ticket_violations",
    )
    due_date = models.DateField(_("missed deadline"))
    detected_at = models.DateTimeField(_("detected"))

    class Meta:
        ordering = ["-due_date"]
        verbose_name = _("deadline violation")
        verbose_name_plural = _("deadline violations")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "due_date"], name="violation_once_per_deadline"
            )
        ]
        indexes = [models.Index(fields=["user", "due_date"])]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.due_date}"


class OverrunFlag(models.Model):
    """Repeated overruns flagged to the TL for a talk (TKT-11)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="overrun_flags"
    )
    raised_at = models.DateTimeField(_("raised"))
    violation_count = models.PositiveIntegerField(_("violations"))
    window_days = models.PositiveIntegerField(_("window (days)"))
    talk_at = models.DateTimeField(_("talk held"), null=True, blank=True)
    talk_note = models.TextField(_("talk note"), blank=True)
    talk_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("overrun flag")
        verbose_name_plural = _("overrun flags")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(talk_at__isnull=True),
                name="one_open_overrun_flag_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.violation_count}"


class SpotCheck(models.Model):
    """A randomly drawn Integration completion for the TL to check (TKT-12)."""

    class Result(models.TextChoices):
        OK = "ok", _("in order")
        NOT_OK = "not_ok", _("not in order")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="spot_check")
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    drawn_at = models.DateTimeField(_("drawn"))
    resolution = models.TextField(_("resolution checked"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month", "id"]
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")

    def __str__(self) -> str:
        return f"{self.ticket_id} ({self.month:%m/%Y})"


class TicketNote(models.Model):
    """An internal note on a ticket: for the staff who handle it, not in the customer's
    history and not shown to the service centre that sent it (issue 9)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.text[:40]}"


class TicketAttachment(models.Model):
    """A document of a ticket, checked by :mod:`anliegen.core.uploads` and stored in the
    database so that several application servers share it (issue 9, issue 14 fault 7)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    data = models.BinaryField(_("data"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename
