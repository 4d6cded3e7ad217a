"""KRM-10: the reaction's copies of its clocks and completion (which the report counts) equal
what its deadlines and work item say after every action that can change them, and the
migration fills them for existing reactions."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from django.apps import apps

from anliegen.core import clock
from anliegen.org.scope import scope_for
from anliegen.reactions import actions
from anliegen.reactions.models import ACKNOWLEDGEMENT, RESOLUTION, Reaction
from anliegen.work.models import Deadline
from tests.reactions.test_reports import krm  # noqa: F401  (the shared data set)

D = dt.date.fromisoformat
FACTS = (
    "acknowledgement_due",
    "acknowledgement_met_on",
    "resolution_due",
    "resolution_met_on",
    "completed_on",
)


def _day(moment: dt.datetime | None) -> dt.date | None:
    return clock.local_date(moment) if moment else None


def expected(reaction: Reaction) -> dict[str, Any]:
    """What the deadlines and the work item say, read afresh from the database."""
    reaction = Reaction.objects.select_related("item").get(id=reaction.id)
    clocks = {d.code: d for d in Deadline.objects.filter(item_id=reaction.item_id)}
    ack, res = clocks.get(ACKNOWLEDGEMENT), clocks.get(RESOLUTION)
    return {
        "acknowledgement_due": ack.due_date if ack else None,
        "acknowledgement_met_on": _day(ack.met_at) if ack else None,
        "resolution_due": res.due_date if res else None,
        "resolution_met_on": _day(res.met_at) if res else None,
        "completed_on": _day(reaction.item.completed_at),
    }


def stored(reaction: Reaction) -> dict[str, Any]:
    return dict(Reaction.objects.filter(id=reaction.id).values(*FACTS).get())


def assert_facts(reaction: Reaction) -> dict[str, Any]:
    facts = stored(reaction)
    assert facts == expected(reaction)
    return facts


def test_facts_follow_every_action(bw, new_reaction, travel):
    """KRM-10: recording, classifying (clocks come and go), forwarding with an instruction,
    acknowledging, completing and the register entry each leave the copies equal to the clocks."""
    world = bw
    gf = scope_for(world.gf, world.org)
    office = scope_for(world.office, world.org)
    travel("2026-11-23 10:00")
    reaction = new_reaction(kind="unclassified", teams=[world.team.id])
    facts = assert_facts(reaction)
    assert facts["acknowledgement_due"] is not None  # a letter: both clocks run
    assert facts["resolution_due"] is not None
    assert facts["completed_on"] is None

    reaction = actions.classify(actor=world.gf, scope=gf, reaction=reaction, kind="petition")
    facts = assert_facts(reaction)
    assert facts["resolution_due"] is None  # a petition has no resolution clock
    reaction = actions.classify(actor=world.gf, scope=gf, reaction=reaction, kind="complaint")
    facts = assert_facts(reaction)
    assert facts["resolution_due"] is not None

    actions.forward_to_manager(
        actor=world.gf,
        scope=gf,
        reaction=reaction,
        manager_username=world.tl_integration.username,
        text="Bitte prüfen.",
        due_date=D("2026-11-27"),
    )
    assert_facts(reaction)

    travel("2026-11-24 10:00")
    reaction = actions.record_acknowledgement_sent(
        actor=world.office,
        scope=office,
        reaction=reaction,
        channel="letter",
        sent_on=D("2026-11-24"),
    )
    facts = assert_facts(reaction)
    assert facts["acknowledgement_met_on"] == D("2026-11-24")
    assert facts["resolution_met_on"] is None

    travel("2026-12-01 23:30")  # late in the evening in Berlin: the day is the Berlin day
    reaction = actions.record_outcome(
        actor=world.office, scope=office, reaction=reaction, outcome="justified", summary="Ja."
    )
    facts = assert_facts(reaction)
    assert facts["completed_on"] == D("2026-12-01")
    assert facts["resolution_met_on"] == D("2026-12-01")
    actions.make_register_entry(actor=world.office, scope=office, reaction=reaction)
    assert_facts(reaction)
    # The returned object carries the same copies as the database.
    assert {name: getattr(reaction, name) for name in FACTS} == facts


def test_facts_of_the_report_data_set(world, krm):  # noqa: F811
    """KRM-10: every reaction of the report's data set (all kinds of clocks) is consistent."""
    for reaction in krm.values():
        assert_facts(reaction)


def test_migration_fills_existing_reactions(world, krm):  # noqa: F811
    """KRM-10: the data migration writes the same copies the actions write."""
    Reaction.objects.update(**dict.fromkeys(FACTS))
    migration = importlib.import_module("anliegen.reactions.migrations.0004_report_facts")
    migration.fill_report_facts(apps, None)
    for reaction in krm.values():
        assert_facts(reaction)
    assert Reaction.objects.filter(completed_on__isnull=False).count() == 3  # A, B, C
