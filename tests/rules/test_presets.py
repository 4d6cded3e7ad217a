"""FND-09: presets reproduce every number of the seeds; versions with valid_from; an item keeps
the version it was created under."""

import datetime as dt

import pytest

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.scope import scope_for
from anliegen.rules.actions import create_rule_version
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import preset, rules_in_force
from anliegen.rules.schemas import SCHEMAS, ContactRules, ReactionRules, TicketRules


def test_every_family_has_a_valid_preset():
    for key in SCHEMAS:
        assert preset(key) is not None


def test_ticket_preset_matches_seed_003():
    """Potsdam: Leistung 5 working days, Integration 2, Leistung first priority."""
    rules = preset("tickets")
    assert isinstance(rules, TicketRules)
    assert (rules.benefits_working_days, rules.integration_working_days) == (5, 2)
    assert rules.benefits_priority < rules.integration_priority
    assert rules.retention_months == 1


def test_reaction_preset_matches_seed_000():
    """Schwäbisch Hall: acknowledgement within 3 working days for letter/fax/e-mail, 14 days."""
    rules = preset("reactions")
    assert isinstance(rules, ReactionRules)
    assert rules.acknowledgement_working_days == 3
    assert set(rules.acknowledgement_channels) == {"letter", "fax", "email"}
    assert rules.resolution_calendar_days == 14
    assert rules.max_concerns == 3


def test_contact_preset_matches_seed_004():
    """Berlin Lichtenberg: the contact-density table and capacity parameters."""
    rules = preset("contacts")
    assert isinstance(rules, ContactRules)
    intervals = {
        row.label: (row.interval.unit, row.interval.count) if row.interval else None
        for row in rules.rows
    }
    assert intervals["Ü25 Basis, arbeitslos, 25–40 Jahre"] == ("months", 2)
    assert intervals["Ü25 Basis, arbeitslos, 41–55 Jahre"] == ("months", 3)
    assert intervals["Ü25 Basis, arbeitslos, ab 56 Jahre"] == ("months", 4)
    assert intervals["Ü25, Profillage Z"] == ("months", 12)
    assert intervals["Ü25, Profillage I"] == ("months", 12)
    assert intervals["U25, arbeitslos"] == ("weeks", 4)
    assert intervals["Ü25 Aktivteam (BJO), arbeitslos, Entwicklungsprofil"] == ("weeks", 6)
    assert rules.consultations_per_week_fte == 25
    assert (rules.presence_share, rules.consultation_share) == (0.8, 0.6)
    assert (rules.consultation_hours_basis, rules.consultation_hours_active) == (1.0, 0.75)
    assert rules.seeking_max_months == 6


def test_new_version_applies_from_its_date_only(world):
    admin = scope_for(world.admin, world.org)
    create_rule_version(
        actor=world.admin,
        scope=admin,
        organisation=world.org,
        key="tickets",
        data={**preset("tickets").model_dump(), "benefits_working_days": 4},
        valid_from=dt.date(2027, 1, 1),
    )
    old, old_version = rules_in_force(world.org, TicketRules, on=dt.date(2026, 12, 31))
    new, new_version = rules_in_force(world.org, TicketRules, on=dt.date(2027, 1, 1))
    assert (old.benefits_working_days, new.benefits_working_days) == (5, 4)
    assert (old_version.version, new_version.version) == (1, 2)


@pytest.mark.parametrize(
    "data",
    [
        {"benefits_working_days": 0},
        {"benefits_working_days": "fünf"},
        {"unknown_rule": 1},
    ],
)
def test_invalid_rules_rejected(world, data):
    before = RuleSet.objects.count()
    with pytest.raises(InvalidInput) as exc:
        create_rule_version(
            actor=world.admin,
            scope=scope_for(world.admin, world.org),
            organisation=world.org,
            key="tickets",
            data={**preset("tickets").model_dump(), **data},
            valid_from=dt.date(2027, 1, 1),
        )
    assert exc.value.errors
    assert RuleSet.objects.count() == before


def test_invalid_closing_day_rejected_in_german(world):
    with pytest.raises(InvalidInput) as exc:
        create_rule_version(
            actor=world.admin,
            scope=scope_for(world.admin, world.org),
            organisation=world.org,
            key="calendar",
            data={"closing_days": ["24.12."]},
            valid_from=dt.date(2027, 1, 1),
        )
    assert "Schließtag" in " ".join(exc.value.errors.values())


def test_only_admins_change_rules(world):
    with pytest.raises(Forbidden):
        create_rule_version(
            actor=world.tl,
            scope=scope_for(world.tl, world.org),
            organisation=world.org,
            key="work",
            data={"amber_share": 0.5},
            valid_from=dt.date(2027, 1, 1),
        )


def test_item_keeps_its_rule_version(world, customer, travel):
    """A rule change never silently moves a deadline that was already set."""
    from anliegen.work.actions import DeadlineSpec, create_item

    travel("2026-11-02 09:00")
    rule_set = RuleSet.objects.get(organisation=world.org, key="tickets")
    item = create_item(
        actor=world.tl,
        organisation=world.org,
        kind="ticket",
        title="x",
        customer=customer,
        team=world.team,
        assignee=world.worker,
        rule_set=rule_set,
        deadlines=[DeadlineSpec("main", dt.date(2026, 11, 9))],
    )
    create_rule_version(
        actor=world.admin,
        scope=scope_for(world.admin, world.org),
        organisation=world.org,
        key="tickets",
        data={**preset("tickets").model_dump(), "benefits_working_days": 10},
        valid_from=dt.date(2026, 11, 1),
    )
    item.refresh_from_db()
    assert item.rule_set == rule_set
    assert item.due_date == dt.date(2026, 11, 9)
