"""The API helpers of tests/api, for the robustness tests (issue 14)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from tests.api.conftest import Api, counts


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def unchanged():  # type: ignore[no-untyped-def]
    """``with unchanged(): ...``: no row of the counted models (reactions and tickets too) was
    added or removed in the block."""
    from anliegen.reactions.models import Reaction
    from anliegen.tickets.models import Ticket

    @contextmanager
    def _unchanged():  # type: ignore[no-untyped-def]
        before = counts(), Reaction.objects.count(), Ticket.objects.count()
        yield
        assert (counts(), Reaction.objects.count(), Ticket.objects.count()) == before

    return _unchanged
