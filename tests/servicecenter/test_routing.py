"""SOC-03: routing decisions for the CTI — qualified agents for benefit questions, overflow,
roll-out wave, absences, determinism and one decision per call id."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core.clock import BERLIN
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.models import Absence
from anliegen.org.scope import scope_for
from anliegen.servicecenter import agents, routing
from anliegen.servicecenter.models import RoutingDecision
from anliegen.servicecenter.rules import create_rule_version, preset

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)


def route(sc, call_id="c-1", topic="alg", dialled="agency", user=None, **extra):
    user = user or sc.tsb1
    return routing.route(
        actor=user,
        scope=scope_for(user, sc.org),
        call_id=call_id,
        dialled=dialled,
        topic=topic,
        **extra,
    )


def plan(sc, agent, queue, start=NOW - dt.timedelta(hours=2), end=NOW + dt.timedelta(hours=6)):
    return agents.plan_queue(
        actor=sc.tl, scope=scope_for(sc.tl, sc.org), agent=agent, queue=queue, start=start, end=end
    )


@pytest.mark.parametrize("dialled", ["agency", "national"])
def test_alg_call_goes_to_qualified_agents_in_soc_l_whichever_number(sc, dialled):
    """SOC-03: both numbers route a benefit question to the SOC-L call group."""
    plan(sc, sc.tsb1, "soc_l")
    decision, new = route(sc, dialled=dialled)
    assert new
    assert decision.queue == "soc_l"
    assert decision.agents == ["tsb1"]
    assert decision.reason == "soc_l"


def test_other_topic_goes_to_general_queue(sc):
    plan(sc, sc.tsb1, "soc_l")
    decision, _new = route(sc, topic="placement")
    assert decision.queue == "general"
    assert decision.agents == ["tsb2", "tsb3"]
    assert decision.reason == "other_topic"
    assert "Sonstiges" not in routing.reason_text(decision)
    assert routing.reason_text(decision) == "Anderes Anliegen: allgemeine Queue."


def test_overflow_to_qualified_agents_in_general_queue(sc):
    """SOC-03: nobody in the SOC-L group → the qualified agents of the general queue."""
    decision, _new = route(sc)
    assert decision.queue == "general"
    assert decision.agents == ["tsb1", "tsb2"]
    assert decision.reason == "overflow_qualified_general"


def test_overflow_to_general_queue_when_no_qualified_agent_is_present(sc):
    for agent in (sc.tsb1, sc.tsb2):
        Absence.objects.create(
            user=agent, organisation=sc.org, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 2)
        )
    decision, _new = route(sc)
    assert decision.queue == "general"
    assert decision.agents == ["tsb3"]
    assert decision.reason == "overflow_general"
    assert decision.explanation["absent"] == ["tsb1", "tsb2"]


def test_absent_agents_are_left_out(sc):
    plan(sc, sc.tsb1, "soc_l")
    plan(sc, sc.tsb2, "soc_l")
    Absence.objects.create(
        user=sc.tsb1, organisation=sc.org, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 1)
    )
    decision, _new = route(sc)
    assert decision.agents == ["tsb2"]


def test_agents_best_first_by_calls_today(sc):
    """Best first: fewest calls recorded today (kept per agent and day by the call records)."""
    from anliegen.servicecenter import calls

    plan(sc, sc.tsb1, "soc_l")
    plan(sc, sc.tsb2, "soc_l")
    calls.record_call(
        actor=sc.tsb1,
        scope=scope_for(sc.tsb1, sc.org),
        data=calls.CallData(
            call_id="earlier",
            agent="tsb1",
            topic="alg",
            started_at=NOW - dt.timedelta(hours=1),
            ended_at=NOW - dt.timedelta(minutes=55),
            resolved=True,
            escalation="none",
        ),
    )
    decision, _new = route(sc)
    assert decision.agents == ["tsb2", "tsb1"]
    assert decision.explanation["calls_today"] == {"tsb1": 1}


def test_before_the_wave_every_call_goes_to_general_and_says_why(sc):
    """SOC-01: SOC-L routing applies only from the region's wave date."""
    plan(sc, sc.tsb1, "soc_l")
    decision, _new = route(sc, at=dt.datetime(2023, 4, 14, 10, 0, tzinfo=BERLIN))
    assert decision.reason == "before_wave"
    assert decision.queue == "general"
    assert decision.explanation["wave"] == {"number": 2, "start": "2023-04-17"}


def test_region_without_a_wave_routes_to_general(sc):
    create_rule_version(
        actor=None,
        scope=None,
        organisation=sc.org,
        data=preset().model_dump(mode="json"),
        valid_from=dt.date(2026, 11, 1),
    )
    plan(sc, sc.tsb1, "soc_l")
    decision, _new = route(sc)
    assert decision.reason == "before_wave"


def test_same_call_id_returns_same_decision_and_records_nothing(sc):
    """SOC-03: idempotent per call id, even after the plans changed."""
    plan(sc, sc.tsb1, "soc_l")
    first, new = route(sc)
    plan(sc, sc.tsb2, "soc_l")
    again, again_new = route(sc)
    assert new
    assert not again_new
    assert again.id == first.id
    assert again.agents == ["tsb1"]
    assert RoutingDecision.objects.count() == 1


def test_decision_is_deterministic_and_replayable(sc):
    plan(sc, sc.tsb1, "soc_l")
    plan(sc, sc.tsb2, "soc_l")
    rules = preset().model_copy(update={"region": "Ost"})
    one = routing.decide(sc.org, topic="alg", at=NOW, rules=rules)
    two = routing.decide(sc.org, topic="alg", at=NOW, rules=rules)
    assert one == two
    stored, _new = route(sc, at=NOW)
    assert stored.agents == one.agents
    assert stored.reason == one.reason


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"topic": "weather"}, "topic"),
        ({"dialled": "mobile"}, "dialled"),
        ({"customer_number": "NOPE"}, "customer_number"),
        ({"call_id": "  "}, "call_id"),
    ],
)
def test_bad_input_is_refused_in_german_and_records_nothing(sc, fields, error):
    with pytest.raises(InvalidInput) as exc:
        route(sc, **fields)
    assert error in exc.value.errors
    assert not RoutingDecision.objects.exists()


def test_os_staff_may_not_route(sc):
    with pytest.raises(Forbidden):
        route(sc, user=sc.os1)
