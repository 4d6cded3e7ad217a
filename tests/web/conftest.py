from __future__ import annotations

import pytest


@pytest.fixture
def as_user(client):  # type: ignore[no-untyped-def]
    """Log the test client in as a given user: ``as_user(world.tl)``."""

    def _login(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return _login
