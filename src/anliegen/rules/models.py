"""Versioned rule sets per organisation (FND-09)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anliegen.org.models import Organisation


class RuleSet(models.Model):
    """One version of one rule family (e.g. ``tickets``) of an organisation.

    Versions are never edited once created: a change is a new version with its own
    ``valid_from``. Work items keep a reference to the version they were created under, so a rule
    change never silently moves a deadline that was already set.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="rule_sets"
    )
    key = models.CharField(_("rule family"), max_length=30)
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    data = models.JSONField(_("rules"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "key", "-valid_from", "-version"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="ruleset_version_unique"
            )
        ]
        indexes = [models.Index(fields=["organisation", "key", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.key} v{self.version} ({self.valid_from})"
