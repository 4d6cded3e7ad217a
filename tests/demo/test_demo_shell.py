"""The demo as the README and the navigation present it (issue 9, defects 4 and 9): every printed
login opens every link its navigation shows (200) and no other entry (403/404); `buero.sha` is
printed; the login the README names for *Kontaktdichte* has contact-density casework."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from anliegen.demo import data
from anliegen.org.models import Membership, User
from anliegen.web import navigation

README = Path(__file__).resolve().parents[2] / "README.md"
NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')
CONTACT_DENSITY_LOGIN = "bl.lichtenberg"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the small demo once; roll it back after the module."""
    traveller = time_machine.travel("2026-12-27 10:00 +01:00", tick=False)
    traveller.start()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "--small", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    traveller.stop()


def _logins() -> list[str]:
    return [u for _, u in data.ROLE_LOGINS] + list(data.MORE_LOGINS) + [data.SUPERUSER]


def test_printed_logins_include_the_gf_office_of_schwaebisch_hall(demo, db):  # type: ignore[no-untyped-def]
    """Issue 9 defect 9: the README sends readers to `buero.sha`; demo_logins must print it."""
    out = StringIO()
    call_command("demo_logins", stdout=out)
    printed = {line.split()[0] for line in out.getvalue().splitlines() if line.strip()}
    assert "buero.sha" in printed
    for login in re.findall(
        r"`([a-z]+\.(?:lichtenberg|sha|en|potsdam|sc-ost))`", README.read_text()
    ):
        assert login in printed, login


def test_the_readme_names_a_contact_density_login_with_casework(demo, db):  # type: ignore[no-untyped-def]
    """Issue 9 defect 9: the Kontaktdichte page of the login the README names is not all zeros."""
    from anliegen.contacts.dashboard import dashboard_for
    from anliegen.org.scope import get_scope_for

    paragraph = next(p for p in README.read_text().split("\n\n") if "*Kontaktdichte*" in p)
    assert f"`{CONTACT_DENSITY_LOGIN}`" in paragraph.split("*Kontaktdichte*")[0]
    user = User.objects.get(username=CONTACT_DENSITY_LOGIN)
    org = Membership.objects.filter(user=user).first().organisation
    board = dashboard_for(get_scope_for(user, org.slug))
    assert board.lines
    assert sum(line.customers for line in board.lines) > 0


def test_every_demo_login_opens_exactly_its_navigation(demo, db):  # type: ignore[no-untyped-def]
    """Issue 9 defect 4 as a matrix over the demo: every printed login × every entry."""
    users = {u.username: u for u in User.objects.filter(username__in=_logins())}
    assert set(users) == set(_logins())
    failures = []
    for username in _logins():
        user = users[username]
        client = Client()
        client.force_login(user)
        slugs = Membership.objects.filter(user=user).values_list("organisation__slug", flat=True)
        slug = sorted(set(slugs))[0] if slugs else data.DEMO_SLUGS[0]
        page = client.get(f"/o/{slug}/postkorb/")
        assert page.status_code == 200, username
        found = NAV.search(page.content.decode())
        assert found, username
        shown = set(HREF.findall(found.group(0))) - {"/admin/"}
        entries = {
            reverse(e.url_name, args=[slug]): e.section or e.code for e in navigation.nav_entries()
        }
        shown_sections = {entries[url] for url in shown}
        for url, section in entries.items():
            status = client.get(url, follow=True).status_code
            if url in shown and status != 200:
                failures.append((username, url, status))
            if url not in shown and section not in shown_sections and status not in (403, 404):
                failures.append((username, url, status))
    assert not failures, failures
