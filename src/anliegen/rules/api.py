"""API of the rule sets: read the versions, add a version (administrators; FND-09)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, codes, local, org_scope, username
from anliegen.api.problems import error_responses
from anliegen.core import clock
from anliegen.rules import actions
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import rule_set_in_force, rule_versions
from anliegen.rules.schemas import SCHEMAS

if TYPE_CHECKING:
    RuleKeyCode = str
else:
    RuleKeyCode = codes(tuple(SCHEMAS))

router = Router(tags=["rules"])


class RuleSetOut(Schema):
    key: RuleKeyCode
    version: int
    valid_from: dt.date
    in_force: bool = Field(description="This version is the one in force today")
    data: dict[str, Any]
    note: str
    created_by: str | None = Field(description="username; null for the shipped presets")
    created_at: dt.datetime


class RuleSetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    valid_from: dt.date
    data: dict[str, Any] = Field(description="The complete rules of the family (see the presets)")
    note: str = Field("", max_length=200)


def rule_set_out(rule_set: RuleSet, in_force_ids: set[int]) -> RuleSetOut:
    return RuleSetOut(
        key=rule_set.key,
        version=rule_set.version,
        valid_from=rule_set.valid_from,
        in_force=rule_set.id in in_force_ids,
        data=rule_set.data,
        note=rule_set.note,
        created_by=username(rule_set.created_by),
        created_at=local(rule_set.created_at),
    )


def _in_force_ids(rule_sets: list[RuleSet]) -> set[int]:
    if not rule_sets:
        return set()
    organisation = rule_sets[0].organisation
    today = clock.today()
    found = (rule_set_in_force(organisation, key, on=today) for key in {r.key for r in rule_sets})
    return {r.id for r in found if r is not None}


@router.get(
    "/orgs/{org}/rules",
    response={200: list[RuleSetOut], **error_responses(401, 404, 422)},
    summary="The organisation's rule versions, newest first per family",
)
def list_rules(request: HttpRequest, org: str, key: RuleKeyCode | None = None) -> list[RuleSetOut]:
    scope = org_scope(request, org)
    rule_sets = list(rule_versions(scope.organisation, key=key).select_related("organisation"))
    in_force = _in_force_ids(rule_sets)
    return [rule_set_out(r, in_force) for r in rule_sets]


@router.post(
    "/orgs/{org}/rules/{key}",
    response={201: RuleSetOut, **error_responses(401, 403, 404, 422)},
    summary="Add a version of a rule family (administrators)",
    description="Versions are never edited; items keep the version they were created under.",
)
def create_rule_version(
    request: HttpRequest, org: str, key: RuleKeyCode, payload: RuleSetIn
) -> Status[RuleSetOut]:
    scope = org_scope(request, org)
    rule_set = actions.create_rule_version(
        actor=actor(request),
        scope=scope,
        organisation=scope.organisation,
        key=key,
        data=payload.data,
        valid_from=payload.valid_from,
        note=payload.note,
    )
    return Status(201, rule_set_out(rule_set, _in_force_ids([rule_set])))
