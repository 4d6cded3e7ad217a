"""Quality standards (QS): agreed deviations (QS-07) and surveys (QS-04).

Survey answers are anonymous by design (QS-04): :class:`SurveyAnswer` rows hold the wave, the
question and the value — no token, no user, no timestamp, no address. Tokens are stored as
SHA-256 digests with a ``used`` flag and nothing else, so no row links a token to an answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anliegen.org.models import Organisation, Site

from .standard import RULE_LABELS, RULES

RULE_CHOICES = [(code, RULE_LABELS[code]) for code in RULES]


class Deviation(models.Model):
    """A site's deviation from a rule of the standard, agreed by the site and the central
    management (QS-07)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AGREED = "agreed", _("agreed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="deviations")
    rule = models.CharField(_("rule"), max_length=20, choices=RULE_CHOICES)
    reason = models.TextField(_("reason"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)

    class Meta:
        ordering = ["site", "rule", "-valid_from"]
        verbose_name = _("agreed deviation")
        verbose_name_plural = _("agreed deviations")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="quality_deviation_until_after_from",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="quality_deviation_reason"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "site"])]

    def __str__(self) -> str:
        return f"{self.site.name}: {self.get_rule_display()}"


class DeviationConsent(models.Model):
    """One side's consent: the central management (GF) or the site's leadership."""

    class Side(models.TextChoices):
        CENTRAL = "central", _("central management")
        SITE = "site", _("site leadership")

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    at = models.DateTimeField(_("consented at"))

    class Meta:
        ordering = ["deviation", "at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["deviation", "user"], name="quality_consent_person"),
            models.UniqueConstraint(fields=["deviation", "side"], name="quality_consent_side"),
        ]

    def __str__(self) -> str:
        return f"{self.deviation_id}: {self.side}"


class Survey(models.Model):
    """One wave of a customer or employee survey (QS-04); the wave is the finest time an
    answer carries."""

    class Audience(models.TextChoices):
        CUSTOMERS = "customers", _("customers")
        EMPLOYEES = "employees", _("employees")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    channel = models.CharField(_("channel"), max_length=60, blank=True)
    service = models.CharField(_("service"), max_length=60, blank=True)
    wave = models.PositiveIntegerField(_("wave"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    responses = models.PositiveIntegerField(_("responses"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "title", "wave"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")

    def __str__(self) -> str:
        return f"{self.title} ({self.wave})"


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("question"), max_length=300)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="quality_question_pos")
        ]

    def __str__(self) -> str:
        return self.text


class SurveyToken(models.Model):
    """A single-use participation token: only its SHA-256 digest and whether it was used."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.survey_id}: {'used' if self.used else 'unused'}"


class SurveyAnswer(models.Model):
    """One answer to one question: wave, question, value 1–5 — nothing else (QS-04)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="quality_answer_scale"
            )
        ]
        indexes = [models.Index(fields=["survey", "question", "value"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"


from .service_models import (  # noqa: E402  (the QS-02/03/06/08 models, kept apart for size)
    CallCentreNote,
    EmployerCall,
    EmployerReachability,
    HourBooking,
    MultiplierMember,
    MultiplierTeam,
    PracticeMeeting,
    UrgentVisit,
)

__all__ = [
    "CallCentreNote",
    "Deviation",
    "DeviationConsent",
    "EmployerCall",
    "EmployerReachability",
    "HourBooking",
    "MultiplierMember",
    "MultiplierTeam",
    "PracticeMeeting",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyToken",
    "UrgentVisit",
]
