"""FND-01/NFR-05: nobody sees another organisation's pages or data — everything is 404."""

from __future__ import annotations

import pytest

from anliegen.org.actions import record_absence
from anliegen.org.scope import scope_for
from tests.web.helpers import make_item


@pytest.fixture
def world_urls(world, customer, travel):  # type: ignore[no-untyped-def]
    import datetime as dt

    travel("2026-11-23 09:00")
    make_item(world, assignee=world.worker, customer=customer)
    absence = record_absence(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        person=world.worker,
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 2),
    )
    o, n = f"/o/{world.org.slug}", customer.customer_number
    return [
        f"{o}/",
        f"{o}/postkorb/",
        f"{o}/postkorb/?export=csv",
        f"{o}/team/",
        f"{o}/team/{world.team.id}/",
        f"{o}/team/{world.team.id}/?export=xlsx",
        f"{o}/kunden/",
        f"{o}/kunden/neu/",
        f"{o}/kunden/{n}/",
        f"{o}/kunden/{n}/bearbeiten/",
        f"{o}/fristenrechner/",
        f"{o}/abwesenheiten/",
        f"{o}/abwesenheiten/{absence.id}/loeschen/",
        f"{o}/benachrichtigungen/",
    ]


@pytest.mark.parametrize("who", ["gf", "tl", "worker", "admin"])
def test_other_organisation_gets_404_everywhere(as_user, other, world_urls, who):  # type: ignore[no-untyped-def]
    client = as_user(getattr(other, who))
    for url in world_urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Erika" not in response.content.decode(), url


def test_other_organisation_cannot_post(as_user, other, world, customer, world_urls):  # type: ignore[no-untyped-def]
    client = as_user(other.tl)
    o, n = f"/o/{world.org.slug}", customer.customer_number
    for url, data in [
        (f"{o}/kunden/{n}/vermerk/", {"kind": "note", "text": "x"}),
        (f"{o}/kunden/{n}/wiedervorlage/", {"on": "2030-01-01", "note": "x"}),
        (f"{o}/kunden/neu/", {"kind": "person", "customer_number": "X1"}),
        (
            f"{o}/abwesenheiten/",
            {"person": other.tl.id, "start": "2026-12-01", "end": "2026-12-02"},
        ),
        (f"{o}/team/{world.team.id}/zuweisen/", {"items": [1], "assignee": other.tl.id}),
        (f"{o}/benachrichtigungen/gelesen/", {"all": "1"}),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert customer.history.count() == 0


def test_unknown_organisation_is_404(as_user, world):  # type: ignore[no-untyped-def]
    assert as_user(world.tl).get("/o/gibt-es-nicht/postkorb/").status_code == 404


def test_customer_of_another_organisation_is_404_inside_mine(as_user, world, other):  # type: ignore[no-untyped-def]
    from tests.factories import make_customer

    foreign = make_customer(other)
    url = f"/o/{world.org.slug}/kunden/{foreign.customer_number}/"
    assert as_user(world.tl).get(url).status_code == 404
