"""Named base users per role for tests (DESIGN habit 9): a TL, a deputy, case workers, GF,
the GF office, a BL, a provider, an administrator, and people of another organisation."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from anliegen.customers.models import Customer
from anliegen.org.models import Area, Membership, Organisation, Site, Team, User
from anliegen.org.roles import Role
from anliegen.rules.actions import install_presets

PASSWORD = "Test-Passwort-123"
_numbers = itertools.count(1000)


@dataclass
class OrgWorld:
    org: Organisation
    site: Site
    benefits: Area
    integration: Area
    team: Team  # a benefits team
    team_integration: Team
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


def make_user(
    username: str,
    *,
    org: Organisation,
    role: str,
    team: Team | None = None,
    area: Area | None = None,
    **extra: object,
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=username.split("-")[0].capitalize(),
            last_name="Test",
            email=f"{username}@example.org",
            **extra,
        )
    Membership.objects.create(user=user, organisation=org, team=team, area=area, role=role)
    return user


def build_org(slug: str = "jc-test", *, state: str = "BE", prefix: str = "") -> OrgWorld:
    org = Organisation.objects.create(slug=slug, name=f"Jobcenter {slug}", kind="jobcenter")
    site = Site.objects.create(organisation=org, name="Hauptsitz", state=state, is_main=True)
    benefits = Area.objects.create(organisation=org, site=site, kind="benefits", name="Leistung")
    integration = Area.objects.create(
        organisation=org, site=site, kind="integration", name="Integration"
    )
    team = Team.objects.create(organisation=org, area=benefits, name="Leistung 1")
    team_integration = Team.objects.create(organisation=org, area=integration, name="Integration 1")
    install_presets(organisation=org, valid_from=dt.date(2000, 1, 1))
    p = prefix
    world = OrgWorld(org, site, benefits, integration, team, team_integration)
    world.users = {
        "gf": make_user(f"{p}gf", org=org, role=Role.MANAGEMENT),
        "office": make_user(f"{p}office", org=org, role=Role.MANAGEMENT_OFFICE),
        "bl": make_user(f"{p}bl", org=org, role=Role.AREA_MANAGEMENT, area=integration),
        "tl": make_user(f"{p}tl", org=org, role=Role.TEAM_LEAD, team=team),
        "deputy": make_user(f"{p}deputy", org=org, role=Role.DEPUTY_LEAD, team=team),
        "worker": make_user(f"{p}worker", org=org, role=Role.BENEFITS_WORKER, team=team),
        "worker2": make_user(
            f"{p}worker2", org=org, role=Role.BENEFITS_WORKER, team=team, fte="0.50"
        ),
        "av": make_user(f"{p}av", org=org, role=Role.PLACEMENT_OFFICER, team=team_integration),
        "tl_integration": make_user(
            f"{p}tl_integration", org=org, role=Role.TEAM_LEAD, team=team_integration
        ),
        "provider": make_user(f"{p}provider", org=org, role=Role.PROVIDER),
        "admin": make_user(f"{p}admin", org=org, role=Role.ADMIN),
    }
    return world


def make_customer(world: OrgWorld, **fields: object) -> Customer:
    defaults: dict[str, object] = {
        "customer_number": f"K{next(_numbers)}",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "birth_date": dt.date(1980, 5, 17),
        "status": "unemployed",
        "profile": "market",
        "care_group": "ue25_basis",
        "street": "Frankfurter Allee 1",
        "postcode": "10247",
        "city": "Berlin",
    }
    defaults.update(fields)
    return Customer.objects.create(organisation=world.org, **defaults)
