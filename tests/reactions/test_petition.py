"""KRM-02 (issue 9): petitions follow their own procedure, led by management outside the KRM
deadlines. Management (GF) or its office closes a petition with a summary; that completes its
work item, once. Action, detail page and API."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Conflict, InvalidInput, NotFound
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.reactions import actions
from anliegen.reactions.models import Reaction
from anliegen.work.models import Status, WorkItem
from anliegen.work.queries import worklist_for_user
from tests.api.conftest import assert_problem

SUMMARY = "Stellungnahme an den Petitionsausschuss versandt; Antrag inzwischen bewilligt."
OTHERS = ("bl", "tl", "deputy", "worker", "worker2", "av", "tl_integration", "provider", "admin")


def close(world, role, reaction, summary=SUMMARY):
    user = world.users[role]
    return actions.close_petition(
        actor=user, scope=scope_for(user, world.org), reaction=reaction, summary=summary
    )


def status_of(reaction: Reaction) -> str:
    return WorkItem.objects.get(id=reaction.item_id).status


@pytest.fixture
def petition(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    return new_reaction(by=world.gf, kind="petition", text="Eingabe an den Bundestag.")


# --- The action ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["gf", "office"])
def test_management_and_its_office_close_a_petition(world, customer, petition, role):
    """KRM-02: GF or GF office closes; the item is done, the summary kept, history neutral."""
    reaction = close(world, role, petition, summary=f"  {SUMMARY}  ")
    assert reaction.item.status == Status.DONE
    assert reaction.item.completed_by == world.users[role]
    stored = Reaction.objects.get(id=petition.id)
    assert stored.outcome_summary == SUMMARY
    assert stored.outcome == ""  # petitions are not justified/unjustified (KRM-09 is not theirs)
    assert stored.completed_on is not None  # the report facts know the day (KRM-10)
    entry = AuditEntry.objects.get(action="reaction.petition_closed", object_id=str(petition.id))
    assert entry.actor == world.users[role]
    assert entry.new == {"summary": SUMMARY}
    assert AuditEntry.objects.filter(action="work.completed", object_id=str(petition.item_id))
    texts = list(HistoryEntry.objects.filter(customer=customer).values_list("text", flat=True))
    assert "Kundenreaktion erledigt." in texts
    assert not any("Petitionsausschuss" in t for t in texts)  # neutral wording (KRM-02)
    gf = scope_for(world.gf, world.org)
    assert petition.item_id not in set(worklist_for_user(gf).values_list("id", flat=True))


@pytest.mark.parametrize("role", OTHERS)
def test_nobody_else_may_close_a_petition(world, petition, role):
    """KRM-02: petitions are visible only to GF and GF office; for anyone else they do not exist."""
    with pytest.raises(NotFound) as caught:
        close(world, role, petition)
    assert caught.value.message == "Kundenreaktion nicht gefunden."
    assert status_of(petition) == Status.OPEN
    assert not AuditEntry.objects.filter(action="reaction.petition_closed").exists()


def test_another_organisation_may_not_close_it(world, other, petition):
    user = other.gf
    with pytest.raises(NotFound):
        actions.close_petition(
            actor=user, scope=scope_for(user, other.org), reaction=petition, summary=SUMMARY
        )
    assert status_of(petition) == Status.OPEN


@pytest.mark.parametrize("summary", ["", "   ", "\n\t"])
def test_a_summary_is_required(world, petition, summary):
    with pytest.raises(InvalidInput) as caught:
        close(world, "gf", petition, summary=summary)
    assert caught.value.message == "Bitte fassen Sie zusammen, wie die Petition erledigt wurde."
    assert "summary" in caught.value.errors
    assert status_of(petition) == Status.OPEN
    assert Reaction.objects.get(id=petition.id).outcome_summary == ""


def test_too_long_a_summary_is_refused(world, petition):
    with pytest.raises(InvalidInput) as caught:
        close(world, "gf", petition, summary="x" * 20001)
    assert "summary" in caught.value.errors
    assert status_of(petition) == Status.OPEN


def test_only_petitions_are_closed_this_way(world, new_reaction, travel):
    """A complaint still needs its outcome (KRM-09); closing it as a petition changes nothing."""
    travel("2026-11-23 12:00")
    complaint = new_reaction(kind="complaint")
    with pytest.raises(InvalidInput) as caught:
        close(world, "gf", complaint)
    assert caught.value.message.startswith("Nur Petitionen werden auf diesem Weg abgeschlossen")
    assert status_of(complaint) == Status.OPEN


def test_a_second_close_is_a_conflict(world, petition):
    close(world, "gf", petition)
    with pytest.raises(Conflict) as caught:
        close(world, "office", petition, summary="Nochmals.")
    assert caught.value.message == "Diese Petition ist bereits abgeschlossen."
    assert Reaction.objects.get(id=petition.id).outcome_summary == SUMMARY
    assert AuditEntry.objects.filter(action="reaction.petition_closed").count() == 1
    assert AuditEntry.objects.filter(action="work.completed").count() == 1


def test_a_stale_copy_cannot_close_it_twice(world, petition):
    """The second of two people with the same page open gets the conflict, not a second close."""
    stale = Reaction.objects.select_related("item").get(id=petition.id)
    close(world, "gf", petition)
    assert stale.item.status == Status.OPEN
    with pytest.raises(Conflict):
        close(world, "office", stale)
    assert AuditEntry.objects.filter(action="work.completed").count() == 1


def test_the_outcome_still_refuses_petitions(world, petition):
    with pytest.raises(InvalidInput):
        actions.record_outcome(
            actor=world.gf,
            scope=scope_for(world.gf, world.org),
            reaction=petition,
            outcome="justified",
            summary="x",
        )
    assert status_of(petition) == Status.OPEN


# --- The detail page ----------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail(world, reaction) -> str:
    return reverse("reactions:detail", args=[world.org.slug, reaction.id])


def close_url(world, reaction) -> str:
    return reverse("reactions:petition_close", args=[world.org.slug, reaction.id])


@pytest.mark.parametrize("role", ["gf", "office"])
def test_the_page_offers_the_close_form_to_management(world, petition, role):
    page = client_for(world.users[role]).get(detail(world, petition))
    html = page.content.decode()
    assert page.status_code == 200
    assert close_url(world, petition) in html
    assert close_url(world, petition).endswith("/petition/erledigen/")
    assert "Petition abschließen" in html
    assert 'name="petition-summary"' in html
    assert 'for="id_petition-summary"' in html  # labelled (WCAG 2.1 AA)
    assert 'name="outcome-outcome"' not in html  # no KRM outcome for petitions


def test_the_page_of_a_complaint_offers_no_petition_close(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    complaint = new_reaction(kind="complaint")
    html = client_for(world.gf).get(detail(world, complaint)).content.decode()
    assert "/petition/erledigen/" not in html
    assert 'name="outcome-outcome"' in html


def test_closing_on_the_page(world, petition):
    client = client_for(world.office)
    response = client.post(close_url(world, petition), {"petition-summary": SUMMARY}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die Petition wurde abgeschlossen." in html
    assert "Petition abgeschlossen" in html  # the outcome card
    assert SUMMARY in html
    assert "/petition/erledigen/" not in html  # nothing left to close
    assert status_of(petition) == Status.DONE
    # A second close (e.g. from a page left open): the German message, nothing changed.
    again = client.post(close_url(world, petition), {"petition-summary": "Nochmals."}, follow=True)
    assert again.status_code == 200
    assert "Diese Petition ist bereits abgeschlossen." in again.content.decode()
    assert Reaction.objects.get(id=petition.id).outcome_summary == SUMMARY


def test_the_page_without_a_summary_shows_the_error_and_saves_nothing(world, petition):
    response = client_for(world.gf).post(close_url(world, petition), {"petition-summary": "  "})
    assert response.status_code == 422
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert status_of(petition) == Status.OPEN


@pytest.mark.parametrize("role", ["tl", "bl", "admin"])
def test_others_find_no_petition_on_the_page(world, petition, role):
    client = client_for(world.users[role])
    assert client.get(detail(world, petition)).status_code == 404
    assert client.post(close_url(world, petition), {"petition-summary": SUMMARY}).status_code == 404
    assert status_of(petition) == Status.OPEN


# --- The API ------------------------------------------------------------------------------------


def api_path(world, reaction) -> str:
    return f"/orgs/{world.org.slug}/reactions/{reaction.id}/petition/close"


def test_api_closes_a_petition(api, world, petition):
    response = api.post(api_path(world, petition), {"summary": SUMMARY}, user=world.office)
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert body["status"] in ("done", "completed")
    assert body["outcome"] is None
    assert body["outcome_summary"] == SUMMARY
    assert body["completed_at"]
    again = api.post(api_path(world, petition), {"summary": SUMMARY}, user=world.gf)
    assert_problem(again, 409, detail="Diese Petition ist bereits abgeschlossen.")


def test_api_refuses_a_missing_or_blank_summary(api, world, petition):
    assert_problem(
        api.post(api_path(world, petition), {"summary": " "}, user=world.gf),
        422,
        detail="Bitte fassen Sie zusammen, wie die Petition erledigt wurde.",
        fields=("summary",),
    )
    assert api.post(api_path(world, petition), {}, user=world.gf).status_code == 422
    assert status_of(petition) == Status.OPEN


@pytest.mark.parametrize("role", ["tl", "admin", "worker"])
def test_api_others_get_404(api, world, petition, role):
    response = api.post(api_path(world, petition), {"summary": SUMMARY}, user=world.users[role])
    assert_problem(response, 404)
    assert status_of(petition) == Status.OPEN


def test_api_refuses_a_complaint(api, world, new_reaction, travel):
    travel("2026-11-23 12:00")
    complaint = new_reaction(kind="complaint")
    response = api.post(api_path(world, complaint), {"summary": SUMMARY}, user=world.gf)
    assert_problem(response, 422, fields=("kind",))
    assert status_of(complaint) == Status.OPEN


def test_api_documents_the_endpoint(api, world):
    schema = json.loads(api.get("/openapi.json").content)
    operation = schema["paths"]["/api/v1/orgs/{org}/reactions/{reaction_id}/petition/close"]["post"]
    assert "KRM-02" in operation["summary"]
    assert {"200", "404", "409", "422"} <= set(operation["responses"])


def test_a_petition_reclassified_meanwhile_is_not_closed(world, petition):
    """Management changed the kind while the page was open: a conflict, nothing completed."""
    stale = Reaction.objects.select_related("item").get(id=petition.id)
    actions.classify(
        actor=world.gf, scope=scope_for(world.gf, world.org), reaction=petition, kind="complaint"
    )
    with pytest.raises(Conflict) as caught:
        close(world, "office", stale)
    assert caught.value.message == "Die Art dieser Kundenreaktion wurde soeben geändert."
    assert status_of(petition) == Status.OPEN
