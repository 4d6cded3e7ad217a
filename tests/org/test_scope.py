"""FND-01/FND-02: organisation and team scope, one helper layer."""

import pytest

from anliegen.core.errors import NotFound
from anliegen.org.scope import get_scope_for, get_team_for, organisations_for, scope_for
from anliegen.work.access import items_visible_to


def test_member_gets_scope_of_own_organisation_only(world, other):
    assert get_scope_for(world.worker, "jc-test").organisation == world.org
    with pytest.raises(NotFound):
        get_scope_for(world.worker, "jc-other")
    with pytest.raises(NotFound):
        get_scope_for(world.worker, "does-not-exist")


def test_organisations_for_user_and_superuser(world, other, django_user_model):
    assert list(organisations_for(world.tl)) == [world.org]
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    assert set(organisations_for(root)) == {world.org, other.org}


@pytest.mark.parametrize(
    ("user", "teams"),
    [
        ("gf", {"Leistung 1", "Integration 1"}),
        ("office", {"Leistung 1", "Integration 1"}),
        ("admin", {"Leistung 1", "Integration 1"}),
        ("bl", {"Integration 1"}),
        ("tl", {"Leistung 1"}),
        ("deputy", {"Leistung 1"}),
        ("tl_integration", {"Integration 1"}),
        ("worker", set()),
        ("av", set()),
        ("provider", set()),
    ],
)
def test_visible_teams_follow_the_role(world, user, teams):
    scope = scope_for(world.users[user], world.org)
    assert {t.name for t in scope.visible_teams()} == teams


def test_team_of_another_org_is_not_found(world, other):
    with pytest.raises(NotFound):
        get_team_for(scope_for(world.gf, world.org), other.team.id)


def test_items_of_another_org_are_never_visible(world, other):
    from anliegen.work.actions import create_item
    from tests.factories import make_customer

    foreign = create_item(
        actor=other.tl,
        organisation=other.org,
        kind="ticket",
        title="fremd",
        customer=make_customer(other),
        team=other.team,
        assignee=other.worker,
    )
    assert not items_visible_to(scope_for(world.gf, world.org)).filter(id=foreign.id).exists()
