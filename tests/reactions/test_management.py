"""KRM-06 (a visitor asks to see management) and KRM-07 (received by management, forwarded with
an instruction and a deadline)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.scope import scope_for
from anliegen.reactions import actions
from anliegen.reactions.models import Instruction, ManagementRequest
from anliegen.work.models import Notification


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_tl_records_request_and_gf_decides(world, new_reaction, travel):
    """KRM-06: reason required; GF is notified and decides phone, letter or meeting."""
    travel("2026-11-23 10:00")
    reaction = new_reaction(channel="in_person", by=world.tl)
    tl_scope = scope_for(world.tl, world.org)
    with pytest.raises(InvalidInput) as exc:
        actions.request_management(
            actor=world.tl, scope=tl_scope, reaction=reaction, reason="", text="Droht"
        )
    assert "reason" in exc.value.errors
    actions.request_management(
        actor=world.tl, scope=tl_scope, reaction=reaction, reason="threat", text="Kunde droht."
    )
    assert Notification.objects.filter(user=world.gf, item=reaction.item).exists()
    with pytest.raises(Forbidden):
        actions.decide_management_request(
            actor=world.tl, scope=tl_scope, reaction=reaction, answer_form="meeting"
        )
    decided = actions.decide_management_request(
        actor=world.gf,
        scope=scope_for(world.gf, world.org),
        reaction=reaction,
        answer_form="meeting",
        note="Termin am Freitag.",
    )
    assert (decided.answer_form, decided.decided_by) == ("meeting", world.gf)


def test_request_only_for_in_person_visits(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction(channel="letter")
    with pytest.raises(InvalidInput):
        actions.request_management(
            actor=world.tl,
            scope=scope_for(world.tl, world.org),
            reaction=reaction,
            reason="escalation",
            text="x",
        )
    assert ManagementRequest.objects.count() == 0


def test_request_and_decision_via_ui_and_api(api, world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction(channel="in_person")
    url = reverse("reactions:action", args=[world.org.slug, reaction.id, "management_request"])
    response = client_for(world.tl).post(
        url, {"management_request-reason": "escalation", "management_request-text": "Laut."}
    )
    assert response.status_code == 302
    decision = api.post(
        f"/orgs/jc-test/reactions/{reaction.id}/management-request/decision",
        {"answer_form": "phone"},
        user=world.gf,
    )
    assert decision.status_code == 200, decision.content
    assert decision.json()["answer_form"] == "phone"
    again = api.post(
        f"/orgs/jc-test/reactions/{reaction.id}/management-request",
        {"reason": "threat", "text": "nochmal"},
        user=world.tl,
    )
    assert again.status_code == 409


def test_gf_forwards_with_instruction_and_deadline(world, new_reaction, travel):
    """KRM-07: the office records it (received by management), the GF forwards it to a TL with a
    Verfügung and a deadline on a working day; the TL gets it in the worklist and is notified."""
    travel("2026-11-23 10:00")
    reaction = new_reaction(by=world.office, teams=[world.team.id])
    assert reaction.received_by_management
    gf_scope = scope_for(world.gf, world.org)
    bad = {"manager_username": world.tl_integration.username, "text": "Bitte prüfen."}
    with pytest.raises(InvalidInput) as exc:  # a Saturday
        actions.forward_to_manager(
            actor=world.gf, scope=gf_scope, reaction=reaction, due_date=dt.date(2026, 11, 28), **bad
        )
    assert "Arbeitstag" in exc.value.errors["due_date"]
    with pytest.raises(InvalidInput):
        actions.forward_to_manager(
            actor=world.gf,
            scope=gf_scope,
            reaction=reaction,
            manager_username=world.worker.username,
            text="x",
            due_date=dt.date(2026, 11, 27),
        )
    with pytest.raises(Forbidden):
        actions.forward_to_manager(
            actor=world.office,
            scope=scope_for(world.office, world.org),
            reaction=reaction,
            due_date=dt.date(2026, 11, 27),
            **bad,
        )
    assert Instruction.objects.count() == 0
    actions.forward_to_manager(
        actor=world.gf, scope=gf_scope, reaction=reaction, due_date=dt.date(2026, 11, 27), **bad
    )
    reaction.item.refresh_from_db()
    assert reaction.item.assignee == world.tl_integration
    assert reaction.item.due_date == dt.date(2026, 11, 26)  # the acknowledgement comes first
    assert reaction.item.deadlines.filter(code="instruction", due_date="2026-11-27").exists()
    assert Notification.objects.filter(user=world.tl_integration, item=reaction.item).exists()
    page = client_for(world.tl_integration).get(
        reverse("reactions:detail", args=[world.org.slug, reaction.id])
    )
    assert page.status_code == 200
    assert "Bitte prüfen." in page.content.decode()


def test_conduct_complaints_are_not_forwarded(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction(by=world.gf, kind="conduct_complaint")
    with pytest.raises(InvalidInput):
        actions.forward_to_manager(
            actor=world.gf,
            scope=scope_for(world.gf, world.org),
            reaction=reaction,
            manager_username=world.tl.username,
            text="x",
            due_date=dt.date(2026, 11, 27),
        )


def test_forward_via_ui_and_api(api, world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction(by=world.office)
    url = reverse("reactions:action", args=[world.org.slug, reaction.id, "forward"])
    invalid = client_for(world.gf).post(
        url, {"forward-manager": world.tl.username, "forward-text": "", "forward-due_date": ""}
    )
    assert invalid.status_code == 200 or invalid.status_code == 422
    assert Instruction.objects.count() == 0
    response = api.post(
        f"/orgs/jc-test/reactions/{reaction.id}/forward",
        {
            "manager": world.tl.username,
            "instruction": "Stellungnahme bis Freitag.",
            "due_date": "2026-11-27",
        },
        user=world.gf,
    )
    assert response.status_code == 201, response.content
    assert response.json()["manager"] == world.tl.username
    forbidden = api.post(
        f"/orgs/jc-test/reactions/{reaction.id}/forward",
        {"manager": world.tl.username, "instruction": "x", "due_date": "2026-11-27"},
        user=world.tl,
    )
    assert forbidden.status_code == 403


def _race(fn, users):
    """Run ``fn(user)`` in two threads at once; returns the outcomes ('ok' or the error name)."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []

    def attempt(user):
        try:
            barrier.wait()
            fn(user)
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_exactly_one_is_recorded(world, new_reaction, travel):
    """KRM-06 under concurrency: TL and deputy record the request at the same moment."""
    travel("2026-11-23 10:00")
    reaction = new_reaction(channel="in_person")

    def request(user):
        fresh = type(reaction).objects.select_related("item", "lead_team").get(id=reaction.id)
        actions.request_management(
            actor=user,
            scope=scope_for(user, world.org),
            reaction=fresh,
            reason="escalation",
            text=f"von {user}",
        )

    assert _race(request, [world.tl, world.deputy]) == ["Conflict", "ok"]
    assert ManagementRequest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_attachments_added_at_once_never_exceed_the_maximum(world, new_reaction, travel):
    """Two uploads of three files each at once: one succeeds, the other is refused (max 5)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anliegen.reactions.attachments import add_attachments

    travel("2026-11-23 10:00")
    reaction = new_reaction()

    def upload(user):
        fresh = type(reaction).objects.select_related("item", "lead_team").get(id=reaction.id)
        files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n%%EOF\n") for i in range(3)]
        add_attachments(actor=user, scope=scope_for(user, world.org), reaction=fresh, files=files)

    assert _race(upload, [world.tl, world.office]) == ["InvalidInput", "ok"]
    assert reaction.attachments.count() == 3
