"""The customer page lists the customer's reactions the viewer may see (issue 10: a customer
panel registered by reactions); conduct complaints and petitions stay hidden from everyone but
management and its office (KRM-02)."""

import pytest
from django.urls import reverse

from anliegen.org.scope import scope_for
from anliegen.reactions.panels import reactions_context


@pytest.fixture
def reactions(world, new_reaction, travel):
    travel("2026-11-24 10:00")
    return {
        "complaint": new_reaction(by=world.tl, kind="complaint"),
        "conduct": new_reaction(by=world.office, kind="conduct_complaint"),
    }


def _page(client, user, customer):
    client.force_login(user)
    response = client.get(reverse("web:customer", args=["jc-test", customer.customer_number]))
    assert response.status_code == 200
    return response.content.decode()


def test_team_lead_sees_the_complaint_but_not_the_conduct_complaint(
    client, world, customer, reactions
):
    html = _page(client, world.tl, customer)
    assert "Kundenreaktionen" in html
    assert f"KRM-{reactions['complaint'].id}" in html
    assert reverse("reactions:detail", args=["jc-test", reactions["complaint"].id]) in html
    assert f"KRM-{reactions['conduct'].id}" not in html


def test_management_sees_both(client, world, customer, reactions):
    html = _page(client, world.gf, customer)
    assert f"KRM-{reactions['complaint'].id}" in html
    assert f"KRM-{reactions['conduct'].id}" in html


def test_no_panel_for_someone_who_sees_no_reaction(client, world, customer, reactions):
    """A case worker opens the customer record, but sees no reactions: no card at all."""
    assert reactions_context(None, scope_for(world.worker, world.org), customer) is None
    html = _page(client, world.worker, customer)
    assert f"KRM-{reactions['complaint'].id}" not in html
    assert 'id="kundenreaktionen"' not in html
