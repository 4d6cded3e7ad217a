"""Organisations, sites, areas, teams and staff (FND-01, FND-02, FND-03)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anliegen.fristen import STATE_NAMES
from anliegen.org.roles import Role

STATE_CHOICES: list[tuple[str, str]] = sorted(STATE_NAMES.items(), key=lambda item: item[1])


class Organisation(models.Model):
    class Kind(models.TextChoices):
        JOBCENTER = "jobcenter", _("Job centre")
        AGENCY = "agency", _("Employment agency")
        SERVICE_CENTRE = "service_centre", _("Service centre region")

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    letterhead = models.TextField(_("letterhead"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    state = models.CharField(_("federal state"), max_length=2, choices=STATE_CHOICES)
    municipal_holidays = models.JSONField(
        _("municipal holidays"),
        default=list,
        blank=True,
        help_text=_("Holidays that hold only in some municipalities, e.g. 'catholic', 'augsburg'."),
    )
    tandem_main = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="tandem_sites"
    )
    is_main = models.BooleanField(_("main site"), default=False)

    class Meta:
        ordering = ["organisation", "-is_main", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"


class Area(models.Model):
    class Kind(models.TextChoices):
        BENEFITS = "benefits", _("Benefits (Leistung)")
        INTEGRATION = "integration", _("Integration")
        SERVICE_CENTRE = "service_centre", _("Service centre")
        OPERATIVE_SERVICE = "operative_service", _("Operative service")
        EMPLOYER_SERVICE = "employer_service", _("Employer service")
        MANAGEMENT = "management", _("Management")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="areas")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="areas")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff. Roles come from :class:`Membership`; nothing here grants access."""

    fte = models.DecimalField(
        _("working-time share"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1.00"))],
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="staff")
    deputy = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputising_for",
        verbose_name=_("standing deputy"),
    )

    class Meta:
        verbose_name = _("member of staff")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A role held by a person in an organisation, for a team or an area or the whole of it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "team", "role"],
                condition=Q(team__isnull=False),
                name="membership_unique_in_team",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(team__isnull=True, area__isnull=True),
                name="membership_unique_in_org",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "team", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class ClosingDay(models.Model):
    """A day the organisation is closed (FND-06). Either a fixed date or a yearly MM-DD."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="closing_days"
    )
    date = models.DateField(_("date"), null=True, blank=True)
    every_year = models.CharField(
        _("every year (MM-DD)"), max_length=5, blank=True, help_text=_("e.g. 12-24")
    )
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")
        constraints = [
            models.CheckConstraint(
                condition=(Q(date__isnull=False) & Q(every_year=""))
                | (Q(date__isnull=True) & ~Q(every_year="")),
                name="closing_day_date_xor_every_year",
            )
        ]

    def __str__(self) -> str:
        return self.label or str(self.date or self.every_year)

    @property
    def spec(self) -> str | dt.date:
        return self.date if self.date else self.every_year


class Absence(models.Model):
    """A period of absence; the deputy handles the person's open items meanwhile (FND-03)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="absences")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    deputy = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="absence_deputyships",
        verbose_name=_("deputy"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="absence_end_after_start"
            )
        ]
        indexes = [models.Index(fields=["organisation", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.start} – {self.end}"


class ServiceRelation(models.Model):
    """A service-centre region serves a job centre or agency (SOC-01): its phone agents find
    the customers of that organisation by number and send tickets there (TKT-01)."""

    service_centre = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="served_relations",
        verbose_name=_("service centre region"),
    )
    served = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="served_by_relations",
        verbose_name=_("served organisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service_centre", "served__name"]
        verbose_name = _("served organisation")
        verbose_name_plural = _("served organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["service_centre", "served"], name="service_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(service_centre=models.F("served")),
                name="service_relation_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_centre} → {self.served}"
