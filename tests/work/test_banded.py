"""Issue 9, FND-07: reading the default order band by band (``Banded``) gives exactly the rows
and the order of sorting the whole worklist, for every page, also across band boundaries."""

from __future__ import annotations

import itertools

from anliegen.org.scope import scope_for
from anliegen.work.queries import Banded, light_counts, worklist_for_team, worklist_for_user
from tests.web.helpers import make_item


def test_banded_pages_equal_the_sorted_worklist(world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    lights = itertools.cycle(["green", "red", "amber", "green", "green", "red", "amber"])
    for n in range(23):
        make_item(world, assignee=world.worker, light=next(lights), priority=1 + n % 4)
    scope = scope_for(world.worker, world.org)
    items = worklist_for_user(scope)
    expected = [i.id for i in items]
    banded = Banded(items)
    assert banded.count() == len(expected) == 23
    assert banded.counts() == light_counts(items)
    for size in (1, 4, 5, 10, 50):
        pages = [[i.id for i in banded[start : start + size]] for start in range(0, 23, size)]
        assert list(itertools.chain(*pages)) == expected, size
    assert [i.id for i in banded[7:12]] == expected[7:12]
    assert [i.id for i in Banded(worklist_for_user(scope, lights=["amber"]))[0:50]] == [
        i.id for i in worklist_for_user(scope, lights=["amber"])
    ]
    lead = scope_for(world.tl, world.org)
    assert [i.id for i in Banded(worklist_for_team(lead, world.team))[0:30]] == [
        i.id for i in worklist_for_team(lead, world.team)
    ]


def test_the_first_page_needs_no_band_counts(world, travel):  # type: ignore[no-untyped-def]
    """The first page stops after the bands it needs: two red items fill a page of two (one
    query of work items; the rows' assignees and teams follow by key)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    travel("2026-11-23 09:00")
    red = [make_item(world, assignee=world.worker, light="red", priority=p) for p in (3, 1)]
    make_item(world, assignee=world.worker, light="green", priority=1)
    items = worklist_for_user(scope_for(world.worker, world.org))
    with CaptureQueriesContext(connection) as captured:
        first = Banded(items)[0:2]
    item_queries = [q for q in captured.captured_queries if 'FROM "work_workitem"' in q["sql"]]
    assert len(item_queries) == 1
    assert "COUNT" not in item_queries[0]["sql"]
    assert [i.id for i in first] == [red[1].id, red[0].id]
    assert [i.id for i in Banded(items)[0:3]][2] not in {r.id for r in red}
