"""SOC-02: queue plans per agent (from … until, default per agent), overlap and order checks,
the refusal of unqualified agents in the SOC-L call group, and the team lead's board."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.core.clock import BERLIN
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.scope import scope_for
from anliegen.servicecenter import agents, queries
from anliegen.servicecenter.models import QueuePlan

DAY = dt.date(2026, 12, 1)


def at(hour: int, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=BERLIN)


def plan(sc, agent, queue, start, end, *, user=None, replace=False):
    user = user or sc.tl
    return agents.plan_queue(
        actor=user,
        scope=scope_for(user, sc.org),
        agent=agent,
        queue=queue,
        start=start,
        end=end,
        replace=replace,
    )


def queue_now(sc, agent, moment):
    return queries.queues_at(sc.org, moment, [agent.id])[agent.id].queue


def test_plan_puts_agent_into_queue_for_its_time_only(sc):
    plan(sc, sc.tsb1, "soc_l", at(8), at(12))
    assert queue_now(sc, sc.tsb1, at(9)) == "soc_l"
    assert queue_now(sc, sc.tsb1, at(12)) == "general"  # half-open: until 12:00
    assert AuditEntry.objects.filter(action="servicecenter.plan_created").count() == 1


def test_default_queue_holds_without_a_plan(sc):
    agents.set_default_queue(
        actor=sc.tl, scope=scope_for(sc.tl, sc.org), agent=sc.tsb2, queue="soc_l"
    )
    assert queue_now(sc, sc.tsb2, at(15)) == "soc_l"
    plan(sc, sc.tsb2, "general", at(14), at(16))
    assert queue_now(sc, sc.tsb2, at(15)) == "general"


def test_unqualified_agent_is_refused_in_soc_l(sc):
    """SOC-02: a clear German message, nothing stored."""
    with pytest.raises(InvalidInput) as exc:
        plan(sc, sc.tsb3, "soc_l", at(8), at(12))
    assert "keine SOC-L-Qualifikation" in exc.value.message
    assert not QueuePlan.objects.exists()
    with pytest.raises(InvalidInput):
        agents.set_default_queue(
            actor=sc.tl, scope=scope_for(sc.tl, sc.org), agent=sc.tsb3, queue="soc_l"
        )


def test_qualification_counts_from_the_access_date(sc):
    agents.grant_qualification(
        actor=sc.tl,
        scope=scope_for(sc.tl, sc.org),
        agent=sc.tsb3,
        trained_on=dt.date(2026, 11, 20),
        access_from=dt.date(2026, 12, 2),
    )
    with pytest.raises(InvalidInput):
        plan(sc, sc.tsb3, "soc_l", at(8), at(12))
    plan(
        sc, sc.tsb3, "soc_l", at(8, DAY + dt.timedelta(days=1)), at(12, DAY + dt.timedelta(days=1))
    )


def test_access_before_training_is_refused(sc):
    with pytest.raises(InvalidInput) as exc:
        agents.grant_qualification(
            actor=sc.tl,
            scope=scope_for(sc.tl, sc.org),
            agent=sc.tsb3,
            trained_on=dt.date(2026, 12, 2),
            access_from=dt.date(2026, 12, 1),
        )
    assert "access_from" in exc.value.errors


def test_plan_ending_before_it_starts_is_refused(sc):
    with pytest.raises(InvalidInput) as exc:
        plan(sc, sc.tsb1, "general", at(12), at(8))
    assert "until" in exc.value.errors
    assert exc.value.message == "Der Plan endet, bevor er beginnt."
    assert not QueuePlan.objects.exists()


def test_overlapping_plan_is_refused(sc):
    plan(sc, sc.tsb1, "soc_l", at(8), at(12))
    with pytest.raises(InvalidInput) as exc:
        plan(sc, sc.tsb1, "general", at(11), at(14))
    assert "from" in exc.value.errors
    assert "01.12.2026 08:00" in exc.value.message
    assert QueuePlan.objects.count() == 1


def test_same_plan_again_changes_nothing(sc):
    first = plan(sc, sc.tsb1, "soc_l", at(8), at(12))
    again = plan(sc, sc.tsb1, "soc_l", at(8), at(12))
    assert again.id == first.id
    assert QueuePlan.objects.count() == 1


def test_move_for_the_afternoon_splits_the_day_plan(sc):
    """SOC-02: the team lead moves an agent for the afternoon; the rest of the day stays."""
    plan(sc, sc.tsb1, "soc_l", at(7), at(19))
    plan(sc, sc.tsb1, "general", at(13), at(16), replace=True)
    got = [
        (p.queue, p.start.astimezone(BERLIN).hour, p.end.astimezone(BERLIN).hour)
        for p in QueuePlan.objects.order_by("start")
    ]
    assert got == [("soc_l", 7, 13), ("general", 13, 16), ("soc_l", 16, 19)]
    assert queue_now(sc, sc.tsb1, at(14)) == "general"
    assert queue_now(sc, sc.tsb1, at(17)) == "soc_l"


def test_replace_drops_plans_inside_and_trims_edges(sc):
    plan(sc, sc.tsb1, "soc_l", at(8), at(10))
    plan(sc, sc.tsb1, "general", at(10), at(11))
    plan(sc, sc.tsb1, "soc_l", at(11), at(14))
    plan(sc, sc.tsb1, "general", at(9), at(12), replace=True)
    got = [
        (p.queue, p.start.astimezone(BERLIN).hour, p.end.astimezone(BERLIN).hour)
        for p in QueuePlan.objects.order_by("start")
    ]
    assert got == [("soc_l", 8, 9), ("general", 9, 12), ("soc_l", 12, 14)]


@pytest.mark.parametrize("who", ["tsb1", "fit", "os_tl", "os1"])
def test_only_leads_plan_queues(sc, who):
    with pytest.raises(Forbidden):
        plan(sc, sc.tsb2, "general", at(8), at(12), user=getattr(sc, who))


def test_management_plans_queues(sc):
    plan(sc, sc.tsb2, "general", at(8), at(12), user=sc.rl)


def test_board_shows_queues_now_today_and_qualified_share(sc):
    plan(sc, sc.tsb1, "soc_l", at(8), at(12))
    plan(sc, sc.tsb1, "general", at(13), at(17))
    board = queries.board(sc.org, sc.centre, at=at(10), target=0.4)
    rows = {row.agent.username: row for row in board.rows}
    assert rows["tsb1"].queue == "soc_l"
    assert rows["tsb1"].planned
    assert len(rows["tsb1"].plans) == 2
    assert rows["tsb2"].queue == "general"
    assert not rows["tsb2"].planned
    assert board.qualified == 2
    assert board.share == pytest.approx(2 / 3)
    assert (board.in_soc_l, board.in_general) == (1, 2)
