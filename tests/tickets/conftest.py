import datetime as dt

import pytest

from anliegen.org.models import Membership
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
