"""SOC-09, the calculations: Erlang C through pyworkforce against the textbook example,
Erlang A (M/M/n+M) against Erlang C as the patience grows and against a discrete-event
simulation (ciw), monotonicity, shrinkage, the occupancy cap, and refused parameters."""

from __future__ import annotations

import math

import ciw
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anliegen.core.errors import InvalidInput
from anliegen.servicecenter.staffing import erlang as staffing
from anliegen.servicecenter.staffing.erlang import Params


def test_textbook_example():
    """100 calls in 30 minutes, 180 s handling time, 80 % within 20 s → 14 agents, SL 88.8 %."""
    need = staffing.required(calls=100, interval_minutes=30, aht_seconds=180, params=Params())
    assert need.raw_agents == 14
    assert need.agents == 14
    assert round(need.performance.service_level, 3) == 0.888
    assert need.performance.occupancy == pytest.approx(10 / 14)
    assert need.performance.waiting_probability == pytest.approx(0.1741, abs=1e-4)
    # ASA = C(n, A)·AHT/(n − A)
    assert need.performance.asa_seconds == pytest.approx(0.17413 * 180 / 4, rel=1e-3)
    # 13 agents miss the target
    thirteen = staffing.erlang_c(
        calls=100, interval_minutes=30, aht_seconds=180, agents=13, target_seconds=20
    )
    assert thirteen.service_level < 0.8


def test_shrinkage_and_occupancy_cap():
    need = staffing.required(
        calls=100, interval_minutes=30, aht_seconds=180, params=Params(shrinkage=0.3)
    )
    assert (need.raw_agents, need.agents) == (14, 20)  # ceil(14 / 0.7)
    capped = staffing.required(
        calls=100, interval_minutes=30, aht_seconds=180, params=Params(max_occupancy=0.65)
    )
    assert capped.raw_agents == 16  # ceil(10 / 0.65)
    assert capped.performance.occupancy <= 0.65
    capped_a = staffing.required(
        calls=100,
        interval_minutes=30,
        aht_seconds=180,
        params=Params(model="erlang_a", max_occupancy=0.65, patience_seconds=120),
    )
    assert capped_a.performance.occupancy <= 0.65
    # rostered agents back to agents on the phone
    assert staffing.on_phone(20, 0.3) == 14
    assert staffing.on_phone(14, 0.0) == 14


def test_no_calls_need_nobody_and_few_calls_need_one():
    none = staffing.required(calls=0, interval_minutes=30, aht_seconds=180, params=Params())
    assert (none.agents, none.performance.service_level) == (0, 1.0)
    one = staffing.required(calls=1, interval_minutes=30, aht_seconds=180, params=Params())
    assert one.agents == 1


def test_overloaded_queue_answers_nobody_in_time():
    """Erlang C with n ≤ A: the queue grows without end."""
    figures = staffing.erlang_c(
        calls=100, interval_minutes=30, aht_seconds=180, agents=10, target_seconds=20
    )
    assert figures.service_level == 0.0
    assert figures.waiting_probability == 1.0
    assert figures.asa_seconds is None


@pytest.mark.parametrize("agents", [11, 14, 20])
@pytest.mark.parametrize("target", [0, 20, 60])
def test_erlang_a_tends_to_erlang_c_as_patience_grows(agents, target):
    c = staffing.erlang_c(
        calls=100, interval_minutes=30, aht_seconds=180, agents=agents, target_seconds=target
    )
    previous = None
    for patience in (1e4, 1e6, 1e8):
        a = staffing.erlang_a(
            calls=100,
            interval_minutes=30,
            aht_seconds=180,
            agents=agents,
            target_seconds=target,
            patience_seconds=patience,
        )
        gap = abs(a.service_level - c.service_level)
        assert previous is None or gap <= previous + 1e-12
        previous = gap
    assert previous is not None
    assert previous < 1e-4
    assert a.waiting_probability == pytest.approx(c.waiting_probability, abs=1e-4)
    assert a.occupancy == pytest.approx(c.occupancy, abs=1e-4)
    assert a.abandonment < 1e-4


def test_erlang_a_with_impatient_callers():
    """Callers who hang up shorten the queue: fewer agents reach the target, but some callers
    are lost; with n ≤ A the queue still settles (unlike Erlang C)."""
    c = staffing.required(calls=100, interval_minutes=30, aht_seconds=180, params=Params())
    a = staffing.required(
        calls=100,
        interval_minutes=30,
        aht_seconds=180,
        params=Params(model="erlang_a", patience_seconds=60),
    )
    assert a.raw_agents == 12 < c.raw_agents
    assert 0.8 <= a.performance.service_level < 0.9
    assert 0.05 < a.performance.abandonment < 0.1
    overloaded = staffing.erlang_a(
        calls=100,
        interval_minutes=30,
        aht_seconds=180,
        agents=9,
        target_seconds=20,
        patience_seconds=60,
    )
    assert 0 < overloaded.service_level < 0.8
    assert overloaded.abandonment > 0.1
    # occupancy = carried load / n
    load = 100 / 1800 * 180 * (1 - overloaded.abandonment)
    assert overloaded.occupancy == pytest.approx(load / 9, rel=1e-6)


loads = st.tuples(
    st.integers(min_value=1, max_value=400),  # calls in 30 minutes
    st.integers(min_value=30, max_value=900),  # handling time
    st.integers(min_value=0, max_value=120),  # target
)


@settings(max_examples=40, deadline=None)
@given(loads, st.sampled_from(["erlang_c", "erlang_a"]))
def test_more_agents_never_do_worse(case, model):
    calls, aht, target = case
    params = Params(model=model, target_seconds=target, patience_seconds=90)
    load = staffing.offered_load(calls, 30, aht)
    previous = None
    for agents in range(max(1, math.floor(load) - 2), math.ceil(load) + 8):
        figures = staffing.performance(
            calls=calls, interval_minutes=30, aht_seconds=aht, agents=agents, params=params
        )
        assert 0 <= figures.service_level <= 1
        assert 0 <= figures.occupancy <= 1
        if previous is not None:
            assert figures.service_level >= previous.service_level - 1e-9
            assert figures.waiting_probability <= previous.waiting_probability + 1e-9
            assert figures.occupancy <= previous.occupancy + 1e-9
        previous = figures


@settings(max_examples=40, deadline=None)
@given(loads, st.floats(min_value=0.5, max_value=0.95), st.sampled_from(["erlang_c", "erlang_a"]))
def test_need_grows_with_calls_and_target_level(case, level, model):
    calls, aht, target = case
    params = Params(model=model, target_seconds=target, service_level=level)
    need = staffing.required(calls=calls, interval_minutes=30, aht_seconds=aht, params=params)
    more_calls = staffing.required(
        calls=calls + 20, interval_minutes=30, aht_seconds=aht, params=params
    )
    stricter = staffing.required(
        calls=calls,
        interval_minutes=30,
        aht_seconds=aht,
        params=Params(model=model, target_seconds=target, service_level=min(0.99, level + 0.04)),
    )
    assert more_calls.raw_agents >= need.raw_agents
    assert stricter.raw_agents >= need.raw_agents
    # the need reaches the target, one agent fewer does not
    assert need.performance.service_level >= level
    if need.raw_agents > 1:
        fewer = staffing.performance(
            calls=calls,
            interval_minutes=30,
            aht_seconds=aht,
            agents=need.raw_agents - 1,
            params=params,
        )
        assert fewer.service_level < level


def _simulated_service_level(agents: int, patience_seconds: float | None) -> tuple[float, float]:
    """Share of callers answered within 20 s and share who hung up, 100 calls per 30 minutes,
    AHT 180 s; time in minutes, about 40,000 callers after a warm-up of 100 minutes."""
    options = {}
    if patience_seconds is not None:
        options["reneging_time_distributions"] = [ciw.dists.Exponential(60 / patience_seconds)]
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(100 / 30)],
        service_distributions=[ciw.dists.Exponential(1 / 3)],
        number_of_servers=[agents],
        **options,
    )
    ciw.seed(1)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(12_100)
    records = [r for r in simulation.get_all_records() if r.arrival_date > 100]
    answered = sum(1 for r in records if r.record_type == "service" and r.waiting_time <= 1 / 3)
    hung_up = sum(1 for r in records if r.record_type == "renege")
    return answered / len(records), hung_up / len(records)


@pytest.mark.slow
def test_erlang_c_agrees_with_a_simulation():
    """About 40,000 simulated callers (seeded, a few seconds): within one percentage point."""
    level, _hung_up = _simulated_service_level(14, None)
    assert abs(level - 0.8884) < 0.01


@pytest.mark.slow
def test_erlang_a_agrees_with_a_simulation():
    figures = staffing.erlang_a(
        calls=100,
        interval_minutes=30,
        aht_seconds=180,
        agents=12,
        target_seconds=20,
        patience_seconds=60,
    )
    level, hung_up = _simulated_service_level(12, 60)
    assert abs(level - figures.service_level) < 0.01
    assert abs(hung_up - figures.abandonment) < 0.01


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"calls": -1}, "calls"),
        ({"calls": math.nan}, "calls"),
        ({"interval_minutes": 0}, "interval_minutes"),
        ({"aht_seconds": 0}, "aht_seconds"),
        ({"target_seconds": 601}, "target_seconds"),
        ({"service_level": 80}, "service_level"),
        ({"service_level": 1}, "service_level"),
        ({"shrinkage": 1}, "shrinkage"),
        ({"max_occupancy": 0}, "max_occupancy"),
        ({"model": "erlang_b"}, "model"),
        ({"model": "erlang_a", "patience_seconds": 0}, "patience_seconds"),
        ({"calls": 100_000, "interval_minutes": 1, "aht_seconds": 7200}, "calls"),
    ],
)
def test_out_of_range_parameters_are_refused_in_german(fields, bad):
    values = {"calls": 100.0, "interval_minutes": 30.0, "aht_seconds": 180.0}
    params = {k: v for k, v in fields.items() if k not in values}
    values.update({k: v for k, v in fields.items() if k in values})
    with pytest.raises(InvalidInput) as caught:
        staffing.required(**values, params=Params(**params))
    assert bad in caught.value.errors
    assert caught.value.message == "Die Parameter der Personalbedarfsrechnung sind ungültig."
