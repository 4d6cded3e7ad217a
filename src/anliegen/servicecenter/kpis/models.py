"""The weekly KPI aggregate of the service centre (SOC-08), kept beside the call records so that
the KPI page reads a few hundred rows instead of millions of calls.

One :class:`KpiWeek` per organisation, ISO week (its Monday, Europe/Berlin) and agent — plus one
row without agent for what no agent of the centres started (callbacks booked by the OS or in the
portal, processing orders sent by others). :class:`KpiWeekState` tells when a week was computed,
whether its 7-day window for the verified FCR had passed by then (``complete``) and whether a
late call record has touched it since (``dirty``). See ``kpis.computation`` and ``kpis.actions``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from anliegen.org.models import Organisation


class KpiWeekState(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()  # the Monday of the ISO week
    computed_at = models.DateTimeField()
    #: The week's repeat window had passed when it was computed: its figures are final.
    complete = models.BooleanField(default=False)
    #: A call of this week was recorded after the computation (``calls.record_call``).
    dirty = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "week"], name="soc_kpi_state_once")
        ]
        indexes = [
            models.Index(
                fields=["organisation", "week"],
                condition=models.Q(complete=False) | models.Q(dirty=True),
                name="soc_kpi_state_stale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.week}"


class KpiWeek(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    alg_calls = models.PositiveIntegerField(default=0)
    #: Alg calls the agent flagged as resolved in the first contact.
    flagged = models.PositiveIntegerField(default=0)
    #: Alg calls with a customer number (only these can be verified).
    verifiable = models.PositiveIntegerField(default=0)
    #: Verifiable Alg calls without a repeat contact within the repeat window.
    verified = models.PositiveIntegerField(default=0)
    callbacks_booked = models.PositiveIntegerField(default=0)
    callbacks_with_outcome = models.PositiveIntegerField(default=0)
    callbacks_reached_first = models.PositiveIntegerField(default=0)
    #: Processing orders due in the week that are completed or overdue, and those on time.
    orders_due = models.PositiveIntegerField(default=0)
    orders_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "week", "agent"], name="soc_kpi_week_once"
            ),
            models.UniqueConstraint(
                fields=["organisation", "week"],
                condition=models.Q(agent__isnull=True),
                name="soc_kpi_week_others_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.week} {self.agent_id}"
