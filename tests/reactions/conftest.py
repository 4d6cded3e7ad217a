import datetime as dt

import pytest

from anliegen.core.clock import BERLIN
from anliegen.org.scope import scope_for
from anliegen.reactions.actions import record_reaction
from anliegen.reactions.models import Topic
from tests.api.conftest import Api, counts


def at(text: str) -> dt.datetime:
    """A Berlin wall-clock time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def unchanged():  # type: ignore[no-untyped-def]
    from contextlib import contextmanager

    from anliegen.reactions.models import Concern, Reaction

    @contextmanager
    def _unchanged():  # type: ignore[no-untyped-def]
        before = counts(), Reaction.objects.count(), Concern.objects.count()
        yield
        assert (counts(), Reaction.objects.count(), Concern.objects.count()) == before

    return _unchanged


@pytest.fixture
def bw(world):
    """The world's site in Baden-Württemberg (Epiphany is a holiday there, not in Berlin)."""
    world.site.state = "BW"
    world.site.save()
    return world


@pytest.fixture
def topics(world):
    return [
        Topic.objects.create(organisation=world.org, name=name)
        for name in ("Bescheid", "Erreichbarkeit", "Verhalten", "Wartezeit")
    ]


@pytest.fixture
def new_reaction(world, customer):
    def _create(
        *,
        by=None,
        channel="letter",
        kind="complaint",
        received="2026-11-23 09:00",
        teams=None,
        text="Mein Antrag liegt seit Wochen unbearbeitet.",
        **extra,
    ):
        actor = by or world.office
        extra.setdefault("customer_number", customer.customer_number)
        return record_reaction(
            actor=actor,
            scope=scope_for(actor, world.org),
            channel=channel,
            kind=kind,
            received_at=at(received),
            team_ids=[world.team.id] if teams is None else teams,
            text=text,
            **extra,
        )

    return _create
