"""Customer reactions (seed 000, Jobcenter Schwäbisch Hall; KRM-01 … KRM-10).

A reaction is a :class:`~anliegen.work.models.WorkItem` of kind ``reaction`` plus the details
here. Its clocks (``acknowledgement``, ``resolution``) are the item's ``Deadline`` rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anliegen.customers.models import Customer
from anliegen.org.models import Organisation, Team
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS
from anliegen.work.models import WorkItem

ACKNOWLEDGEMENT = "acknowledgement"
RESOLUTION = "resolution"


class Channel(models.TextChoices):
    LETTER = "letter", _("letter")
    FAX = "fax", _("fax")
    EMAIL = "email", _("e-mail")
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    ONLINE = "online", _("online form")


class AcknowledgementChannel(models.TextChoices):
    LETTER = "letter", _("letter")
    FAX = "fax", _("fax")
    EMAIL = "email", _("e-mail")


class ReactionKind(models.TextChoices):
    COMPLAINT = "complaint", _("complaint")
    CRITICISM = "criticism", _("criticism")
    CONDUCT_COMPLAINT = "conduct_complaint", _("complaint about conduct (Dienstaufsicht)")
    PETITION = "petition", _("petition")
    PRAISE = "praise", _("praise")
    SUGGESTION = "suggestion", _("suggestion")
    UNCLASSIFIED = "unclassified", _("not yet classified")


assert set(CONFIDENTIAL_REACTION_KINDS) <= set(ReactionKind.values)


class Outcome(models.TextChoices):
    JUSTIFIED = "justified", _("justified")
    PARTLY_JUSTIFIED = "partly_justified", _("partly justified")
    UNJUSTIFIED = "unjustified", _("unjustified")


class Topic(models.Model):
    """An entry of the organisation's topic list (KRM-02a)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="topic_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Reaction(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    item = models.OneToOneField(WorkItem, on_delete=models.PROTECT, related_name="reaction")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=ReactionKind.choices)
    received_at = models.DateTimeField(_("received"))
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="reactions"
    )
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    sender_address = models.TextField(_("sender's address"), blank=True)
    sender_email = models.EmailField(_("sender's e-mail address"), blank=True)
    text = models.TextField(_("text"))
    teams = models.ManyToManyField(Team, related_name="reactions", verbose_name=_("teams"))
    lead_team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead team"),
    )
    employees_concerned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("employees")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_by_management = models.BooleanField(_("received by management"), default=False)
    classification_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    classification_decided_at = models.DateTimeField(_("classified"), null=True, blank=True)
    acknowledgement_sent_at = models.DateField(_("acknowledgement sent"), null=True, blank=True)
    acknowledgement_channel = models.CharField(
        _("acknowledgement sent by"),
        max_length=10,
        choices=AcknowledgementChannel.choices,
        blank=True,
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_summary = models.TextField(_("summary of the outcome"), blank=True)
    register_entry_at = models.DateTimeField(_("entered in the register"), null=True, blank=True)
    register_entry_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Copies of the clocks and the completion for the KRM report (KRM-10), so that it reads this
    # table alone: Berlin calendar days, written only by ``actions.store_report_facts`` whenever
    # the item's acknowledgement or resolution clock or its completion changes.
    acknowledgement_due = models.DateField(null=True, blank=True, editable=False)
    acknowledgement_met_on = models.DateField(null=True, blank=True, editable=False)
    resolution_due = models.DateField(null=True, blank=True, editable=False)
    resolution_met_on = models.DateField(null=True, blank=True, editable=False)
    completed_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("customer reaction")
        verbose_name_plural = _("customer reactions")
        indexes = [
            models.Index(fields=["organisation", "kind", "-received_at"]),
            # The register's first page (KRM-10): newest first within one organisation.
            models.Index(fields=["organisation", "-received_at", "-id"], name="reaction_register"),
        ]

    def __str__(self) -> str:
        return f"Reaction {self.pk}"

    @property
    def reference(self) -> str:
        """The reference number senders and letters quote (as ``letters.reference_of``)."""
        return f"KRM-{self.id}"

    @property
    def confidential(self) -> bool:
        return self.kind in CONFIDENTIAL_REACTION_KINDS


class Concern(models.Model):
    """One concern raised by a reaction, with its own outcome (KRM-02a)."""

    reaction = models.ForeignKey(Reaction, on_delete=models.CASCADE, related_name="concerns")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")

    def __str__(self) -> str:
        return f"{self.reaction_id}: {self.topic_id}"


class Attachment(models.Model):
    """A scan or document of a reaction (KRM-01), stored in the database so that several
    application servers share it. Only PDF, PNG, JPEG and TIFF, checked by content."""

    reaction = models.ForeignKey(Reaction, on_delete=models.CASCADE, related_name="attachments")
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


class RequestReason(models.TextChoices):
    ESCALATION = "escalation", _("escalation")
    THREAT = "threat", _("threat")
    SERIOUS_SITUATION = "serious_situation", _("serious overall situation")


class AnswerForm(models.TextChoices):
    PHONE = "phone", _("phone call")
    LETTER = "letter", _("letter")
    MEETING = "meeting", _("meeting")


class ManagementRequest(models.Model):
    """A customer visiting in person asks to see management (KRM-06): the TL records the reason,
    management decides the form of its answer."""

    reaction = models.OneToOneField(
        Reaction, on_delete=models.CASCADE, related_name="management_request"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RequestReason.choices)
    text = models.TextField(_("explanation"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("recorded"))
    answer_form = models.CharField(
        _("form of the answer"), max_length=10, choices=AnswerForm.choices, blank=True
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to see management")
        verbose_name_plural = _("requests to see management")

    def __str__(self) -> str:
        return f"{self.reaction_id}: {self.reason}"


INSTRUCTION = "instruction"


class Instruction(models.Model):
    """Management forwards a reaction it received to the responsible manager with an instruction
    (Verfügung) and a deadline (KRM-07)."""

    reaction = models.ForeignKey(Reaction, on_delete=models.CASCADE, related_name="instructions")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("instruction"))
    due_date = models.DateField(_("deadline"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(_("given"))

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("instruction (Verfügung)")
        verbose_name_plural = _("instructions (Verfügungen)")

    def __str__(self) -> str:
        return f"{self.reaction_id} → {self.manager_id}"
