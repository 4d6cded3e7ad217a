"""Issue 9, defect 4 (TKT-09): one function says who may open ticket controlling; the page and
the navigation ask it, so nobody is linked to a page that answers 404."""

from __future__ import annotations

import pytest

from anliegen.org.scope import scope_for
from anliegen.tickets.controlling import may_open_controlling

ROLES = [
    ("gf", True),
    ("office", True),
    ("bl", True),
    ("tl", True),
    ("deputy", True),
    ("tl_integration", True),
    ("worker", False),
    ("worker2", False),
    ("av", False),
    ("provider", False),
    ("admin", False),
]


@pytest.mark.parametrize(("who", "allowed"), ROLES)
def test_may_open_controlling_matches_the_page(client, world, who, allowed):
    """TKT-09: the answer of the function and the page agree for every role."""
    user = getattr(world, who)
    assert may_open_controlling(scope_for(user, world.org)) is allowed
    client.force_login(user)
    response = client.get(f"/o/{world.org.slug}/tickets/controlling/")
    if allowed:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404


def test_admin_is_not_offered_controlling(world):
    """Defect 4: an administrator without a casework role sees no customers' tickets."""
    assert not may_open_controlling(scope_for(world.admin, world.org))


def test_superuser_may_open_controlling(client, world, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@x.example", "pw")
    assert may_open_controlling(scope_for(root, world.org))
    client.force_login(root)
    assert client.get(f"/o/{world.org.slug}/tickets/controlling/").status_code == 200


def test_area_management_without_teams_may_not(world):
    """A BL whose area has no team has nothing to control."""
    from anliegen.org.models import Area, Membership
    from tests.factories import make_user

    empty = Area.objects.create(
        organisation=world.org, site=world.team.area.site, kind="benefits", name="Leer"
    )
    bl = make_user("bl_empty", org=world.org, role="area_management", area=empty)
    assert Membership.objects.filter(user=bl).exists()
    assert not may_open_controlling(scope_for(bl, world.org))
