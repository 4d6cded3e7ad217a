"""Confidential reactions stay with management in the demo (issue 14 fault 6, KRM-02).

The demo used to create work items titled "Dienstaufsichtsbeschwerde: …" without a reaction
behind them: ``admin.lichtenberg`` opened them through ``items/{id}`` and case workers read
"Kundenreaktion eingegangen: Dienstaufsichtsbeschwerde: …" in a customer's history. This module
loads the small demo and reads every path that shows items or history — the item API, the
worklists, search, exports, customer history (API and page), notifications (API and page) — as
one user of every non-management role of every organisation, looking for confidential text."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import Client

from anliegen.customers.models import HistoryEntry
from anliegen.demo import data
from anliegen.org.models import Membership, Organisation, Team
from anliegen.org.roles import Role
from anliegen.reactions.models import Reaction
from anliegen.work.access import CONFIDENTIAL_REACTION_KINDS, CONFIDENTIAL_ROLES
from anliegen.work.models import Kind, WorkItem
from tests.api.conftest import Api

DAY = dt.date(2026, 12, 27)
#: Words that name a confidential reaction wherever they appear.
WORDS = ("Dienstaufsicht", "Petition")


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


def test_every_reaction_item_of_the_demo_has_its_reaction(demo, db):
    """The demo creates reactions only through the reaction actions."""
    bare = WorkItem.objects.filter(kind=Kind.REACTION, reaction__isnull=True)
    assert not bare.exists(), list(bare.values_list("organisation__slug", "title")[:5])
    conduct = Reaction.objects.filter(kind__in=CONFIDENTIAL_REACTION_KINDS)
    slugs = set(conduct.values_list("organisation__slug", flat=True))
    assert {"jc-berlin-lichtenberg", "jc-potsdam", "jobagentur-en"} <= slugs, slugs


def _needles(org: Organisation) -> list[str]:
    texts = Reaction.objects.filter(
        organisation=org, kind__in=CONFIDENTIAL_REACTION_KINDS
    ).values_list("text", flat=True)
    return [*WORDS, *(text[:40] for text in texts)]


def _readers(org: Organisation) -> list[Membership]:
    """One member of every role but management and its office."""
    seen: dict[str, Membership] = {}
    for membership in (
        Membership.objects.filter(organisation=org, user__is_active=True)
        .exclude(role__in=CONFIDENTIAL_ROLES)
        .select_related("user")
        .order_by("id")
    ):
        if not membership.user.memberships.filter(
            organisation=org, role__in=CONFIDENTIAL_ROLES
        ).exists():
            seen.setdefault(membership.role, membership)
    return list(seen.values())


def _pages(org: Organisation, user_id: int) -> list[str]:
    """The paths a member of staff can read items, history and notifications through."""
    slug = org.slug
    # Whatever could be confidential, not only what has a confidential Reaction behind it.
    naming = Q()
    for word in WORDS:
        naming |= Q(title__icontains=word)
    confidential = WorkItem.objects.filter(organisation=org).filter(
        Q(kind=Kind.REACTION, reaction__isnull=True)
        | Q(reaction__kind__in=CONFIDENTIAL_REACTION_KINDS)
        | naming
    )
    mentioned = HistoryEntry.objects.filter(organisation=org).filter(
        Q(text__icontains=WORDS[0]) | Q(text__icontains=WORDS[1])
    )
    numbers = set(confidential.values_list("customer__customer_number", flat=True))
    numbers |= set(mentioned.values_list("customer__customer_number", flat=True))
    customers = sorted(numbers - {None})
    teams = list(Team.objects.filter(organisation=org).values_list("id", flat=True))
    api = [
        f"/api/v1/orgs/{slug}/worklist?limit=1000",
        *(f"/api/v1/orgs/{slug}/worklist?q={word}" for word in WORDS),
        f"/api/v1/orgs/{slug}/notifications?limit=1000",
        *(f"/api/v1/orgs/{slug}/teams/{team}/worklist?limit=1000" for team in teams),
        *(f"/api/v1/orgs/{slug}/items/{item}" for item in confidential.values_list("id", flat=1)),
        *(f"/api/v1/orgs/{slug}/customers/{number}/history?limit=1000" for number in customers),
    ]
    web = [
        f"/o/{slug}/postkorb/",
        f"/o/{slug}/postkorb/?export=csv",
        *(f"/o/{slug}/postkorb/?q={word}" for word in WORDS),
        *(f"/o/{slug}/team/{team}/?export=csv" for team in teams),
        f"/o/{slug}/reaktionen/?export=csv",
        f"/o/{slug}/benachrichtigungen/",
        *(f"/o/{slug}/kunden/{number}/" for number in customers),
        *(
            f"/o/{slug}/reaktionen/vorgang/{item}/"
            for item in confidential.values_list("id", flat=1)
        ),
    ]
    return api + web


def test_no_confidential_text_reaches_a_non_management_role(demo, db):
    api = Api()
    leaks: list[tuple[str, str, str, int]] = []
    checked = 0
    for org in Organisation.objects.filter(slug__in=data.DEMO_SLUGS).order_by("slug"):
        needles = _needles(org)
        for membership in _readers(org):
            user = membership.user
            web = Client()
            web.force_login(user)
            headers = {"HTTP_AUTHORIZATION": f"Bearer {api.token(user)}"}
            for path in _pages(org, user.id):
                client, extra = (api.client, headers) if path.startswith("/api/") else (web, {})
                response = client.get(path, **extra)
                assert response.status_code < 500, (path, response.status_code)
                body = b"".join(response) if response.streaming else response.content
                text = body.decode("utf-8", errors="replace")
                if path.startswith("/api/") and response.status_code == 200:
                    text = json.dumps(json.loads(body), ensure_ascii=False)
                checked += 1
                for needle in needles:
                    if needle in text and needle not in path:  # a search echoes its words
                        leaks.append((user.username, membership.role, path, response.status_code))
                        break
    assert checked > 100
    assert leaks == [], f"{len(leaks)} leaks, e.g. {leaks[:10]}"


def test_management_does_see_them(demo, db):
    """The scan would find the text if it were shown: management reads it in its worklist."""
    org = Organisation.objects.get(slug="jc-berlin-lichtenberg")
    gf = Membership.objects.filter(organisation=org, role=Role.MANAGEMENT).first()
    assert gf is not None
    api = Api()
    response = api.get(f"/orgs/{org.slug}/worklist", user=gf.user, limit=1000)
    titles = [item["id"] for item in json.loads(response.content)]
    confidential = WorkItem.objects.filter(
        organisation=org, reaction__kind__in=CONFIDENTIAL_REACTION_KINDS, status="open"
    ).values_list("id", flat=True)
    assert set(confidential) <= set(titles)
    client = Client()
    client.force_login(gf.user)
    item = confidential[0]
    page = client.get(f"/o/{org.slug}/reaktionen/vorgang/{item}/", follow=True)
    assert "Dienstaufsicht" in page.content.decode()
