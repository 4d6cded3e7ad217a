"""Confidentiality denies by default (issue 14 fault 6, KRM-02): a reaction work item whose
reaction the caller may not see is hidden — also when no ``Reaction`` row stands behind it, as
the demo used to create. Only management and its office see it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from anliegen.core.errors import NotFound
from anliegen.org.scope import scope_for
from anliegen.work.access import ensure_may_act, get_item_for, items_visible_to
from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.models import Kind
from anliegen.work.queries import worklist_for_team, worklist_for_user

TITLE = "Dienstaufsichtsbeschwerde: Verhalten im Beratungsgespräch"
NON_MANAGEMENT = ("tl", "deputy", "worker", "bl", "admin")


@pytest.fixture
def bare_reaction_item(world, customer):  # type: ignore[no-untyped-def]
    """A reaction item without a reaction, assigned to a team lead of the team."""
    return create_item(
        actor=None,
        organisation=world.org,
        kind=Kind.REACTION,
        title=TITLE,
        customer=customer,
        team=world.team,
        assignee=world.tl,
        priority=3,
        deadlines=[DeadlineSpec("main", dt.date(2026, 12, 30))],
    )


@pytest.mark.parametrize("who", NON_MANAGEMENT)
def test_reaction_item_without_reaction_is_hidden(world, bare_reaction_item, who):
    user = getattr(world, who)
    scope = scope_for(user, world.org)
    assert not items_visible_to(scope).filter(id=bare_reaction_item.id).exists()
    with pytest.raises(NotFound):
        get_item_for(scope, bare_reaction_item.id)
    with pytest.raises(NotFound):
        ensure_may_act(scope, bare_reaction_item)
    assert bare_reaction_item not in worklist_for_user(scope)
    assert bare_reaction_item not in worklist_for_team(scope, world.team)


@pytest.mark.parametrize("who", ["gf", "office"])
def test_management_still_sees_it(world, bare_reaction_item, who):
    scope = scope_for(getattr(world, who), world.org)
    assert get_item_for(scope, bare_reaction_item.id) == bare_reaction_item


def test_item_api_does_not_open_it_for_the_admin(world, bare_reaction_item):
    """admin.lichtenberg opened such an item through ``items/{id}``."""
    from tests.api.conftest import Api, assert_problem

    api = Api()
    response = api.get(f"/orgs/jc-test/items/{bare_reaction_item.id}", user=world.admin)
    assert_problem(response, 404)
    listing = api.get("/orgs/jc-test/worklist", user=world.tl)
    assert TITLE not in json.dumps(json.loads(listing.content), ensure_ascii=False)
