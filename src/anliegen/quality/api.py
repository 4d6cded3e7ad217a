"""API of the quality standards (CONTRACT.md "Quality standards (QS)"): sites, the opening-hours
check, agreed deviations and the overview. Surveys are in :mod:`anliegen.quality.survey_api`."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, codes, org_scope
from anliegen.api.problems import error_responses
from anliegen.appointments.opening_hours import get_org_site
from anliegen.core.errors import Forbidden
from anliegen.org.models import Site

from . import access, actions, checks, overview
from .models import Deviation
from .standard import RULES

router = Router(tags=["quality"])


class QualitySiteOut(Schema):
    id: int
    name: str
    state: str
    is_main: bool
    tandem_main: int | None = Field(description="the main site of a tandem site, else null")


@router.get(
    "/orgs/{org}/sites",
    response={200: list[QualitySiteOut], **error_responses(401, 404)},
    summary="The sites of the organisation (QS-01)",
)
def list_sites(request: HttpRequest, org: str) -> list[QualitySiteOut]:
    scope = org_scope(request, org)
    return [
        QualitySiteOut(
            id=s.pk, name=s.name, state=s.state, is_main=s.is_main, tandem_main=s.tandem_main_id
        )
        for s in Site.objects.filter(organisation=scope.organisation)
    ]


class ViolationOut(Schema):
    rule: codes(RULES)  # type: ignore[valid-type]
    detail: str = Field(description="German explanation")
    deviation: int | None = Field(description="the agreed, valid deviation covering it")


class RuleOut(Schema):
    rule: codes(RULES)  # type: ignore[valid-type]
    label: str
    state: str = Field(description="`met`, `broken` or `agreed` (covered by a deviation)")


class CheckOut(Schema):
    site: int
    compliant: bool
    weekly_hours: float
    default_hours: bool = Field(description="no hours stored: the default hours were checked")
    tandem_main: int | None
    violations: list[ViolationOut]
    rules: list[RuleOut] = Field(description="every rule checked for this site")


def check_out(check: checks.SiteCheck) -> CheckOut:
    return CheckOut(
        site=check.site.pk,
        compliant=check.compliant,
        weekly_hours=float(check.weekly_hours),
        default_hours=check.default_hours,
        tandem_main=check.main.pk if check.main else None,
        violations=[
            ViolationOut(
                rule=r.rule, detail=r.detail, deviation=r.deviation.pk if r.deviation else None
            )
            for r in check.violations
        ],
        rules=[RuleOut(rule=r.rule, label=r.label, state=r.state) for r in check.results],
    )


@router.get(
    "/orgs/{org}/sites/{site_id}/opening-hours/check",
    response={200: CheckOut, **error_responses(401, 404)},
    summary="Check a site's opening hours against the standard (QS-01, QS-07)",
    description=(
        "The smaller site of a tandem is checked against `tandem_mornings` and `tandem_cover`, "
        "every other site against `weekly_hours`, `every_weekday`, `every_morning` and "
        "`afternoon`. A violation covered by an agreed deviation valid today carries its id and "
        "does not make the site non-compliant."
    ),
)
def check_opening_hours(request: HttpRequest, org: str, site_id: int) -> CheckOut:
    scope = org_scope(request, org)
    return check_out(checks.check_site(get_org_site(scope, site_id)))


class ConsentOut(Schema):
    user: str
    side: str = Field(description="`central` (GF) or `site` (the site's leadership)")
    at: dt.datetime


class DeviationOut(Schema):
    id: int
    site: int
    rule: str
    reason: str
    valid_from: dt.date
    valid_until: dt.date | None
    status: str = Field(description="`proposed` or `agreed`")
    proposed_by: str
    consents: list[ConsentOut]


class DeviationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    site: int
    rule: str = Field(description="a rule code of the opening-hours check")
    reason: str = Field(max_length=2000)
    valid_from: dt.date
    valid_until: dt.date | None = None


def deviation_out(deviation: Deviation) -> DeviationOut:
    return DeviationOut(
        id=deviation.pk,
        site=deviation.site_id,
        rule=deviation.rule,
        reason=deviation.reason,
        valid_from=deviation.valid_from,
        valid_until=deviation.valid_until,
        status=deviation.status,
        proposed_by=deviation.proposed_by.username,
        consents=[
            ConsentOut(user=c.user.username, side=c.side, at=c.at)
            for c in deviation.consents.select_related("user")
        ],
    )


@router.get(
    "/orgs/{org}/deviations",
    response={200: list[DeviationOut], **error_responses(401, 403, 404)},
    summary="Deviations from the standard, proposed and agreed (QS-07)",
)
def list_deviations(request: HttpRequest, org: str) -> list[DeviationOut]:
    scope = org_scope(request, org)
    if not access.may_view(scope):
        raise Forbidden()
    rows = Deviation.objects.filter(organisation=scope.organisation).select_related("proposed_by")
    return [deviation_out(d) for d in rows.prefetch_related("consents__user")]


@router.post(
    "/orgs/{org}/deviations",
    response={201: DeviationOut, **error_responses(401, 403, 404, 422)},
    summary="Propose a deviation from a rule for a site (QS-07)",
    description=(
        "The management (GF) or the site's leadership (area management of an area at the "
        "site, team lead of a team there). It takes effect once both sides consented."
    ),
)
def create_deviation(request: HttpRequest, org: str, payload: DeviationIn) -> Status[DeviationOut]:
    deviation = actions.propose_deviation(
        actor=actor(request),
        scope=org_scope(request, org),
        site_id=payload.site,
        rule=payload.rule,
        reason=payload.reason,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )
    return Status(201, deviation_out(deviation))


@router.post(
    "/orgs/{org}/deviations/{deviation_id}/consent",
    response={200: DeviationOut, **error_responses(401, 403, 404, 409)},
    summary="Consent to a deviation (QS-07)",
    description=(
        "Agreed once the central management (GF) and the site's leadership consented — two "
        "different people. The same person again, or a second person of a side that already "
        "consented: 409."
    ),
)
def consent(request: HttpRequest, org: str, deviation_id: int) -> DeviationOut:
    deviation = actions.consent_deviation(
        actor=actor(request), scope=org_scope(request, org), deviation_id=deviation_id
    )
    return deviation_out(deviation)


class CellOut(Schema):
    standard: str
    state: str = Field(description="`met`, `broken`, `agreed` or `none` (not measured per site)")
    text: str


class OverviewSiteOut(Schema):
    site: int
    name: str
    state: str
    standards: list[CellOut]


class OverviewOut(Schema):
    today: dt.date
    sites: list[OverviewSiteOut]


@router.get(
    "/orgs/{org}/quality/overview",
    response={200: OverviewOut, **error_responses(401, 403, 404)},
    summary="Every standard × every site: met, broken or agreed (QS-01…08)",
)
def quality_overview(request: HttpRequest, org: str) -> OverviewOut:
    scope = org_scope(request, org)
    if not access.may_view(scope):
        raise Forbidden()
    board = overview.build_overview(scope.organisation)
    return OverviewOut(
        today=board.today,
        sites=[
            OverviewSiteOut(
                site=row.site.pk,
                name=row.site.name,
                state=row.state,
                standards=[
                    CellOut(standard=s.code, state=cell.state, text=cell.text)
                    for s, cell in row.cells
                ],
            )
            for row in board.rows
        ],
    )
