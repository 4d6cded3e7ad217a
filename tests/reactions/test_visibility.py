"""KRM-02: complaints about conduct and petitions only for management and its office — through
the reaction queries, the API (404), the work items and every worklist. Other reactions: the
leads of the teams concerned; employees concerned are only notified; providers see nothing."""

import datetime as dt

import pytest

from anliegen.core.errors import NotFound
from anliegen.org.models import Absence
from anliegen.org.scope import scope_for
from anliegen.reactions.queries import get_reaction_for, reactions_visible_to
from anliegen.work.access import ensure_may_act, get_item_for, items_visible_to
from anliegen.work.queries import worklist_for_team, worklist_for_user

ROLES = [
    "gf",
    "office",
    "bl",
    "tl",
    "deputy",
    "worker",
    "worker2",
    "av",
    "tl_integration",
    "provider",
    "admin",
]
MANAGEMENT = {"gf", "office"}


@pytest.fixture
def confidential(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    return {
        kind: new_reaction(
            kind=kind,
            by=world.tl,
            teams=[world.team.id, world.team_integration.id],
            employee_usernames=["worker", "av"],
        )
        for kind in ("conduct_complaint", "petition")
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["conduct_complaint", "petition"])
def test_confidential_reactions_only_for_management(world, confidential, role, kind):
    reaction = confidential[kind]
    scope = scope_for(world.users[role], world.org)
    visible = role in MANAGEMENT
    assert reactions_visible_to(scope).filter(id=reaction.id).exists() is visible
    assert items_visible_to(scope).filter(id=reaction.item_id).exists() is visible
    if visible:
        assert get_reaction_for(scope, reaction.id) == reaction
        assert get_item_for(scope, reaction.item_id) == reaction.item
        ensure_may_act(scope, reaction.item)
    else:
        with pytest.raises(NotFound):
            get_reaction_for(scope, reaction.id)
        with pytest.raises(NotFound):
            get_item_for(scope, reaction.item_id)
        with pytest.raises(NotFound):
            ensure_may_act(scope, reaction.item)
    mine = worklist_for_user(scope).filter(id=reaction.item_id).exists()
    assert mine is (role == "gf")
    for team in (world.team, world.team_integration):
        assert not worklist_for_team(scope, team).filter(id=reaction.item_id).exists()


@pytest.mark.parametrize("role", ROLES)
def test_confidential_reactions_are_not_found_through_the_api(api, world, confidential, role):
    for reaction in confidential.values():
        response = api.get(f"/orgs/jc-test/reactions/{reaction.id}", user=world.users[role])
        assert response.status_code == (200 if role in MANAGEMENT else 404)
        item = api.get(f"/orgs/jc-test/items/{reaction.item_id}", user=world.users[role])
        assert item.status_code == (200 if role in MANAGEMENT else 404)


def test_another_organisation_sees_nothing(api, world, other, confidential, new_reaction):
    ordinary = new_reaction()
    for user in (other.gf, other.office, other.admin):
        scope = scope_for(user, other.org)
        assert not reactions_visible_to(scope).exists()
        assert not items_visible_to(scope).filter(kind="reaction").exists()
        for reaction in (*confidential.values(), ordinary):
            assert api.get(f"/orgs/jc-test/reactions/{reaction.id}", user=user).status_code == 404
            assert api.get(f"/orgs/jc-other/reactions/{reaction.id}", user=user).status_code == 404


def test_deputy_of_absent_management_does_not_see_them(world, confidential):
    """The GF's deputy while the GF is absent is no member of management: their worklist
    leaves the confidential reactions out (the GF office and the GF see them)."""
    Absence.objects.create(
        user=world.gf,
        organisation=world.org,
        start=dt.date(2026, 11, 20),
        end=dt.date(2026, 12, 4),
        deputy=world.bl,
    )
    scope = scope_for(world.bl, world.org)
    assert not worklist_for_user(scope).filter(kind="reaction").exists()
    assert not items_visible_to(scope).filter(kind="reaction").exists()
    assert not reactions_visible_to(scope).exists()


def test_ordinary_reactions_for_the_leads_of_the_teams_concerned(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    one_team = new_reaction(employee_usernames=["worker"])
    two_teams = new_reaction(teams=[world.team.id, world.team_integration.id])
    expected = {
        "gf": {one_team, two_teams},
        "office": {one_team, two_teams},
        "tl": {one_team, two_teams},
        "deputy": {one_team, two_teams},
        "tl_integration": {two_teams},  # involved
        "bl": {two_teams},  # BL of the integration area
        "worker": set(),  # concerned, only notified
        "worker2": set(),
        "av": set(),
        "provider": set(),
        "admin": set(),
    }
    for role, reactions in expected.items():
        scope = scope_for(world.users[role], world.org)
        assert set(reactions_visible_to(scope)) == reactions, role


def test_a_provider_who_recorded_sees_nothing_afterwards(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(by=world.provider, kind="praise", channel="phone")
    scope = scope_for(world.provider, world.org)
    assert not reactions_visible_to(scope).exists()
    with pytest.raises(NotFound):
        get_reaction_for(scope, reaction.id)


def test_a_reaction_reassigned_to_a_case_worker_is_visible_to_them(world, new_reaction, travel):
    from anliegen.work.actions import reassign_items

    travel("2026-11-23 12:00")
    reaction = new_reaction()
    reassign_items(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        items=[reaction.item],
        assignee=world.worker,
    )
    assert get_reaction_for(scope_for(world.worker, world.org), reaction.id) == reaction
