"""API of the organisation: organisations, teams, absences (FND-01, FND-02, FND-03)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen import fristen
from anliegen.api.context import actor, codes, local, org_scope, referenced, username
from anliegen.api.problems import error_responses
from anliegen.core.errors import NotFound
from anliegen.org import actions
from anliegen.org.models import Absence, Area, Organisation, Team
from anliegen.org.queries import absences_visible_to, get_absence_for, teams_of
from anliegen.org.roles import Role
from anliegen.org.scope import get_staff_for, organisations_for

if TYPE_CHECKING:
    OrgKindCode = str
    AreaKindCode = str
    StateCode = str
else:
    OrgKindCode = codes(Organisation.Kind)
    AreaKindCode = codes(Area.Kind)
    StateCode = codes(fristen.STATES)

router = Router(tags=["organisation"])


class SiteOut(Schema):
    name: str
    state: StateCode
    is_main: bool


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: OrgKindCode
    sites: list[SiteOut]


@router.get(
    "/orgs",
    response={200: list[OrganisationOut], **error_responses(401)},
    summary="The organisations the caller belongs to (all of them for a superuser)",
)
def list_organisations(request: HttpRequest) -> list[OrganisationOut]:
    organisations = organisations_for(actor(request)).prefetch_related("sites").order_by("name")
    return [
        OrganisationOut(
            slug=o.slug,
            name=o.name,
            kind=o.kind,
            sites=[SiteOut(name=s.name, state=s.state, is_main=s.is_main) for s in o.sites.all()],
        )
        for o in organisations
    ]


class TeamOut(Schema):
    id: int
    name: str
    area: AreaKindCode = Field(description="The kind of the team's area")
    area_name: str
    lead: str | None = Field(description="username of the team lead")
    deputy_lead: str | None = Field(description="username of the deputy team lead")
    members: list[str] = Field(description="usernames of everyone with a role in the team")


def team_out(team: Team) -> TeamOut:
    memberships = list(team.memberships.all())
    by_role = {m.role: m.user for m in memberships}
    return TeamOut(
        id=team.id,
        name=team.name,
        area=team.area.kind,
        area_name=team.area.name,
        lead=username(by_role.get(Role.TEAM_LEAD)),
        deputy_lead=username(by_role.get(Role.DEPUTY_LEAD)),
        members=sorted({m.user.username for m in memberships}),
    )


@router.get(
    "/orgs/{org}/teams",
    response={200: list[TeamOut], **error_responses(401, 404)},
    summary="The organisation's teams with their leads and members",
)
def list_teams(request: HttpRequest, org: str) -> list[TeamOut]:
    return [team_out(team) for team in teams_of(org_scope(request, org))]


# --- Absences -------------------------------------------------------------------------------


class AbsenceOut(Schema):
    id: int
    user: str = Field(description="username of the absent person")
    start: dt.date
    end: dt.date
    deputy: str | None = Field(description="username of the deputy for this absence")
    note: str
    created_at: dt.datetime


class AbsenceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    user: str | None = Field(None, description="username; the caller by default")
    start: dt.date
    end: dt.date
    deputy: str | None = Field(None, description="username; else the standing deputy")
    note: str = Field("", max_length=200)


def absence_out(absence: Absence) -> AbsenceOut:
    return AbsenceOut(
        id=absence.id,
        user=absence.user.username,
        start=absence.start,
        end=absence.end,
        deputy=username(absence.deputy),
        note=absence.note,
        created_at=local(absence.created_at),
    )


@router.get(
    "/orgs/{org}/absences",
    response={200: list[AbsenceOut], **error_responses(401, 404, 422)},
    summary="Absences the caller may see (own, deputised, of led teams; all for management)",
)
def list_absences(
    request: HttpRequest,
    org: str,
    user: str | None = Query(None, description="only this person (username)"),
    on_or_after: Annotated[
        dt.date | None, Query(description="only absences ending on or after this day")
    ] = None,
    on_or_before: Annotated[
        dt.date | None, Query(description="only absences starting on or before this day")
    ] = None,
) -> list[AbsenceOut]:
    scope = org_scope(request, org)
    absences = absences_visible_to(scope)
    if user:
        absences = absences.filter(user=referenced("user", get_staff_for, scope, user))
    if on_or_after:
        absences = absences.filter(end__gte=on_or_after)
    if on_or_before:
        absences = absences.filter(start__lte=on_or_before)
    return [absence_out(a) for a in absences.order_by("start", "id")]


@router.post(
    "/orgs/{org}/absences",
    response={201: AbsenceOut, **error_responses(401, 403, 404, 422)},
    summary="Record an absence (own, or for a member of a led team)",
)
def record_absence(request: HttpRequest, org: str, payload: AbsenceIn) -> Status[AbsenceOut]:
    scope = org_scope(request, org)
    person = (
        referenced("user", get_staff_for, scope, payload.user) if payload.user else actor(request)
    )
    deputy = referenced("deputy", get_staff_for, scope, payload.deputy) if payload.deputy else None
    absence = actions.record_absence(
        actor=actor(request),
        scope=scope,
        person=person,
        start=payload.start,
        end=payload.end,
        deputy=deputy,
        note=payload.note,
    )
    return Status(201, absence_out(absence))


@router.delete(
    "/orgs/{org}/absences/{absence_id}",
    response={204: None, **error_responses(401, 403, 404)},
    summary="Delete an absence",
)
def delete_absence(request: HttpRequest, org: str, absence_id: int) -> Status[None]:
    scope = org_scope(request, org)
    absence = get_absence_for(scope, absence_id)
    actions.delete_absence(actor=actor(request), scope=scope, absence=absence)
    return Status(204, None)


# --- Which organisations a service-centre region serves (SOC-01, TKT-01) -----------------------


class ServedOut(Schema):
    slug: str
    name: str
    kind: OrgKindCode


class ServedIn(Schema):
    slug: str = Field(max_length=60, description="The served job centre's or agency's slug")


def _served_out(organisation: Organisation) -> ServedOut:
    return ServedOut(slug=organisation.slug, name=organisation.name, kind=organisation.kind)


def _servable(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound(_("Organisation not found."))
    return organisation


@router.get(
    "/orgs/{org}/served-organisations",
    response={200: list[ServedOut], **error_responses(401, 404)},
    summary="The job centres and agencies a service-centre region serves (TKT-01)",
    description="Its phone agents send tickets there: `POST /orgs/{served}/tickets`.",
)
def served_organisations(request: HttpRequest, org: str) -> list[ServedOut]:
    scope = org_scope(request, org)
    served = Organisation.objects.filter(
        served_by_relations__service_centre=scope.organisation
    ).order_by("name")
    return [_served_out(o) for o in served]


@router.post(
    "/orgs/{org}/served-organisations",
    response={201: ServedOut, **error_responses(401, 403, 404, 422)},
    summary="The region serves one more organisation (administrators of the region)",
)
def add_served(request: HttpRequest, org: str, payload: ServedIn) -> Status[ServedOut]:
    scope = org_scope(request, org)
    served = referenced("slug", _servable, payload.slug)
    actions.add_served_organisation(actor=actor(request), scope=scope, served=served)
    return Status(201, _served_out(served))


@router.delete(
    "/orgs/{org}/served-organisations/{slug}",
    response={204: None, **error_responses(401, 403, 404, 422)},
    summary="The region no longer serves the organisation; tickets sent earlier stay",
)
def remove_served(request: HttpRequest, org: str, slug: str) -> Status[None]:
    scope = org_scope(request, org)
    served = _servable(slug)
    if not actions.remove_served_organisation(actor=actor(request), scope=scope, served=served):
        raise NotFound(_("Organisation not found."))
    return Status(204, None)
