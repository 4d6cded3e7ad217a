"""Customers (jobseekers and employers) and their history (FND-04, FND-05)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anliegen.org.models import Organisation


class Status(models.TextChoices):
    UNEMPLOYED = "unemployed", _("unemployed")
    SEEKING = "seeking", _("seeking work")
    NOT_SET = "not_set", _("not set")
    ADVICE_SEEKING = "advice_seeking", _("seeking advice")


class Profile(models.TextChoices):
    MARKET = "market", _("market profile")
    ACTIVATION = "activation", _("activation profile")
    SUPPORT = "support", _("support profile")
    DEVELOPMENT = "development", _("development profile")
    STABILISATION = "stabilisation", _("stabilisation profile")
    ASSISTANCE = "assistance", _("assistance profile")
    INTEGRATED_I = "integrated_i", _("I (integrated, still in need)")
    Z = "z", _("Z (assignment not required)")


class CareGroup(models.TextChoices):
    UE25_BASIS = "ue25_basis", _("over 25, basic")
    UE25_ACTIVE = "ue25_active", _("over 25, active team (BJO)")
    U25 = "u25", _("under 25")
    CASE_MANAGEMENT = "case_management", _("case management")
    REHAB = "rehab", _("rehabilitation")
    SELF_EMPLOYED = "self_employed", _("self-employed")


class Customer(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("jobseeker")
        EMPLOYER = "employer", _("employer")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="customers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    customer_number = models.CharField(_("customer number"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    profile = models.CharField(_("profile"), max_length=20, choices=Profile.choices, blank=True)
    profile_since = models.DateField(_("profile since"), null=True, blank=True)
    care_group = models.CharField(
        _("care group"), max_length=20, choices=CareGroup.choices, blank=True
    )
    in_retraining = models.BooleanField(_("in retraining"), default=False)
    measure_until = models.DateField(_("in a measure until"), null=True, blank=True)
    parental_leave_until = models.DateField(_("parental leave until"), null=True, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
        verbose_name=_("contact person"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "company_name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "customer_number"], name="customer_number_unique_in_org"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"]),
            models.Index(fields=["contact_person"]),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.customer_number})"

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.EMPLOYER:
            return self.company_name
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: dt.date) -> int | None:
        """Age in completed years on ``day``; derived, never stored (FND-04)."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class HistoryEntry(models.Model):
    """One entry of a customer's timeline (FND-05). Append-only: never updated or deleted."""

    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        CONSULTATION = "consultation", _("consultation note")
        CORRECTION = "correction", _("correction")
        TICKET = "ticket", _("ticket")
        REACTION = "reaction", _("customer reaction")
        CALLBACK = "callback", _("callback")
        COMMITMENT = "commitment", _("commitment")
        LETTER = "letter", _("letter")
        FOLLOW_UP = "follow_up", _("follow-up")
        CONTACT = "contact", _("contact")
        NO_SHOW = "no_show", _("no-show")
        INVITATION = "invitation", _("invitation")
        MASTER_DATA = "master_data", _("master data")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="history")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("time"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"))
    contact_date = models.DateField(_("contact date"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    ref_type = models.CharField(max_length=30, blank=True)
    ref_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        indexes = [models.Index(fields=["customer", "-at", "-id"], name="history_timeline")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d.%m.%Y}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("History entries are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
