"""KRM-01 intake and KRM-03 responsibility: routing, the employees concerned, history, bad input."""

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.models import Absence, Team
from anliegen.org.scope import scope_for
from anliegen.reactions.actions import record_reaction
from anliegen.reactions.models import Concern
from anliegen.work.messages import notification_text
from anliegen.work.models import Notification
from tests.api.conftest import assert_not_english
from tests.reactions.conftest import at


def test_one_team_goes_to_its_team_lead(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction()
    assert reaction.item.assignee == world.tl
    assert reaction.item.team == world.team
    assert reaction.lead_team == world.team
    assert reaction.item.kind == "reaction"
    assert reaction.received_by_management  # recorded by the GF office (KRM-07)
    assert Notification.objects.filter(user=world.tl, kind="item_assigned").exists()
    assert AuditEntry.objects.filter(action="reaction.created").count() == 1


def test_team_lead_absent_goes_to_the_deputy_lead(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    Absence.objects.create(
        user=world.tl, organisation=world.org, start=dt.date(2026, 11, 20), end=dt.date(2026, 12, 4)
    )
    reaction = new_reaction()
    assert reaction.item.assignee == world.deputy


def test_several_teams_first_leads_the_others_are_involved(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(teams=[world.team_integration.id, world.team.id])
    assert reaction.lead_team == world.team_integration
    assert reaction.item.assignee == world.tl_integration
    assert reaction.item.team == world.team_integration
    assert set(reaction.teams.all()) == {world.team, world.team_integration}


@pytest.mark.parametrize("kind", ["conduct_complaint", "petition"])
def test_conduct_complaints_and_petitions_are_led_by_management(world, new_reaction, travel, kind):
    travel("2026-11-23 12:00")
    reaction = new_reaction(kind=kind, by=world.worker)
    assert reaction.item.assignee == world.gf
    assert reaction.item.team is None
    assert not reaction.received_by_management


def test_employees_concerned_are_informed_without_details(world, new_reaction, travel, customer):
    travel("2026-11-23 12:00")
    reaction = new_reaction(kind="conduct_complaint", employee_usernames=["worker", "worker2"])
    assert set(reaction.employees_concerned.all()) == {world.worker, world.worker2}
    notes = Notification.objects.filter(kind="reaction_received")
    assert {n.user for n in notes} == {world.worker, world.worker2}
    for note in notes:
        assert note.item is None
        text = notification_text(note)
        assert "Verhalten" not in text
        assert "Antrag" not in text
        assert customer.last_name not in text
        assert "23.11.2026" in text


def test_history_entry_names_no_confidential_details(world, new_reaction, travel, customer):
    travel("2026-11-23 12:00")
    new_reaction(kind="complaint")
    new_reaction(kind="conduct_complaint")
    texts = list(
        HistoryEntry.objects.filter(customer=customer, kind="reaction").values_list(
            "text", flat=True
        )
    )
    assert len(texts) == 2
    assert not any("Antrag" in t for t in texts)  # the text of the reaction stays on the reaction
    assert any("Beschwerde" in t for t in texts)
    assert not any("Dienstaufsicht" in t for t in texts)


def test_anonymous_sender_and_concerns(world, new_reaction, travel, topics):
    travel("2026-11-23 12:00")
    reaction = new_reaction(
        customer_number=None,
        sender_name="Anonym",
        sender_address="",
        concerns=[topics[0].id, topics[1].id],
    )
    assert reaction.customer is None
    assert [c.topic for c in reaction.concerns.all()] == topics[:2]


def test_a_provider_may_record(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(by=world.provider, channel="in_person", kind="praise")
    assert reaction.recorded_by == world.provider
    assert reaction.item.assignee == world.tl


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"kind": "rant"}, "kind"),
        ({"received": "2026-11-24 09:00"}, "received_at"),
        ({"text": "   "}, "text"),
        ({"teams": []}, "teams"),
        ({"teams": [999999]}, "teams"),
        ({"customer_number": "K-unknown"}, "customer_number"),
        ({"employee_usernames": ["nobody"]}, "employees"),
        ({"concerns": [999999]}, "concerns"),
    ],
)
def test_bad_input_is_rejected_in_german_and_changes_nothing(
    world, new_reaction, travel, unchanged, changes, field
):
    travel("2026-11-23 12:00")
    with unchanged(), pytest.raises(InvalidInput) as caught:
        new_reaction(**changes)
    assert field in caught.value.errors
    assert_not_english(caught.value.message)
    for message in caught.value.errors.values():
        assert_not_english(message)


def test_more_concerns_than_the_rules_allow(world, new_reaction, travel, topics, unchanged):
    travel("2026-11-23 12:00")
    with unchanged(), pytest.raises(InvalidInput) as caught:
        new_reaction(concerns=[t.id for t in topics])
    assert caught.value.errors == {"concerns": "Zu viele."}
    assert caught.value.message == "Eine Reaktion umfasst höchstens 3 Anliegen."
    assert Concern.objects.count() == 0


def test_a_team_of_another_organisation_is_unknown(world, other, new_reaction, travel, unchanged):
    travel("2026-11-23 12:00")
    foreign = Team.objects.filter(organisation=other.org).first()
    with unchanged(), pytest.raises(InvalidInput) as caught:
        new_reaction(teams=[foreign.id])
    assert caught.value.message == "Unbekanntes Team oder Team einer anderen Organisation."


def test_future_receipt_message(world, travel, unchanged):
    travel("2026-11-23 12:00")
    with unchanged(), pytest.raises(InvalidInput) as caught:
        record_reaction(
            actor=world.tl,
            scope=scope_for(world.tl, world.org),
            channel="email",
            kind="complaint",
            received_at=at("2026-11-25 09:00"),
            team_ids=[world.team.id],
            text="Beschwerde",
        )
    assert caught.value.message == "Der Eingangszeitpunkt liegt in der Zukunft."


def test_notifications_about_confidential_reactions_name_nothing(
    world, new_reaction, travel, customer
):
    """The GF's deputy is notified while the GF is absent; the title names neither the kind,
    nor the customer, nor the text."""
    travel("2026-11-23 12:00")
    Absence.objects.create(
        user=world.gf,
        organisation=world.org,
        start=dt.date(2026, 11, 20),
        end=dt.date(2026, 12, 4),
        deputy=world.bl,
    )
    reaction = new_reaction(kind="conduct_complaint")
    note = Notification.objects.get(user=world.bl, item=reaction.item)
    text = notification_text(note)
    assert "23.11.2026" in text
    for secret in ("Dienstaufsicht", "Beschwerde", customer.last_name, "Antrag"):
        assert secret not in text
    assert (
        reaction.item.title == "Kundenreaktion für die Geschäftsführung, eingegangen am 23.11.2026"
    )
