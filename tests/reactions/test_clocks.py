"""KRM-04: acknowledgement within 3 working days (written channels), resolution within 14
calendar days (§193 BGB roll-forward); petitions have no KRM deadlines (KRM-02)."""

import datetime as dt

import pytest

from anliegen.reactions.models import Reaction

D = dt.date.fromisoformat


def clocks(reaction: Reaction) -> dict[str, dt.date]:
    return {d.code: d.due_date for d in reaction.item.deadlines.all()}


@pytest.mark.parametrize(
    ("received", "acknowledgement", "resolution"),
    [
        # Wed 23 Dec: Thu 24, (Christmas 25/26, Sunday 27), Mon 28, Tue 29. 23 Dec + 14 days is
        # Wed 6 Jan, Epiphany in Baden-Württemberg: the resolution moves to Thu 7 Jan.
        ("2026-12-23 09:00", "2026-12-29", "2027-01-07"),
        # Wed 30 Dec: Thu 31, (New Year, weekend), Mon 4, Tue 5 Jan.
        ("2026-12-30 09:00", "2027-01-05", "2027-01-13"),
        # Mon 4 Jan: Tue 5, (Epiphany), Thu 7, Fri 8. 18 Jan is a Monday.
        ("2027-01-04 09:00", "2027-01-08", "2027-01-18"),
        # Saturday 28 Nov: Mon 30, Tue 1, Wed 2 Dec; 12 Dec is a Saturday → Monday 14 Dec.
        ("2026-11-28 11:00", "2026-12-02", "2026-12-14"),
    ],
)
def test_both_clocks_in_baden_wuerttemberg(
    bw, new_reaction, travel, received, acknowledgement, resolution
):
    travel("2027-01-20 12:00")
    reaction = new_reaction(received=received)
    assert clocks(reaction) == {"acknowledgement": D(acknowledgement), "resolution": D(resolution)}
    assert reaction.item.due_date == D(acknowledgement)  # the earliest clock not yet met


def test_epiphany_is_no_holiday_in_berlin(world, new_reaction, travel):
    travel("2027-01-20 12:00")
    reaction = new_reaction(received="2026-12-23 09:00")
    assert clocks(reaction) == {"acknowledgement": D("2026-12-29"), "resolution": D("2027-01-06")}
    reaction = new_reaction(received="2027-01-04 09:00")
    assert clocks(reaction)["acknowledgement"] == D("2027-01-07")


@pytest.mark.parametrize("channel", ["letter", "fax", "email"])
def test_written_reactions_get_an_acknowledgement_clock(world, new_reaction, travel, channel):
    travel("2026-11-23 12:00")
    assert set(clocks(new_reaction(channel=channel))) == {"acknowledgement", "resolution"}


@pytest.mark.parametrize("channel", ["in_person", "phone", "online"])
def test_other_channels_only_the_resolution_clock(world, new_reaction, travel, channel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(channel=channel)
    assert clocks(reaction) == {"resolution": D("2026-12-07")}
    assert reaction.item.due_date == D("2026-12-07")


def test_petitions_have_no_krm_deadlines(world, new_reaction, travel):
    travel("2026-11-23 12:00")
    reaction = new_reaction(kind="petition")
    assert clocks(reaction) == {}
    assert reaction.item.due_date is None


def test_rules_in_force_on_the_day_of_receipt(world, new_reaction, travel):
    from anliegen.rules.actions import create_rule_version

    travel("2026-11-23 12:00")
    before = new_reaction(received="2026-11-23 09:00")
    create_rule_version(
        actor=world.admin,
        scope=None,
        organisation=world.org,
        key="reactions",
        data={
            "acknowledgement_working_days": 5,
            "acknowledgement_channels": ["letter"],
            "resolution_calendar_days": 21,
            "max_concerns": 3,
        },
        valid_from=D("2026-11-24"),
    )
    travel("2026-11-24 12:00")
    late_entry = new_reaction(received="2026-11-23 10:00", channel="email")
    assert (
        clocks(late_entry)
        == clocks(before)
        == {
            "acknowledgement": D("2026-11-26"),
            "resolution": D("2026-12-07"),
        }
    )
    after = new_reaction(received="2026-11-24 10:00", channel="email")
    assert clocks(after) == {"resolution": D("2026-12-15")}
