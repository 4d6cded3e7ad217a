"""SOC-05 in the demo region sc-region-ost: three service places per OS team with windows, a few
callbacks booked through the actions (work items of the OS teams), loaded once."""

from __future__ import annotations

import pytest

from anliegen.demo import data
from anliegen.demo.loader import DemoLoader
from anliegen.demo.servicecenter import add_demo_callbacks, add_demo_servicecenter
from anliegen.org.models import Organisation, User
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks import slots as callback_slots
from anliegen.servicecenter.callbacks.models import Callback, PlaceWindow, ServicePlace
from anliegen.work.models import WorkItem


@pytest.fixture
def region(db, travel, monkeypatch):  # type: ignore[no-untyped-def]
    travel("2026-12-01 10:00")
    monkeypatch.setattr(data, "ORGANISATIONS", (data.SC_OST,))
    DemoLoader(password="Demo-Passwort-1", customers_per_org=40, log=lambda _text: None).load()
    return Organisation.objects.get(slug="sc-region-ost")


def test_demo_places_and_callbacks(region):
    teams = list(queries.os_teams(region))
    assert teams
    for team in teams:
        places = ServicePlace.objects.filter(team=team)
        assert places.count() == 3
        assert PlaceWindow.objects.filter(place__team=team).count() == 3 * 7
        assert places.filter(person__isnull=False).exists()
    callbacks = Callback.objects.filter(organisation=region)
    assert callbacks.count() >= 2 * len(teams)
    assert (
        WorkItem.objects.filter(kind="callback", organisation=region).count() == callbacks.count()
    )
    assert all(c.created_by == User.objects.get(username="tsb.sc-ost") for c in callbacks)
    # Still free times to book in the demo.
    assert callback_slots.free_times(
        teams[0], "benefits_consultation", region_today(), region_today(14)
    )
    # Loaded once.
    before = (ServicePlace.objects.count(), Callback.objects.count())
    assert add_demo_callbacks(region) == 0
    assert add_demo_servicecenter(region) == 0
    assert (ServicePlace.objects.count(), Callback.objects.count()) == before


def region_today(days: int = 0):  # type: ignore[no-untyped-def]
    import datetime as dt

    from anliegen.core import clock

    return clock.today() + dt.timedelta(days=days)
