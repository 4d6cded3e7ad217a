"""Issue 14, fault 8: the API accepted HTML (``<svg onload=…>``) in names and texts that the web
forms refused. The check now lives in the actions (``core.text.ensure_plain``), so both paths
give the same German answer: the API a 422 problem naming the field, the form the message next
to the field — and nothing is stored either way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from anliegen.appointments.models import Appointment
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Absence
from anliegen.org.roles import Role
from anliegen.org.scope import scope_for
from anliegen.reactions.actions import record_reaction
from anliegen.reactions.models import ManagementRequest, Reaction
from anliegen.tickets.actions import create_ticket
from anliegen.tickets.models import Commitment, Completion, Ticket, TicketNote
from anliegen.work.actions import add_follow_up
from anliegen.work.models import WorkItem
from tests.api.conftest import assert_problem
from tests.factories import make_customer, make_user

EVIL = 'Guten Tag <svg onload="alert(1)">'
MESSAGE = "Bitte geben Sie reinen Text ohne HTML-Tags ein."
ORG = "/orgs/jc-test"


@pytest.fixture
def setup(world, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    agent = make_user("agent", org=world.org, role=Role.PHONE_AGENT)
    customer = make_customer(world, contact_person=world.worker)
    ticket, _new = create_ticket(
        actor=agent,
        scope=scope_for(agent, world.org),
        area="benefits",
        customer_number=customer.customer_number,
        concern="Frage zum Bescheid",
    )
    callback_ticket, _new = create_ticket(
        actor=agent,
        scope=scope_for(agent, world.org),
        area="benefits",
        customer_number=customer.customer_number,
        concern="Bitte um Rückruf",
        kind="callback",
    )
    reaction = record_reaction(
        actor=world.office,
        scope=scope_for(world.office, world.org),
        channel="in_person",
        kind="complaint",
        received_at=dt.datetime.fromisoformat("2026-11-23T08:00:00+01:00"),
        team_ids=[world.team.id],
        text="Mein Antrag liegt seit Wochen.",
        customer_number=customer.customer_number,
    )
    follow_up = add_follow_up(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        on=dt.date(2026, 11, 25),
        note="nachfassen",
        customer=customer,
    )
    employer = make_customer(world, kind="employer", company_name="Muster GmbH")
    return {
        "employer": employer,
        "agent": agent,
        "customer": customer,
        "ticket": ticket,
        "callback_ticket": callback_ticket,
        "reaction": reaction,
        "follow_up": follow_up,
    }


def _stored() -> dict[str, int]:
    models: list[Any] = [
        Customer,
        HistoryEntry,
        WorkItem,
        Ticket,
        Commitment,
        Completion,
        TicketNote,
        Reaction,
        ManagementRequest,
        Appointment,
        Absence,
    ]
    return {model.__name__: model.objects.count() for model in models}


def _api_cases(world: Any, s: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any], Any]]:
    """(method, path, field, body, user) for every API operation taking a name or free text."""
    n = s["customer"].customer_number
    t = s["ticket"].id
    r = s["reaction"].id
    f = s["follow_up"].id
    return [
        (
            "post",
            f"{ORG}/customers",
            "first_name",
            {
                "customer_number": "K-NEU-1",
                "first_name": EVIL,
                "last_name": "Muster",
                "birth_date": "1980-01-01",
            },
            world.worker,
        ),
        ("patch", f"{ORG}/customers/{n}", "last_name", {"last_name": EVIL}, world.worker),
        ("patch", f"{ORG}/customers/{n}", "city", {"city": EVIL}, world.worker),
        (
            "post",
            f"{ORG}/customers/{n}/notes",
            "text",
            {"kind": "note", "text": EVIL},
            world.worker,
        ),
        (
            "post",
            f"{ORG}/tickets",
            "concern",
            {"area": "benefits", "customer_number": n, "concern": EVIL},
            s["agent"],
        ),
        (
            "post",
            f"{ORG}/tickets/{t}/commitment",
            "note",
            {"promised_date": "2026-11-27", "note": EVIL},
            world.worker,
        ),
        ("post", f"{ORG}/tickets/{t}/complete", "resolution", {"resolution": EVIL}, world.worker),
        ("post", f"{ORG}/tickets/{t}/callback", "note", {"note": EVIL}, world.worker),
        ("post", f"{ORG}/tickets/{t}/notes", "text", {"text": EVIL}, world.worker),
        (
            "post",
            f"{ORG}/reactions",
            "text",
            {
                "channel": "letter",
                "kind": "complaint",
                "received_at": "2026-11-23T08:00:00+01:00",
                "teams": [world.team.id],
                "text": EVIL,
            },
            world.office,
        ),
        (
            "post",
            f"{ORG}/reactions",
            "sender_name",
            {
                "channel": "letter",
                "kind": "complaint",
                "received_at": "2026-11-23T08:00:00+01:00",
                "teams": [world.team.id],
                "text": "Beschwerde",
                "sender_name": EVIL,
            },
            world.office,
        ),
        (
            "post",
            f"{ORG}/reactions/{r}/outcome",
            "summary",
            {"outcome": "justified", "summary": EVIL},
            world.tl,
        ),
        (
            "post",
            f"{ORG}/reactions/{r}/management-request",
            "text",
            {"reason": "escalation", "text": EVIL},
            world.tl,
        ),
        (
            "post",
            f"{ORG}/follow-ups",
            "note",
            {"date": "2026-11-26", "note": EVIL, "customer_number": n},
            world.worker,
        ),
        ("post", f"{ORG}/follow-ups/{f}/complete", "note", {"note": EVIL}, world.worker),
        (
            "post",
            f"{ORG}/follow-ups/{f}/postpone",
            "note",
            {"date": "2026-11-27", "note": EVIL},
            world.worker,
        ),
        (
            "post",
            f"{ORG}/appointments",
            "note",
            {
                "customer_number": n,
                "case_worker": world.worker.username,
                "starts_at": "2026-11-30T09:00:00+01:00",
                "note": EVIL,
            },
            world.worker,
        ),
        (
            "post",
            f"{ORG}/absences",
            "note",
            {"start": "2026-12-01", "end": "2026-12-02", "note": EVIL},
            world.worker,
        ),
        ("post", f"{ORG}/urgent-visits", "concern", {"concern": EVIL}, world.worker),
        (
            "post",
            f"{ORG}/employer-calls/notes",
            "text",
            {
                "employer": s["employer"].customer_number,
                "text": EVIL,
                "called_at": "2026-11-23T08:30:00+01:00",
            },
            world.tl,
        ),
    ]


def test_html_in_every_api_name_and_text_is_a_german_422_and_stores_nothing(api, world, setup):
    cases = _api_cases(world, setup)
    for method, path, field, body, user in cases:
        before = _stored()
        response = api.send(method, path.removeprefix("/api/v1"), body, user)
        problem = assert_problem(response, 422, fields=(field,))
        assert problem["errors"][field] == MESSAGE, (path, problem)
        assert _stored() == before, path
    # the stored rows kept their plain texts
    assert Customer.objects.filter(first_name__contains="<").count() == 0
    assert not HistoryEntry.objects.filter(text__contains="<svg").exists()


def test_plain_text_with_a_lone_angle_bracket_is_accepted(api, world, setup):
    """'<' alone is no tag: "Einkommen < 500 €" and "<3" are stored as written."""
    ticket = setup["ticket"]
    response = api.post(
        f"{ORG}/tickets/{ticket.id}/notes", {"text": "Einkommen < 500 € <3"}, world.worker
    )
    assert response.status_code == 201, response.content
    assert TicketNote.objects.get().text == "Einkommen < 500 € <3"


# --- The same text in the forms: the same German message -----------------------------------------


def _form_cases(world: Any, s: dict[str, Any]) -> list[tuple[str, dict[str, str], Any]]:
    o = f"/o/{world.org.slug}"
    n = s["customer"].customer_number
    t = s["ticket"].id
    return [
        (
            f"{o}/kunden/neu/",
            {
                "kind": "person",
                "customer_number": "K-NEU-2",
                "first_name": EVIL,
                "last_name": "Muster",
                "birth_date": "1980-01-01",
            },
            world.worker,
        ),
        (f"{o}/kunden/{n}/vermerk/", {"kind": "note", "text": EVIL}, world.worker),
        (f"{o}/kunden/{n}/wiedervorlage/", {"on": "2026-11-26", "note": EVIL}, world.worker),
        (
            f"{o}/tickets/neu/",
            {"area": "benefits", "customer_number": n, "kind": "concern", "concern": EVIL},
            s["agent"],
        ),
        (f"{o}/tickets/{t}/erledigen/", {"complete-resolution": EVIL}, world.worker),
        (
            f"{o}/tickets/{t}/zusage/",
            {"commitment-promised_date": "2026-11-27", "commitment-note": EVIL},
            world.worker,
        ),
        (
            f"{o}/tickets/{s['callback_ticket'].id}/rueckruf/",
            {"callback-note": EVIL},
            world.worker,
        ),
        (f"{o}/tickets/{t}/notiz/", {"note-text": EVIL}, world.worker),
    ]


def test_the_same_html_in_the_forms_gets_the_same_german_message(client, world, setup):
    for url, data, user in _form_cases(world, setup):
        client.force_login(user)
        before = _stored()
        response = client.post(url, data)
        assert response.status_code == 200, (url, response.status_code)
        assert MESSAGE in response.content.decode(), url
        assert _stored() == before, url


def test_the_public_form_and_the_staff_form_of_reactions_agree(client, world, setup):
    client.force_login(world.office)
    before = _stored()
    response = client.post(
        f"/o/{world.org.slug}/reaktionen/neu/",
        {
            "channel": "letter",
            "kind": "complaint",
            "received_date": "2026-11-23",
            "received_time": "08:00",
            "teams": [world.team.id],
            "text": EVIL,
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert _stored() == before
