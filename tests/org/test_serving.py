"""SOC-01, TKT-01: which organisations a service-centre region serves, who may change it, and
the sending scope its agents get there (and nobody else)."""

from __future__ import annotations

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.actions import add_served_organisation, remove_served_organisation
from anliegen.org.models import Area, Organisation, ServiceRelation, Site, Team
from anliegen.org.roles import Role
from anliegen.org.scope import (
    get_intake_scope_for,
    scope_for,
    sending_scope_for,
    served_organisations_for,
)
from tests.api.conftest import api, assert_problem  # noqa: F401  (the token client)
from tests.factories import make_user


@pytest.fixture
def region(db):
    org = Organisation.objects.create(slug="sc-x", name="SC-Region X", kind="service_centre")
    site = Site.objects.create(organisation=org, name="SC", state="BE", is_main=True)
    sc_area = Area.objects.create(organisation=org, site=site, kind="service_centre", name="SC")
    os_area = Area.objects.create(organisation=org, site=site, kind="operative_service", name="OS")
    team = Team.objects.create(organisation=org, area=sc_area, name="SC 1")
    os_team = Team.objects.create(organisation=org, area=os_area, name="OS 1")
    users = {
        "agent": make_user("x_agent", org=org, role=Role.PHONE_AGENT, team=team),
        "expert": make_user("x_expert", org=org, role=Role.PHONE_EXPERT, team=team),
        "lead": make_user("x_lead", org=org, role=Role.TEAM_LEAD, team=team),
        "os_lead": make_user("x_os_lead", org=org, role=Role.TEAM_LEAD, team=os_team),
        "back_office": make_user("x_os", org=org, role=Role.BACK_OFFICE, team=os_team),
        "management": make_user("x_rl", org=org, role=Role.MANAGEMENT),
        "admin": make_user("x_admin", org=org, role=Role.ADMIN),
    }
    return org, users


def test_admin_of_the_region_sets_what_it_serves(region, world, other):
    org, users = region
    scope = scope_for(users["admin"], org)
    relation = add_served_organisation(actor=users["admin"], scope=scope, served=world.org)
    again = add_served_organisation(actor=users["admin"], scope=scope, served=world.org)
    assert relation == again
    assert ServiceRelation.objects.count() == 1
    assert AuditEntry.objects.filter(action="organisation.serves").count() == 1
    assert remove_served_organisation(actor=users["admin"], scope=scope, served=world.org)
    assert not remove_served_organisation(actor=users["admin"], scope=scope, served=world.org)
    assert AuditEntry.objects.filter(action="organisation.serves_no_longer").count() == 1


def test_only_admins_of_a_region_and_only_job_centres_or_agencies(region, world):
    org, users = region
    with pytest.raises(Forbidden):
        add_served_organisation(
            actor=users["management"], scope=scope_for(users["management"], org), served=world.org
        )
    with pytest.raises(InvalidInput):
        add_served_organisation(
            actor=world.admin, scope=scope_for(world.admin, world.org), served=org
        )
    other_region = Organisation.objects.create(slug="sc-y", name="Y", kind="service_centre")
    with pytest.raises(InvalidInput):
        add_served_organisation(
            actor=users["admin"], scope=scope_for(users["admin"], org), served=other_region
        )
    assert not ServiceRelation.objects.exists()


@pytest.mark.parametrize(
    ("who", "sends"),
    [
        ("agent", True),
        ("expert", True),
        ("lead", True),
        ("os_lead", False),
        ("back_office", False),
        ("management", False),
        ("admin", False),
    ],
)
def test_sending_scope_matrix(region, world, other, who, sends):
    """Only phone agents, experts and leads of a service-centre team send; only into served
    organisations; the scope has no roles, so no customer records and no worklists."""
    org, users = region
    add_served_organisation(
        actor=users["admin"], scope=scope_for(users["admin"], org), served=world.org
    )
    user = users[who]
    assert served_organisations_for(user).filter(id=world.org.id).exists() is sends
    with pytest.raises(NotFound):
        sending_scope_for(user, other.org)
    if sends:
        scope = sending_scope_for(user, world.org)
        assert scope.sending_for == org
        assert scope.roles == frozenset()
        assert not scope.may_see_customers
        assert not scope.org_wide
        assert not scope.is_lead
        assert get_intake_scope_for(user, world.org.slug).sending_for == org
    else:
        with pytest.raises(NotFound):
            sending_scope_for(user, world.org)
        with pytest.raises(NotFound):
            get_intake_scope_for(user, world.org.slug)


def test_members_keep_their_own_scope(region, world):
    org, users = region
    add_served_organisation(
        actor=users["admin"], scope=scope_for(users["admin"], org), served=world.org
    )
    scope = get_intake_scope_for(world.worker, world.org.slug)
    assert scope.sending_for is None
    assert scope.may_see_customers


def test_inactive_agent_sends_nothing(region, world):
    org, users = region
    add_served_organisation(
        actor=users["admin"], scope=scope_for(users["admin"], org), served=world.org
    )
    users["agent"].is_active = False
    users["agent"].save()
    with pytest.raises(NotFound):
        sending_scope_for(users["agent"], world.org)


# --- API --------------------------------------------------------------------------------------


def test_api_served_organisations(api, region, world, other):  # noqa: F811
    import json

    org, users = region
    base = f"/orgs/{org.slug}/served-organisations"
    added = api.post(base, {"slug": world.org.slug}, user=users["admin"])
    assert added.status_code == 201, added.content
    listed = json.loads(api.get(base, user=users["agent"]).content)
    assert [o["slug"] for o in listed] == [world.org.slug]
    assert_problem(
        api.post(base, {"slug": "gibt-es-nicht"}, user=users["admin"]), 422, fields=("slug",)
    )
    assert_problem(api.post(base, {"slug": other.org.slug}, user=users["agent"]), 403)
    assert api.get(base, user=world.worker).status_code == 404  # not a member of the region
    assert api.delete(f"{base}/{world.org.slug}", user=users["admin"]).status_code == 204
    assert api.delete(f"{base}/{world.org.slug}", user=users["admin"]).status_code == 404
    assert not ServiceRelation.objects.exists()
