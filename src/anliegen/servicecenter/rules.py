"""The region's service-centre rules as typed, versioned data (SOC-01, SOC-03, SOC-06; the part-2
numbers of SOC-05/08 are here too). The seed's four roll-out waves are the preset.

[decision] The seed gives only the span of the roll-out (20.03.2023 to 31.05.2023) and the order
of the regions; the start dates of waves 2–4 are spread over that span (17.04., 08.05.,
22.05.2023) and can be changed per region like every other rule.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.core.validation import german_errors
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope
from anliegen.servicecenter.models import RuleVersion

PRESET = Path(__file__).resolve().parent / "presets" / "servicecenter.json"


class Wave(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1, le=20)
    name: str = Field(min_length=1, max_length=200)
    start: dt.date
    regions: list[str]


class ServiceCentreRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    waves: list[Wave]
    #: The region this organisation is (one of the waves' regions); "" = not rolled out yet.
    region: str = ""
    alg_topic: str = "alg"
    topics: dict[str, str] = Field(min_length=1)
    processing_order_working_days: int = Field(5, ge=1, le=60)
    qualified_share_target: float = Field(0.4, gt=0, le=1)
    callback_minutes_benefits_consultation: int = Field(30, ge=5, le=240)
    callback_minutes_other: int = Field(20, ge=5, le=240)
    callback_grid_minutes: int = Field(10, ge=5, le=60)
    fcr_target: float = Field(0.95, gt=0, le=1)
    fcr_repeat_days: int = Field(7, ge=1, le=90)
    #: Staffing (SOC-09), [decision]: 80 % of calls answered within 20 s; the share of rostered
    #: time off the phone (breaks, meetings), the occupancy cap and the callers' mean patience
    #: (Erlang A) are the page's defaults.
    staffing_service_level: float = Field(0.8, gt=0, lt=1)
    staffing_target_seconds: int = Field(20, ge=0, le=600)
    staffing_shrinkage: float = Field(0.0, ge=0, le=0.9)
    staffing_max_occupancy: float = Field(1.0, gt=0, le=1)
    staffing_patience_seconds: int = Field(120, ge=1, le=3600)

    @model_validator(mode="after")
    def _consistent(self) -> ServiceCentreRules:
        if self.alg_topic not in self.topics:
            raise ValueError("Das Alg-Thema muss unter den Themen stehen.")
        numbers = [wave.number for wave in self.waves]
        if len(set(numbers)) != len(numbers):
            raise ValueError("Jede Welle braucht eine eigene Nummer.")
        regions = [region for wave in self.waves for region in wave.regions]
        if len(set(regions)) != len(regions):
            raise ValueError("Eine Region gehört zu genau einer Welle.")
        if self.region and self.region not in regions:
            raise ValueError(f"Die Region „{self.region}“ gehört zu keiner Welle.")
        return self

    def wave(self) -> Wave | None:
        """The roll-out wave of this region, or None before it is assigned to one."""
        return next((w for w in self.waves if self.region in w.regions), None)

    def soc_l_active(self, day: dt.date) -> bool:
        """SOC-L routing holds from the region's wave date on (SOC-01)."""
        wave = self.wave()
        return wave is not None and wave.start <= day


@cache
def preset() -> ServiceCentreRules:
    return ServiceCentreRules.model_validate(json.loads(PRESET.read_text(encoding="utf-8")))


def rules_in_force(
    organisation: Organisation, *, on: dt.date | None = None
) -> tuple[ServiceCentreRules, RuleVersion | None]:
    """The rules of ``organisation`` in force on ``on`` (today) and their version (None: preset)."""
    on = on or clock.today()
    version = (
        RuleVersion.objects.filter(organisation=organisation, valid_from__lte=on)
        .order_by("-valid_from", "-version")
        .first()
    )
    if version is None:
        return preset(), None
    return ServiceCentreRules.model_validate(version.data), version


@transaction.atomic
def create_rule_version(
    *,
    actor: User | None,
    scope: Scope | None,
    organisation: Organisation,
    data: dict[str, Any],
    valid_from: dt.date,
    note: str = "",
) -> RuleVersion:
    """Store a new version (administrators; ``scope`` None for the demo loader). Existing
    decisions keep the version they were taken under."""
    if scope is not None and not scope.may_change_settings:
        raise Forbidden(_("Only administrators may change rules."))
    try:
        clean = ServiceCentreRules.model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        raise InvalidInput(
            _("The rules are invalid."), errors=german_errors(exc.errors(), prefix="data")
        ) from None
    # Lock the organisation's versions so two administrators never take the same number.
    list(RuleVersion.objects.select_for_update().filter(organisation=organisation))
    latest = RuleVersion.objects.filter(organisation=organisation).aggregate(v=Max("version"))
    version = RuleVersion.objects.create(
        organisation=organisation,
        version=(latest["v"] or 0) + 1,
        valid_from=valid_from,
        data=clean,
        note=note,
        created_by=actor,
    )
    record(
        actor=actor,
        organisation=organisation,
        action="servicecenter.rules_created",
        obj=version,
        new={"version": version.version, "valid_from": valid_from.isoformat(), "data": clean},
    )
    return version
