"""Which rule was in force (FND-09). Code asks this module, never a global constant."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

from django.db.models import QuerySet

from anliegen.core import clock
from anliegen.org.models import Organisation
from anliegen.rules.models import RuleSet
from anliegen.rules.schemas import SCHEMAS, _Rules

PRESET_DIR = Path(__file__).resolve().parent / "presets"

R = TypeVar("R", bound=_Rules)


@cache
def preset(key: str) -> _Rules:
    """The shipped preset of a rule family, validated against its schema."""
    data = json.loads((PRESET_DIR / f"{key}.json").read_text(encoding="utf-8"))
    return SCHEMAS[key].model_validate(data)


def rule_set_in_force(
    organisation: Organisation, key: str, *, on: dt.date | None = None
) -> RuleSet | None:
    """The organisation's version of ``key`` in force on ``on`` (today by default)."""
    on = on or clock.today()
    return (
        RuleSet.objects.filter(organisation=organisation, key=key, valid_from__lte=on)
        .order_by("-valid_from", "-version")
        .first()
    )


def rules_of(rule_set: RuleSet | None, key: str) -> _Rules:
    """The typed rules of a stored version, or the preset when the organisation has none."""
    if rule_set is None:
        return preset(key)
    return SCHEMAS[key].model_validate(rule_set.data)


def rules_in_force(
    organisation: Organisation, schema: type[R], *, on: dt.date | None = None
) -> tuple[R, RuleSet | None]:
    """Typed rules and the version they came from (None means the shipped preset)."""
    key = next(k for k, s in SCHEMAS.items() if s is schema)
    rule_set = rule_set_in_force(organisation, key, on=on)
    return cast(R, rules_of(rule_set, key)), rule_set


def rule_versions(organisation: Organisation, *, key: str | None = None) -> QuerySet[RuleSet]:
    """Every stored version of the organisation's rule families, newest first per family."""
    versions = RuleSet.objects.filter(organisation=organisation).select_related("created_by")
    if key:
        versions = versions.filter(key=key)
    return versions.order_by("key", "-valid_from", "-version")
