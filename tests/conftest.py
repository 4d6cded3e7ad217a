"""Shared fixtures: two organisations with one named user per role (DESIGN habit 9)."""

from __future__ import annotations

import os

import pytest
import time_machine

from tests.factories import OrgWorld, build_org, make_customer
from tests.libreoffice import no_libreoffice, unoserver, unoserver_address  # noqa: F401

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):  # type: ignore[no-untyped-def]
    """Background tasks run inline in tests; e-mails land in django.core.mail.outbox."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = True


@pytest.fixture
def world(db) -> OrgWorld:  # type: ignore[no-untyped-def]
    """Jobcenter 'jc-test' in Berlin with GF, office, BL, TL, deputy, workers, provider, admin."""
    return build_org("jc-test", state="BE")


@pytest.fixture
def other(db) -> OrgWorld:  # type: ignore[no-untyped-def]
    """A second organisation whose data must never leak into the first."""
    return build_org("jc-other", state="BW", prefix="other_")


@pytest.fixture
def customer(world):  # type: ignore[no-untyped-def]
    return make_customer(world)


@pytest.fixture
def travel():  # type: ignore[no-untyped-def]
    """Travel in time: ``travel("2026-11-23 10:00")``. Never sleep in tests."""
    travellers = []

    def _travel(when: str) -> None:
        traveller = time_machine.travel(f"{when} +01:00", tick=False)
        traveller.start()
        travellers.append(traveller)

    yield _travel
    for traveller in reversed(travellers):
        traveller.stop()


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    # Hashing eleven passwords per fixture with PBKDF2 would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
