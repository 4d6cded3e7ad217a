"""Issue 9 defect 4 and issue 10: the navigation is a registry; each procedure registers its
entries with the check its page applies. Tested as a matrix: every role × every entry — a link
that is shown answers 200, a link that is not shown would answer 403 or 404."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse

from anliegen.org.models import User
from anliegen.web import navigation
from tests.web.helpers import html

ROLES = [
    "gf",
    "office",
    "bl",
    "tl",
    "deputy",
    "worker",
    "av",
    "tl_integration",
    "provider",
    "admin",
]

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def shown_links(page: str) -> set[str]:
    found = NAV.search(page)
    assert found, "no main navigation"
    return {href for href in HREF.findall(found.group(0)) if href != "/admin/"}


def entry_urls(slug: str) -> dict[str, str]:
    return {e.code: reverse(e.url_name, args=[slug]) for e in navigation.nav_entries()}


def entry_sections(slug: str) -> dict[str, str]:
    return {reverse(e.url_name, args=[slug]): e.section or e.code for e in navigation.nav_entries()}


def _matrix(client, slug: str) -> tuple[set[str], dict[str, int]]:  # type: ignore[no-untyped-def]
    page = client.get(f"/o/{slug}/postkorb/")
    assert page.status_code == 200
    shown = shown_links(html(page))
    statuses = {}
    for url in entry_urls(slug).values():
        response = client.get(url, follow=True)
        statuses[url] = response.status_code
    return shown, statuses


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_every_role_sees_exactly_the_links_it_may_open(as_user, world, role):  # type: ignore[no-untyped-def]
    """FND-02, issue 9 defect 4: shown → 200 (after the team page's redirect); not shown →
    403/404. The matrix covers every registered entry, core and procedures alike."""
    if role == "superuser":
        user = User.objects.create_superuser("root", password="x")
    else:
        user = world.users[role]
    client = as_user(user)
    shown, statuses = _matrix(client, world.org.slug)
    assert shown <= set(statuses), shown - set(statuses)
    sections = entry_sections(world.org.slug)
    shown_sections = {sections[url] for url in shown}
    for url, status in statuses.items():
        if url in shown:
            assert status == 200, (role, url, status)
        elif sections[url] not in shown_sections:
            # An entry that stands in for another of its section (providers get the intake form
            # instead of the list, which links the form for everyone else) is exempt.
            assert status in (403, 404), (role, url, status)


def test_every_procedure_registers_its_entries():  # type: ignore[no-untyped-def]
    codes = {e.code for e in navigation.nav_entries()}
    assert {
        "postkorb",
        "team",
        "tickets",
        "ticket_controlling",
        "reaktionen",
        "reaktion_erfassen",
        "krm_register",
        "kontakte",
        "kontakte_uebersicht",
        "kunden",
        "fristenrechner",
        "standorte",
        "briefvorlagen",
        "abwesenheiten",
        "benachrichtigungen",
    } <= codes


def test_ticket_controlling_is_not_linked_for_administrators(as_user, world):  # type: ignore[no-untyped-def]
    """Issue 9 defect 4: the admin saw "Ticket-Controlling" and got a 404."""
    client = as_user(world.admin)
    page = html(client.get(f"/o/{world.org.slug}/postkorb/"))
    controlling = reverse("tickets:controlling", args=[world.org.slug])
    assert f'href="{controlling}"' not in page
    assert client.get(controlling).status_code == 404
    lead = html(as_user(world.tl).get(f"/o/{world.org.slug}/postkorb/"))
    assert f'href="{controlling}"' in lead


def test_current_section_is_marked_for_a_registered_entry(as_user, world):  # type: ignore[no-untyped-def]
    page = html(as_user(world.gf).get(f"/o/{world.org.slug}/reaktionen/berichte/"))
    register = reverse("reaction_reports:register", args=[world.org.slug])
    assert f'href="{register}" aria-current="page"' in page


def test_the_core_context_processor_names_no_service_or_procedure():  # type: ignore[no-untyped-def]
    """Issue 10: the navigation asks the registry; it imports no service or procedure."""
    import anliegen.web.context_processors as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    forbidden = ("appointments", "letters", "reactions", "tickets", "contacts")
    assert not [m for m in imported if any(f".{name}" in f".{m}" for name in forbidden)]


def test_a_registered_entry_with_another_definition_is_refused():  # type: ignore[no-untyped-def]
    entry = navigation.nav_entries()[0]
    with pytest.raises(ValueError, match="already registered"):
        navigation.register_nav_entry(
            navigation.NavEntry(entry.code, "x", entry.url_name, lambda scope: True)
        )
