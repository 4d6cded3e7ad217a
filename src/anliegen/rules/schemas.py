"""Typed schemas of the rule families (FND-09). Every number of the seeds lives here as data.

Each family is a pydantic model; presets in ``presets/`` are validated against it when loaded and
every new version an administrator enters is validated before it is stored.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MMDD = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CalendarRules(_Rules):
    """How deadlines are counted (FND-06)."""

    closing_days: list[str] = Field(default_factory=list, description="Recurring MM-DD")
    roll_forward: bool = Field(
        True, description="§193 BGB: move a calendar-day end to a working day"
    )

    @field_validator("closing_days")
    @classmethod
    def _mmdd(cls, value: list[str]) -> list[str]:
        for item in value:
            if not MMDD.match(item):
                raise ValueError(f"Schließtag „{item}“ hat nicht die Form MM-TT.")
        return value


class WorkRules(_Rules):
    """Traffic lights (FND-07)."""

    amber_share: float = Field(0.8, gt=0, le=1, description="Share of the time used before amber")


class TicketRules(_Rules):
    """Service-centre tickets (seed 003, TKT)."""

    benefits_working_days: int = Field(5, ge=1, le=60)
    integration_working_days: int = Field(2, ge=1, le=60)
    appointment_info_working_days: int = Field(5, ge=1, le=60)
    benefits_priority: int = Field(1, ge=1, le=9)
    integration_priority: int = Field(2, ge=1, le=9)
    notify_lead_on_completion: bool = True
    retention_months: int = Field(1, ge=1, le=120)
    violation_threshold: int = Field(3, ge=1, le=100)
    violation_window_days: int = Field(90, ge=1, le=3650)
    spot_check_share: float = Field(0.10, gt=0, le=1)
    spot_check_minimum: int = Field(2, ge=0, le=1000)


class ReactionRules(_Rules):
    """Customer reactions (seed 000, KRM)."""

    acknowledgement_working_days: int = Field(3, ge=1, le=60)
    acknowledgement_channels: list[
        Literal["letter", "fax", "email", "in_person", "phone", "online"]
    ] = [
        "letter",
        "fax",
        "email",
    ]
    resolution_calendar_days: int = Field(14, ge=1, le=365)
    max_concerns: int = Field(3, ge=1, le=10)


class Interval(_Rules):
    unit: Literal["weeks", "months"]
    count: int = Field(ge=1, le=120)


class ContactRow(_Rules):
    """One row of the contact-density table (seed 004, KON-01)."""

    care_groups: list[str]
    statuses: list[str] = Field(default_factory=list, description="empty = any status")
    profiles: list[str] = Field(default_factory=list, description="empty = any profile")
    min_age: int | None = None
    max_age: int | None = None
    interval: Interval | None = Field(None, description="None = individual, set per customer")
    label: str


class ContactRules(_Rules):
    """Contact density (seed 004, KON)."""

    rows: list[ContactRow]
    seeking_max_months: int = Field(6, ge=1, le=24)
    measure_lead_weeks: int = Field(4, ge=0, le=52)
    review_z_months: int = Field(6, ge=1, le=24)
    review_before_parental_leave_end_months: int = Field(3, ge=0, le=24)
    consultations_per_week_fte: int = Field(25, ge=1, le=60)
    presence_share: float = Field(0.8, gt=0, le=1)
    consultation_share: float = Field(0.6, gt=0, le=1)
    consultation_hours_basis: float = Field(1.0, gt=0, le=8)
    consultation_hours_active: float = Field(0.75, gt=0, le=8)
    weekly_hours_fte: float = Field(39.0, gt=0, le=60)


SCHEMAS: dict[str, type[_Rules]] = {
    "calendar": CalendarRules,
    "work": WorkRules,
    "tickets": TicketRules,
    "reactions": ReactionRules,
    "contacts": ContactRules,
}
