"""Every change to rule sets (FND-09). Versions are appended, never edited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from pydantic import ValidationError

from anliegen.audit.actions import record
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.core.validation import german_errors
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import preset
from anliegen.rules.schemas import SCHEMAS


def _validated(key: str, data: dict[str, Any]) -> dict[str, Any]:
    if key not in SCHEMAS:
        raise InvalidInput(_("Unknown rule family."))
    try:
        return SCHEMAS[key].model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        raise InvalidInput(
            _("The rules are invalid."), errors=german_errors(exc.errors(), prefix="data")
        ) from None


@transaction.atomic
def create_rule_version(
    *,
    actor: User | None,
    scope: Scope | None,
    organisation: Organisation,
    key: str,
    data: dict[str, Any],
    valid_from: dt.date,
    note: str = "",
) -> RuleSet:
    """Store a new version of a rule family; existing items keep the version they have."""
    if scope is not None and not scope.may_change_settings:
        raise Forbidden(_("Only administrators may change rules."))
    clean = _validated(key, data)
    # Lock the family's rows so two administrators never create the same version number.
    list(RuleSet.objects.select_for_update().filter(organisation=organisation, key=key))
    latest = RuleSet.objects.filter(organisation=organisation, key=key).aggregate(v=Max("version"))
    rule_set = RuleSet.objects.create(
        organisation=organisation,
        key=key,
        version=(latest["v"] or 0) + 1,
        valid_from=valid_from,
        data=clean,
        note=note,
        created_by=actor,
    )
    record(
        actor=actor,
        organisation=organisation,
        action="rules.version_created",
        obj=rule_set,
        new={
            "key": key,
            "version": rule_set.version,
            "valid_from": valid_from.isoformat(),
            "data": clean,
        },
    )
    return rule_set


def install_presets(*, organisation: Organisation, valid_from: dt.date) -> list[RuleSet]:
    """Give an organisation version 1 of every rule family, from the shipped presets."""
    created = []
    for key in SCHEMAS:
        if RuleSet.objects.filter(organisation=organisation, key=key).exists():
            continue
        created.append(
            create_rule_version(
                actor=None,
                scope=None,
                organisation=organisation,
                key=key,
                data=preset(key).model_dump(mode="json"),
                valid_from=valid_from,
                note="Voreinstellung",
            )
        )
    return created
