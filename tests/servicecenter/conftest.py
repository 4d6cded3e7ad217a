"""A service-centre region for the SOC tests: one centre (Berlin) with a team lead, three
agents (two SOC-L qualified) and a FiT; two operative services (Potsdam, Magdeburg) with their
special-inbox teams; management; the rules of region "Ost" (wave 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from anliegen.customers.models import Customer
from anliegen.org.models import Area, Organisation, Site, Team, User
from anliegen.org.roles import Role
from anliegen.rules.actions import install_presets
from anliegen.servicecenter.agents import grant_qualification
from anliegen.servicecenter.models import HotlineDuty, HotlineHours, OperativeService
from anliegen.servicecenter.rules import create_rule_version, preset
from tests.factories import make_user


@dataclass
class ScWorld:
    org: Organisation
    centre: Area
    sc_team: Team
    os_potsdam: Team
    os_magdeburg: Team
    service_potsdam: OperativeService
    customer: Customer
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_sc(slug: str = "sc-test", prefix: str = "") -> ScWorld:
    org = Organisation.objects.create(slug=slug, name=f"SC-Region {slug}", kind="service_centre")
    scb = Site.objects.create(organisation=org, name="SC Berlin", state="BE", is_main=True)
    pdm = Site.objects.create(organisation=org, name="AA Potsdam", state="BB")
    md = Site.objects.create(organisation=org, name="AA Magdeburg", state="ST")
    centre = Area.objects.create(
        organisation=org, site=scb, kind="service_centre", name="SC Berlin"
    )
    os_pdm = Area.objects.create(
        organisation=org, site=pdm, kind="operative_service", name="OS Potsdam"
    )
    os_md = Area.objects.create(
        organisation=org, site=md, kind="operative_service", name="OS Magdeburg"
    )
    sc_team = Team.objects.create(organisation=org, area=centre, name="SC Berlin – Team 1")
    t_pdm = Team.objects.create(organisation=org, area=os_pdm, name="OS Potsdam – Alg Plus")
    t_md = Team.objects.create(organisation=org, area=os_md, name="OS Magdeburg – Alg Plus")
    install_presets(organisation=org, valid_from=dt.date(2000, 1, 1))
    create_rule_version(
        actor=None,
        scope=None,
        organisation=org,
        data={**preset().model_dump(mode="json"), "region": "Ost"},
        valid_from=dt.date(2000, 1, 1),
    )
    p = prefix
    users = {
        "rl": make_user(f"{p}rl", org=org, role=Role.MANAGEMENT),
        "tl": make_user(f"{p}sctl", org=org, role=Role.TEAM_LEAD, team=sc_team),
        "tsb1": make_user(f"{p}tsb1", org=org, role=Role.PHONE_AGENT, team=sc_team),
        "tsb2": make_user(f"{p}tsb2", org=org, role=Role.PHONE_AGENT, team=sc_team),
        "tsb3": make_user(f"{p}tsb3", org=org, role=Role.PHONE_AGENT, team=sc_team),
        "fit": make_user(f"{p}fit", org=org, role=Role.PHONE_EXPERT, team=sc_team),
        "os_tl": make_user(f"{p}ostl", org=org, role=Role.TEAM_LEAD, team=t_pdm),
        "os1": make_user(f"{p}os1", org=org, role=Role.BACK_OFFICE, team=t_pdm),
        "os2": make_user(f"{p}os2", org=org, role=Role.BACK_OFFICE, team=t_pdm),
        "os_md": make_user(f"{p}osmd", org=org, role=Role.BACK_OFFICE, team=t_md),
        "admin": make_user(f"{p}scadmin", org=org, role=Role.ADMIN),
    }
    for name in ("tsb1", "tsb2"):
        grant_qualification(
            actor=None,
            scope=None,
            agent=users[name],
            trained_on=dt.date(2023, 3, 1),
            access_from=dt.date(2023, 3, 15),
        )
    service = OperativeService.objects.create(
        organisation=org,
        area=os_pdm,
        inbox_team=t_pdm,
        postcode_prefixes=["14"],
        hotline_number="0331 880-1234",
    )
    OperativeService.objects.create(
        organisation=org, area=os_md, inbox_team=t_md, postcode_prefixes=["39"]
    )
    for weekday in range(5):
        HotlineHours.objects.create(
            service=service, weekday=weekday, opens=dt.time(8), closes=dt.time(16)
        )
    HotlineDuty.objects.create(service=service, day=dt.date(2026, 12, 1), person=users["os1"])
    customer = Customer.objects.create(
        organisation=org,
        customer_number=f"{p}901-0001",
        first_name="Jana",
        last_name="Beispiel",
        birth_date=dt.date(1985, 2, 3),
        postcode="14467",
        city="Potsdam",
    )
    return ScWorld(org, centre, sc_team, t_pdm, t_md, service, customer, users)


@pytest.fixture
def sc(db, travel) -> ScWorld:  # type: ignore[no-untyped-def]
    """The region on Tuesday 1 December 2026, 10:00 (Berlin)."""
    travel("2026-12-01 10:00")
    return build_sc()
