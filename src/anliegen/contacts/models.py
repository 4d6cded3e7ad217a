"""The stored next contact of each customer (KON-01, KON-02, KON-04).

:class:`ContactSchedule` is derived data: :func:`anliegen.contacts.actions.recompute_for` writes
it from the customer, the documented contacts and the ``contacts`` rules in force, so that the
worklist (KON-04) is one indexed query. Only ``individual_interval_*`` is entered by a person
(the case worker, KON-01).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anliegen.customers.models import Customer
from anliegen.org.models import Organisation
from anliegen.rules.models import RuleSet


class IntervalUnit(models.TextChoices):
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


class Reason(models.TextChoices):
    RULE = "rule", _("rule")
    INDIVIDUAL = "individual", _("individual interval")
    INDIVIDUAL_CAPPED = "individual_capped", _("individual interval, capped")
    MEASURE = "measure", _("end of measure")
    NEVER_CONTACTED = "never_contacted", _("never contacted")
    NO_RULE = "no_rule", _("no rule")


class ContactSchedule(models.Model):
    """When one customer is due for the next contact (KON-02), one row per customer."""

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="contact_schedule"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person"),
    )
    last_contact = models.DateField(_("last contact"), null=True, blank=True)
    due_date = models.DateField(_("next contact due"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    rule_label = models.CharField(_("rule"), max_length=200)
    interval_unit = models.CharField(
        _("interval unit"), max_length=6, choices=IntervalUnit.choices, blank=True
    )
    interval_count = models.PositiveSmallIntegerField(_("interval"), null=True, blank=True)
    rule_set = models.ForeignKey(
        RuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    individual_interval_unit = models.CharField(
        _("individual interval unit"),
        max_length=6,
        choices=IntervalUnit.choices,
        blank=True,
    )
    individual_interval_count = models.PositiveSmallIntegerField(
        _("individual interval"), null=True, blank=True
    )
    review_date = models.DateField(_("profile review"), null=True, blank=True)
    recompute_on = models.DateField(_("recompute on"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("contact schedule")
        verbose_name_plural = _("contact schedules")
        indexes = [
            models.Index(
                fields=["organisation", "contact_person", "due_date"], name="contact_by_person"
            ),
            models.Index(fields=["organisation", "due_date"], name="contact_by_org"),
            models.Index(
                fields=["recompute_on"],
                condition=models.Q(recompute_on__isnull=False),
                name="contact_recompute_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.due_date}"
