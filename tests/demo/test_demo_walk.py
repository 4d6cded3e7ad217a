"""Issue 9 (FND-07, FND-08): the demo walk. For every work-item kind in the demo, whoever holds
an item finds a link in their Postkorb to a page that answers 200 and offers a way to finish
it; and the top of the Postkorb of tl.lichtenberg, gf.sha, tl.sha and av.lichtenberg is what is
most urgent (no green above red)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from anliegen.org.models import Membership, User
from anliegen.org.scope import scope_for
from anliegen.work import kinds
from anliegen.work.models import Status, WorkItem
from anliegen.work.queries import worklist_for_user

BANDS = {"red": 0, "amber": 1, "green": 2}
#: What a page offers to finish an item, per kind: the form (or link) that ends it.
FINISH_MARKERS = (
    "/erledigen/",  # tickets (resolution), generic items (complete with note), petitions
    "/outcome/",  # reactions: record the outcome and complete
    "/wochenplan/",  # due invitations: the weekly plan
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The small demo on a working day, loaded once for the module and rolled back after it."""
    traveller = time_machine.travel("2026-12-09 10:00 +01:00", tick=False)
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


def _rows(html: str) -> list[tuple[str, str]]:
    """(light, link) of every Postkorb row, in order."""
    rows = []
    for row in re.findall(r'<tr class="row--(\w+)">(.*?)</tr>', html, re.S):
        link = re.search(r'<a class="worklist__text" href="([^"]+)"', row[1])
        rows.append((row[0], link.group(1) if link else ""))
    return rows


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _walk(item: WorkItem) -> str:
    """Walk one item as its holder; "" if it opens and can be finished, else what is wrong."""
    scope = scope_for(item.assignee, item.organisation)
    if item.id not in set(worklist_for_user(scope).values_list("id", flat=True)):
        return "not in the Postkorb"
    client = _client(item.assignee)
    org = item.organisation.slug
    listed = client.get(f"/o/{org}/postkorb/", {"q": item.title[:90], "sort": "urgent"})
    links = [link for _light, link in _rows(listed.content.decode())]
    url = kinds.url_for(item, org)
    if not url or url not in links:
        return "no link in the Postkorb"
    page = client.get(url, follow=True)
    if page.status_code != 200:
        return f"{url} answers {page.status_code}"
    if not any(marker in page.content.decode() for marker in FINISH_MARKERS):
        return f"{url} offers no way to finish it"
    return ""


def test_every_kind_in_the_demo_opens_and_can_be_finished(demo, db):  # type: ignore[no-untyped-def]
    """Issue 9: every row links to a page answering 200 that offers a way to finish the item.
    (Petitions: see the next test.)"""
    open_items = WorkItem.objects.filter(status=Status.OPEN, assignee__isnull=False).exclude(
        reaction__kind="petition"
    )
    present = set(open_items.values_list("kind", flat=True))
    assert {"ticket", "reaction", "follow_up"} <= present
    for code in sorted(present):
        assert kinds.get(code) is not None, f"kind {code!r} is not registered"
        checked = 0
        for item in open_items.filter(kind=code).select_related("assignee", "organisation")[:40]:
            problem = _walk(item)
            if problem == "not in the Postkorb":
                continue  # e.g. a follow-up whose day has not come
            assert not problem, f"{code} item {item.id}: {problem}"
            checked += 1
            if checked == 3:
                break
        assert checked, f"no {code} item of the demo could be walked"


@pytest.mark.parametrize("username", ["tl.lichtenberg", "gf.sha", "tl.sha", "av.lichtenberg"])
def test_top_of_the_postkorb_is_the_most_urgent(demo, db, username):  # type: ignore[no-untyped-def]
    """Issue 9, FND-07: no green above red, no amber above red, on the first page."""
    user = User.objects.get(username=username)
    org = Membership.objects.filter(user=user).select_related("organisation").first()
    assert org is not None
    response = _client(user).get(f"/o/{org.organisation.slug}/postkorb/")
    assert response.status_code == 200
    lights = [light for light, _link in _rows(response.content.decode())]
    assert lights, f"{username} has an empty Postkorb"
    assert lights == sorted(lights, key=BANDS.__getitem__), lights
    if "red" in lights:
        assert lights[0] == "red"
    assert all(link for _light, link in _rows(response.content.decode())), "a row without a link"


def test_a_petition_in_the_demo_can_be_finished(demo, db):  # type: ignore[no-untyped-def]
    """Issue 9: the petitions in gf.sha's Postkorb must be finishable too."""
    petitions = WorkItem.objects.filter(
        status=Status.OPEN, reaction__kind="petition", assignee__isnull=False
    ).select_related("assignee", "organisation")
    assert petitions.exists()
    assert [_walk(item) for item in petitions[:3]] == ["", "", ""][: min(3, petitions.count())]
