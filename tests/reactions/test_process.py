"""KRM-02 classification by management, KRM-04/05 acknowledgement sent, KRM-09 outcome and the
register entry of the GF office."""

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.reactions import actions
from anliegen.work.queries import worklist_for_team, worklist_for_user

D = dt.date.fromisoformat


def act(world, role, action, reaction, **kwargs):
    user = world.users[role]
    return action(actor=user, scope=scope_for(user, world.org), reaction=reaction, **kwargs)


# --- Classification -------------------------------------------------------------------------


def test_only_management_classifies(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(kind="unclassified")
    for role in ("office", "tl", "deputy", "bl", "admin", "worker"):
        with pytest.raises(Forbidden):
            act(world, role, actions.classify, reaction, kind="conduct_complaint")
    reaction.refresh_from_db()
    assert reaction.kind == "unclassified"


def test_conduct_complaint_moves_to_management_and_out_of_the_team(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(kind="unclassified")
    tl = scope_for(world.tl, world.org)
    assert worklist_for_user(tl).filter(id=reaction.item_id).exists()
    travel("2026-11-24 12:00")
    reaction = act(world, "gf", actions.classify, reaction, kind="conduct_complaint")
    assert reaction.item.assignee == world.gf
    assert reaction.item.team is None
    assert reaction.classification_decided_by == world.gf
    # The KRM deadlines apply to conduct complaints (KRM-02).
    assert reaction.item.due_date == D("2026-11-26")
    assert not worklist_for_user(tl).filter(id=reaction.item_id).exists()
    assert not worklist_for_team(tl, world.team).filter(id=reaction.item_id).exists()
    assert worklist_for_user(scope_for(world.gf, world.org)).filter(id=reaction.item_id).exists()
    assert AuditEntry.objects.filter(action="reaction.classified").exists()

    # Not a conduct complaint after all: back to the lead team's TL.
    reaction = act(world, "gf", actions.classify, reaction, kind="complaint")
    assert reaction.item.assignee == world.tl
    assert reaction.item.team == world.team


def test_petition_loses_and_regains_the_krm_clocks(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(kind="unclassified")
    reaction = act(world, "gf", actions.classify, reaction, kind="petition")
    assert not reaction.item.deadlines.exists()
    assert reaction.item.due_date is None
    reaction = act(world, "gf", actions.classify, reaction, kind="criticism")
    assert {d.code: d.due_date for d in reaction.item.deadlines.all()} == {
        "acknowledgement": D("2026-11-26"),
        "resolution": D("2026-12-07"),
    }
    assert reaction.item.due_date == D("2026-11-26")


def test_classify_rejects_unknown_kinds(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(kind="unclassified")
    for kind in ("rant", "unclassified"):
        with pytest.raises(InvalidInput):
            act(world, "gf", actions.classify, reaction, kind=kind)


# --- Acknowledgement ----------------------------------------------------------------------------


def test_acknowledgement_meets_its_clock(world, new_reaction, travel, customer):
    travel("2026-11-23 12:00")
    reaction = new_reaction()
    assert reaction.item.due_date == D("2026-11-26")
    travel("2026-11-25 12:00")
    reaction = act(
        world,
        "tl",
        actions.record_acknowledgement_sent,
        reaction,
        channel="letter",
        sent_on=D("2026-11-25"),
    )
    clock = reaction.item.deadlines.get(code="acknowledgement")
    assert clock.met_at is not None
    reaction.item.refresh_from_db()
    assert reaction.item.due_date == D("2026-12-07")  # now the resolution clock
    assert reaction.acknowledgement_sent_at == D("2026-11-25")
    assert HistoryEntry.objects.filter(customer=customer, kind="letter").exists()
    with pytest.raises(Conflict):
        act(
            world,
            "tl",
            actions.record_acknowledgement_sent,
            reaction,
            channel="letter",
            sent_on=D("2026-11-25"),
        )


@pytest.mark.parametrize(
    ("channel", "sent_on", "field"),
    [
        ("phone", "2026-11-24", "channel"),
        ("letter", "2026-11-26", "sent_on"),
        ("letter", "2026-11-22", "sent_on"),
    ],
)
def test_acknowledgement_bad_input(world, new_reaction, travel, channel, sent_on, field):
    travel("2026-11-24 12:00")
    reaction = new_reaction()
    with pytest.raises(InvalidInput) as caught:
        act(
            world,
            "tl",
            actions.record_acknowledgement_sent,
            reaction,
            channel=channel,
            sent_on=D(sent_on),
        )
    assert field in caught.value.errors
    reaction.refresh_from_db()
    assert reaction.acknowledgement_sent_at is None


def test_case_worker_and_admin_may_not_acknowledge(world, new_reaction, travel):
    travel("2026-11-24 12:00")
    reaction = new_reaction()
    for role in ("worker", "admin", "tl_integration", "provider"):
        with pytest.raises(Forbidden):
            act(
                world,
                role,
                actions.record_acknowledgement_sent,
                reaction,
                channel="letter",
                sent_on=D("2026-11-24"),
            )


# --- Outcome and register -------------------------------------------------------------------


def test_outcome_completes_with_concern_outcomes(world, new_reaction, travel, topics, customer):
    travel("2026-11-23 12:00")
    reaction = new_reaction(concerns=[topics[0].id, topics[1].id])
    first, second = reaction.concerns.all()
    travel("2026-11-30 12:00")
    reaction = act(
        world,
        "tl",
        actions.record_outcome,
        reaction,
        outcome="partly_justified",
        summary="Bescheid korrigiert; Wartezeit war angemessen.",
        concern_outcomes={first.id: "justified"},
    )
    assert reaction.item.status == "done"
    assert reaction.outcome == "partly_justified"
    assert {c.id: c.outcome for c in reaction.concerns.all()} == {
        first.id: "justified",
        second.id: "partly_justified",
    }
    assert not reaction.item.deadlines.filter(met_at__isnull=True).exists()
    assert HistoryEntry.objects.filter(
        customer=customer, kind="reaction", text__startswith="Kundenreaktion erledigt"
    ).exists()
    with pytest.raises(Conflict):
        act(world, "tl", actions.record_outcome, reaction, outcome="justified", summary="Nochmal")


def test_outcome_rules(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    petition = new_reaction(kind="petition")
    with pytest.raises(InvalidInput) as caught:
        act(world, "gf", actions.record_outcome, petition, outcome="justified", summary="x")
    assert caught.value.message == "Petitionen folgen einem eigenen Verfahren."
    unclassified = new_reaction(kind="unclassified")
    with pytest.raises(InvalidInput):
        act(world, "tl", actions.record_outcome, unclassified, outcome="justified", summary="x")
    reaction = new_reaction()
    with pytest.raises(InvalidInput) as caught:
        act(world, "tl", actions.record_outcome, reaction, outcome="maybe", summary="x")
    assert "outcome" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        act(world, "tl", actions.record_outcome, reaction, outcome="justified", summary="  ")
    assert "summary" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        act(
            world,
            "tl",
            actions.record_outcome,
            reaction,
            outcome="justified",
            summary="ok",
            concern_outcomes={999: "justified"},
        )
    assert "concerns" in caught.value.errors
    with pytest.raises(Forbidden):
        act(world, "worker", actions.record_outcome, reaction, outcome="justified", summary="ok")
    reaction.item.refresh_from_db()
    assert reaction.item.status == "open"


def test_conduct_complaint_outcome_only_by_management(world, new_reaction, travel, customer):
    travel("2026-11-23 12:00")
    reaction = new_reaction(kind="conduct_complaint")
    for role in ("tl", "admin", "bl"):
        with pytest.raises(NotFound):
            act(world, role, actions.record_outcome, reaction, outcome="justified", summary="x")
    reaction = act(
        world, "gf", actions.record_outcome, reaction, outcome="unjustified", summary="Geprüft."
    )
    assert reaction.item.status == "done"
    texts = HistoryEntry.objects.filter(customer=customer).values_list("text", flat=True)
    assert "Kundenreaktion erledigt." in texts
    assert not any("Geprüft" in t for t in texts)


def test_register_entry_by_the_office(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction()
    with pytest.raises(Conflict):
        act(world, "office", actions.make_register_entry, reaction)
    act(world, "tl", actions.record_outcome, reaction, outcome="justified", summary="Erledigt.")
    for role in ("gf", "tl", "admin"):
        with pytest.raises(Forbidden):
            act(world, role, actions.make_register_entry, reaction)
    reaction = act(world, "office", actions.make_register_entry, reaction)
    assert reaction.register_entry_by == world.office
    with pytest.raises(Conflict):
        act(world, "office", actions.make_register_entry, reaction)


def test_topics(world):
    scope = scope_for(world.office, world.org)
    topic = actions.add_topic(actor=world.office, scope=scope, name="Bescheid")
    assert topic.name == "Bescheid"
    with pytest.raises(InvalidInput):
        actions.add_topic(actor=world.office, scope=scope, name="bescheid")
    with pytest.raises(Forbidden):
        actions.add_topic(actor=world.tl, scope=scope_for(world.tl, world.org), name="Anderes")
