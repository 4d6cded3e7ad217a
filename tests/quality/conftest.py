"""Fixtures of the quality tests: a second site with its own team lead, opening hours."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.appointments.models import OpeningHours
from anliegen.org.models import Area, Site, Team
from anliegen.org.roles import Role
from tests.factories import OrgWorld, make_user


def set_hours(site: Site, *days: tuple[int, str, str]) -> None:
    OpeningHours.objects.filter(site=site).delete()
    for weekday, opens, closes in days:
        OpeningHours.objects.create(
            site=site,
            weekday=weekday,
            opens=dt.time.fromisoformat(opens),
            closes=dt.time.fromisoformat(closes),
        )


#: Monday to Friday 8:00–12:30 only: 22.5 hours, every morning, but no afternoon (QS-01).
NO_AFTERNOON = tuple((d, "08:00", "12:30") for d in range(5))


@pytest.fixture
def second(world: OrgWorld):  # type: ignore[no-untyped-def]
    """Site 'Nebenstelle' with an integration area and a team with its own team lead."""
    site = Site.objects.create(organisation=world.org, name="Nebenstelle", state="BE")
    area = Area.objects.create(
        organisation=world.org, site=site, kind="integration", name="Integration Nebenstelle"
    )
    team = Team.objects.create(organisation=world.org, area=area, name="Nebenstelle 1")
    tl = make_user("tl-neben", org=world.org, role=Role.TEAM_LEAD, team=team)
    return {"site": site, "area": area, "team": team, "tl": tl}


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    from tests.api.conftest import Api

    return Api()


@pytest.fixture
def as_user(client):  # type: ignore[no-untyped-def]
    def _login(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return _login
