import datetime as dt
from dataclasses import dataclass

import pytest

from anliegen.org.models import Area, Membership, Organisation, Site, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import create_ticket
from tests.api.conftest import api  # noqa: F401  (the token client of the API tests)
from tests.factories import make_customer, make_user


@pytest.fixture
def agent(world):
    """A phone agent (TSB) of the service centre with a membership in the organisation."""
    return make_user("agent", org=world.org, role=Role.PHONE_AGENT)


@pytest.fixture
def sc_customer(world):
    """A customer whose benefits case worker is world.worker."""
    return make_customer(world, contact_person=world.worker)


@pytest.fixture
def new_ticket(world, agent, sc_customer):
    def _create(area="benefits", kind="concern", customer=None, received=None, **extra):
        ticket, _created = create_ticket(
            actor=agent,
            scope=scope_for(agent, world.org),
            area=area,
            customer_number=(customer or sc_customer).customer_number,
            concern="Frage zum Bewilligungsbescheid",
            kind=kind,
            received_at=received,
            **extra,
        )
        return ticket

    return _create


def at(text: str) -> dt.datetime:
    """A Berlin wall-clock time."""
    from anliegen.core.clock import BERLIN

    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


__all__ = ["Membership", "at"]


@dataclass
class ServiceCentre:
    """A service-centre region serving world.org (not other.org): a phone agent, a second agent,
    the team lead of the SC team, and a back-office clerk who sends no tickets."""

    org: Organisation
    team: Team
    agent: User
    agent2: User
    lead: User
    back_office: User
    admin: User


@pytest.fixture
def sc(world):
    from anliegen.org.actions import add_served_organisation

    org = Organisation.objects.create(
        slug="sc-test", name="Service-Center-Region Test", kind="service_centre"
    )
    site = Site.objects.create(organisation=org, name="SC Berlin", state="BE", is_main=True)
    area = Area.objects.create(organisation=org, site=site, kind="service_centre", name="SC")
    os_area = Area.objects.create(organisation=org, site=site, kind="operative_service", name="OS")
    team = Team.objects.create(organisation=org, area=area, name="SC Team 1")
    os_team = Team.objects.create(organisation=org, area=os_area, name="OS Team")
    centre = ServiceCentre(
        org=org,
        team=team,
        agent=make_user("sc_agent", org=org, role=Role.PHONE_AGENT, team=team),
        agent2=make_user("sc_agent2", org=org, role=Role.PHONE_EXPERT, team=team),
        lead=make_user("sc_lead", org=org, role=Role.TEAM_LEAD, team=team),
        back_office=make_user("sc_os", org=org, role=Role.BACK_OFFICE, team=os_team),
        admin=make_user("sc_admin", org=org, role=Role.ADMIN),
    )
    add_served_organisation(
        actor=centre.admin, scope=scope_for(centre.admin, org), served=world.org
    )
    return centre
