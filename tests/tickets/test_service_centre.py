"""Issue 9, defect 1 (TKT-01, SOC-01): the agents of a service-centre region send tickets to the
job centres their region serves, through the API of the receiving organisation and the UI of
the region; they see what they sent and nothing more. Scoping is tested as a matrix."""

from __future__ import annotations

import json

import pytest

from anliegen.audit.models import AccessEntry
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.scope import scope_for, sending_scope_for
from anliegen.tickets.actions import complete_ticket, create_ticket
from anliegen.tickets.models import Ticket
from anliegen.tickets.sending import send_ticket
from tests.api.conftest import assert_problem
from tests.factories import make_customer
from tests.web.helpers import html


@pytest.fixture
def cust(world):
    return make_customer(world, contact_person=world.worker, phone="0301234567")


def _body(cust, **overrides):
    body = {
        "area": "benefits",
        "customer_number": cust.customer_number,
        "concern": "Frage zum Bewilligungsbescheid",
        "kind": "concern",
    }
    body.update(overrides)
    return body


def _send(sc, cust, user=None, **overrides):
    user = user or sc.agent
    ticket, _created = send_ticket(
        actor=user, scope=scope_for(user, sc.org), **_body(cust, **overrides)
    )
    return ticket


# --- Actions ----------------------------------------------------------------------------------


def test_agent_sends_a_ticket_into_the_served_job_centre(world, sc, cust):
    """Defect 1: before, the agent got 'no team in this area' or 'unknown customer number'."""
    ticket = _send(sc, cust)
    assert ticket.organisation == world.org
    assert ticket.item.organisation == world.org
    assert ticket.item.assignee == world.worker  # routed as any ticket (contact person)
    assert ticket.created_by == sc.agent
    assert ticket.service_centre == sc.org
    # The lookup of the customer is logged as a view of the record (FND-10).
    assert AccessEntry.objects.filter(actor=sc.agent, customer=cust, via="sc_ticket").count() == 1


def test_lead_of_the_sc_team_sends_too(world, sc, cust):
    assert _send(sc, cust, user=sc.lead).organisation == world.org


@pytest.mark.parametrize("who", ["back_office", "admin"])
def test_sc_staff_without_a_sending_role_may_not_send(world, sc, cust, who):
    user = getattr(sc, who)
    with pytest.raises(Forbidden):
        _send(sc, cust, user=user)
    with pytest.raises(NotFound):
        sending_scope_for(user, world.org)
    assert not Ticket.objects.exists()


def test_unknown_number_in_the_served_organisations(world, other, sc):
    """A customer of an organisation the region does not serve is unknown; nothing changes."""
    foreign = make_customer(other)
    with pytest.raises(InvalidInput) as exc:
        _send(sc, foreign)
    assert "customer_number" in exc.value.errors
    assert not Ticket.objects.exists()
    assert not AccessEntry.objects.exists()


def test_the_region_does_not_serve_the_chosen_organisation(world, other, sc, cust):
    with pytest.raises(InvalidInput) as exc:
        _send(sc, cust, organisation=other.org.slug)
    assert "organisation" in exc.value.errors


def test_same_number_in_two_served_organisations_asks_for_the_organisation(world, other, sc, cust):
    from anliegen.org.actions import add_served_organisation

    add_served_organisation(actor=sc.admin, scope=scope_for(sc.admin, sc.org), served=other.org)
    make_customer(other, customer_number=cust.customer_number)
    with pytest.raises(InvalidInput) as exc:
        _send(sc, cust)
    assert "organisation" in exc.value.errors
    ticket = _send(sc, cust, organisation=other.org.slug)
    assert ticket.organisation == other.org


def test_sending_scope_has_no_customer_access(world, sc, cust):
    from anliegen.customers.queries import customers_visible_to
    from anliegen.work.access import items_visible_to

    scope = sending_scope_for(sc.agent, world.org)
    assert scope.sending_for == sc.org
    assert not scope.may_see_customers
    assert not customers_visible_to(scope).exists()
    _send(sc, cust)
    assert not items_visible_to(scope).exists()


def test_sc_agent_records_no_walk_ins(world, sc, cust):
    with pytest.raises(InvalidInput) as exc:
        create_ticket(
            actor=sc.agent,
            scope=sending_scope_for(sc.agent, world.org),
            kind="walk_in",
            **{k: v for k, v in _body(cust).items() if k != "kind"},
        )
    assert "kind" in exc.value.errors


# --- API matrix -------------------------------------------------------------------------------


def _post(api, user, org, cust, **overrides):
    return api.post(f"/orgs/{org}/tickets", _body(cust, **overrides), user=user)


def test_api_agent_creates_in_the_served_organisation(api, world, sc, cust, travel):
    travel("2026-11-23 10:00")
    response = _post(api, sc.agent, world.org.slug, cust)
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert body["due_date"] == "2026-11-30"
    assert body["status"] == "open"
    assert body["restricted"] is True
    assert body["assignee"] is None  # how it is handled is not the agent's business
    assert Ticket.objects.get(id=body["id"]).item.assignee == world.worker


@pytest.mark.parametrize("who", ["back_office", "admin"])
def test_api_sc_staff_without_sending_role_get_404(api, world, sc, cust, who):
    assert_problem(_post(api, getattr(sc, who), world.org.slug, cust), 404)
    assert not Ticket.objects.exists()


def test_api_agent_gets_404_in_an_organisation_not_served(api, world, other, sc):
    foreign = make_customer(other)
    assert_problem(_post(api, sc.agent, other.org.slug, foreign), 404)
    assert not Ticket.objects.exists()


def test_api_unknown_number_is_422(api, world, other, sc):
    foreign = make_customer(other)
    assert_problem(_post(api, sc.agent, world.org.slug, foreign), 422, fields=("customer_number",))


def test_api_scoping_matrix(api, world, other, sc, cust, new_ticket, travel):
    """Who sees which ticket, and what, through the API (TKT-01, NFR-05)."""
    travel("2026-11-23 10:00")
    mine = json.loads(_post(api, sc.agent, world.org.slug, cust).content)["id"]
    by_lead = json.loads(_post(api, sc.lead, world.org.slug, cust).content)["id"]
    jc_own = new_ticket().id  # recorded inside the job centre
    base = f"/orgs/{world.org.slug}/tickets"

    def status(user, path):
        return api.get(path, user=user).status_code

    # SC agent: their own ticket (restricted), nothing else.
    own = json.loads(api.get(f"{base}/{mine}", user=sc.agent).content)
    assert own["restricted"] is True
    assert own["commitments"] == []
    assert own["violations"] is None
    assert status(sc.agent, f"{base}/{by_lead}") == 404
    assert status(sc.agent, f"{base}/{jc_own}") == 404
    listed = json.loads(api.get(base, user=sc.agent, status="all").content)
    assert [t["id"] for t in listed] == [mine]
    # SC lead: the same, for their own ticket only.
    assert status(sc.lead, f"{base}/{by_lead}") == 200
    assert status(sc.lead, f"{base}/{mine}") == 404
    # No other door opens for the SC: customers, worklist, teams, acting on the ticket.
    for user in (sc.agent, sc.lead):
        assert status(user, f"/orgs/{world.org.slug}/customers/{cust.customer_number}") == 404
        assert status(user, f"/orgs/{world.org.slug}/worklist") == 404
        assert status(user, f"/orgs/{world.org.slug}/teams") == 404
        commit = api.post(
            f"{base}/{mine}/commitment",
            {"promised_date": "2026-12-01", "note": "x"},
            user=user,
        )
        assert commit.status_code == 404
    # JC staff of the served organisation: the full ticket, as any other.
    full = json.loads(api.get(f"{base}/{mine}", user=world.worker).content)
    assert full["restricted"] is False
    assert full["assignee"] == "worker"
    assert status(world.worker, f"/orgs/{sc.org.slug}/tickets") == 404
    # Staff of an organisation the region does not serve: nothing.
    for user in (other.gf, other.worker):
        assert status(user, f"{base}/{mine}") == 404
        assert status(user, base) == 404


def test_api_completed_ticket_shows_state_but_not_resolution(api, world, sc, cust, travel):
    travel("2026-11-23 10:00")
    ticket_id = json.loads(_post(api, sc.agent, world.org.slug, cust).content)["id"]
    ticket = Ticket.objects.get(id=ticket_id)
    complete_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        resolution="Bescheid telefonisch erklärt, Sozialdaten …",
    )
    body = json.loads(api.get(f"/orgs/{world.org.slug}/tickets/{ticket_id}", user=sc.agent).content)
    assert body["status"] == "completed"
    assert body["resolution"] is None
    assert "Sozialdaten" not in json.dumps(body)


def test_api_idempotency_for_the_sc(api, world, sc, cust):
    def post(concern):
        return api.client.post(
            f"/api/v1/orgs/{world.org.slug}/tickets",
            json.dumps(_body(cust, concern=concern)),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {api.token(sc.agent)}",
            HTTP_IDEMPOTENCY_KEY="cti-1",
        )

    first, again = post("a"), post("a")
    assert json.loads(first.content)["id"] == json.loads(again.content)["id"]
    assert_problem(post("b"), 422, fields=("idempotency_key",))


# --- UI ---------------------------------------------------------------------------------------


def test_ui_agent_sends_and_follows_the_ticket(client, world, sc, cust):
    client.force_login(sc.agent)
    form = client.get(f"/o/{sc.org.slug}/tickets/neu/")
    assert form.status_code == 200
    page = html(form)
    assert world.org.name in page
    assert "Wohin das Ticket geht" in page
    response = client.post(
        f"/o/{sc.org.slug}/tickets/neu/",
        {
            "organisation": "",
            "customer_number": f" {cust.customer_number} ",
            "area": "benefits",
            "kind": "concern",
            "concern": "Frage zum Bescheid",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == f"/o/{sc.org.slug}/tickets/gesendet/{ticket.id}/"
    detail = html(client.get(response.url))
    assert "Erika Mustermann" in detail
    assert world.org.name in detail
    assert cust.phone not in detail  # no other customer data
    listing = client.get(f"/o/{sc.org.slug}/tickets/")
    assert listing.url == f"/o/{sc.org.slug}/tickets/gesendet/"
    assert f"Ticket {ticket.id}" in html(client.get(listing.url))
    # The job centre's own pages stay closed.
    assert client.get(f"/o/{world.org.slug}/tickets/{ticket.id}/").status_code == 404
    assert client.get(f"/o/{world.org.slug}/tickets/").status_code == 404


def test_ui_unknown_number_stays_on_the_form(client, world, other, sc):
    foreign = make_customer(other)
    client.force_login(sc.agent)
    response = client.post(
        f"/o/{sc.org.slug}/tickets/neu/",
        {
            "customer_number": foreign.customer_number,
            "area": "benefits",
            "kind": "concern",
            "concern": "x",
        },
    )
    assert response.status_code == 200
    assert "in den Organisationen, die Ihre Region betreut" in html(response)
    assert not Ticket.objects.exists()


def test_ui_other_agents_ticket_is_not_shown(client, world, sc, cust):
    ticket = _send(sc, cust, user=sc.agent2)
    client.force_login(sc.agent)
    assert client.get(f"/o/{sc.org.slug}/tickets/gesendet/{ticket.id}/").status_code == 404
    assert f"Ticket {ticket.id}" not in html(client.get(f"/o/{sc.org.slug}/tickets/gesendet/"))


@pytest.mark.parametrize("who", ["back_office", "admin"])
def test_ui_sc_staff_without_sending_role(client, sc, who):
    client.force_login(getattr(sc, who))
    assert client.get(f"/o/{sc.org.slug}/tickets/neu/").status_code == 404
    assert client.get(f"/o/{sc.org.slug}/tickets/gesendet/").status_code == 404


def test_ui_completed_ticket_shows_no_resolution(client, world, sc, cust):
    ticket = _send(sc, cust)
    complete_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        resolution="Vertraulicher Vermerk",
    )
    client.force_login(sc.agent)
    page = html(client.get(f"/o/{sc.org.slug}/tickets/gesendet/{ticket.id}/"))
    assert "erledigt" in page
    assert "Vertraulicher Vermerk" not in page


def test_ui_jc_staff_see_the_sent_ticket_as_any(client, world, other, sc, cust):
    ticket = _send(sc, cust)
    client.force_login(world.worker)
    assert client.get(f"/o/{world.org.slug}/tickets/{ticket.id}/").status_code == 200
    assert client.get(f"/o/{sc.org.slug}/tickets/gesendet/").status_code == 404
    client.force_login(other.gf)
    assert client.get(f"/o/{world.org.slug}/tickets/{ticket.id}/").status_code == 404


def test_ui_sc_staff_who_do_not_send_get_no_intake_links(client, sc):
    """Nobody in a region is linked to a form that answers 404: management and back office
    see no intake or walk-in buttons; a walk-in does not exist in a region."""
    client.force_login(sc.back_office)
    page = html(client.get(f"/o/{sc.org.slug}/tickets/"))
    assert f"/o/{sc.org.slug}/tickets/neu/" not in page
    assert f"/o/{sc.org.slug}/tickets/vorsprache/" not in page
    assert client.get(f"/o/{sc.org.slug}/tickets/vorsprache/").status_code == 404
    client.force_login(sc.agent)
    assert client.get(f"/o/{sc.org.slug}/tickets/vorsprache/").status_code == 404
