"""SOC-09 (issue 21): the Erlang C written here against pyworkforce 0.5.1, the library it
replaced. The literals were printed by pyworkforce's ``ErlangC`` (``waiting_probability``,
``service_level``, ``required_positions``) before it was removed from the dependencies."""

from __future__ import annotations

import pytest

from anliegen.servicecenter.staffing import erlang as staffing
from anliegen.servicecenter.staffing.erlang import Params

# (calls, interval minutes, AHT s, target s) → [(agents, waiting probability, service level)]
PYWORKFORCE_FIGURES = {
    (100, 30, 180, 20): [
        (11, 0.6821182046893323, 0.38961381172915344),
        (12, 0.4493882242982709, 0.6401580403740066),
        (14, 0.1741319335950498, 0.8883500191794669),
        (15, 0.10204236700798798, 0.9414528428690223),
    ],
    (100, 30, 180, 0): [
        (11, 0.6821182046893323, 0.31788179531445726),
        (14, 0.1741319335950498, 0.8258680664088198),
    ],
    (250, 30, 240, 30): [
        (34, 0.86861040613698, 0.20083984734476323),
        (35, 0.69651293252382, 0.43447583451994565),
        (38, 0.3334525592974717, 0.8139217524650401),
        (44, 0.05214059665352725, 0.9862558879424838),
    ],
    (12, 15, 300, 60): [
        (5, 0.5541125541125541, 0.5463310112814646),
        (6, 0.2847608453837598, 0.8091190970132106),
        (9, 0.023757873855898285, 0.9912599666424705),
    ],
    (3, 30, 600, 20): [
        (2, 0.33333333333333337, 0.6775946331726647),
        (3, 0.09090909090909091, 0.9149539104516711),
        (6, 0.0006131207847946045, 0.9994810044605208),
    ],
    (5000, 30, 300, 20): [
        (834, 0.9716192470550857, 0.07061826672616889),
        (835, 0.9301609241268493, 0.16765543412691164),
        (838, 0.8135879118005561, 0.4039390804547661),
        (1084, 6.00111904144186e-17, 1.0),
    ],
}

# (calls, interval, AHT, target, service level, occupancy cap) → raw agents of pyworkforce's
# required_positions (its search starts at round(A + 1); none of these cases is below that).
PYWORKFORCE_REQUIRED = [
    (100, 30, 180, 20, 0.8, 1.0, 14),
    (100, 30, 180, 20, 0.9, 0.85, 15),
    (100, 30, 180, 20, 0.95, 1.0, 16),
    (100, 30, 180, 0, 0.8, 1.0, 14),
    (100, 30, 180, 0, 0.9, 0.85, 16),
    (100, 30, 180, 0, 0.95, 1.0, 17),
    (250, 30, 240, 30, 0.8, 1.0, 38),
    (250, 30, 240, 30, 0.9, 0.85, 40),
    (250, 30, 240, 30, 0.95, 1.0, 42),
    (12, 15, 300, 60, 0.8, 1.0, 6),
    (12, 15, 300, 60, 0.9, 0.85, 7),
    (12, 15, 300, 60, 0.95, 1.0, 8),
    (1000, 60, 120, 15, 0.8, 1.0, 38),
    (3, 30, 600, 20, 0.8, 1.0, 3),
    (3, 30, 600, 20, 0.95, 1.0, 4),
    (5000, 30, 300, 20, 0.8, 1.0, 848),
    (5000, 30, 300, 20, 0.9, 0.85, 981),
    (5000, 30, 300, 20, 0.95, 1.0, 859),
]


@pytest.mark.parametrize("case", list(PYWORKFORCE_FIGURES))
def test_waiting_probability_and_service_level_as_pyworkforce(case):
    calls, interval, aht, target = case
    for agents, waiting, level in PYWORKFORCE_FIGURES[case]:
        figures = staffing.erlang_c(
            calls=calls,
            interval_minutes=interval,
            aht_seconds=aht,
            agents=agents,
            target_seconds=target,
        )
        assert figures.waiting_probability == pytest.approx(waiting, rel=1e-9, abs=1e-15)
        assert figures.service_level == pytest.approx(level, rel=1e-9)
        load = staffing.offered_load(calls, interval, aht)
        assert figures.asa_seconds == pytest.approx(waiting * aht / (agents - load), rel=1e-9)


@pytest.mark.parametrize(
    ("calls", "interval", "aht", "target", "level", "cap", "raw"), PYWORKFORCE_REQUIRED
)
def test_fewest_agents_as_pyworkforce(calls, interval, aht, target, level, cap, raw):
    params = Params(target_seconds=target, service_level=level, max_occupancy=cap)
    need = staffing.required(calls=calls, interval_minutes=interval, aht_seconds=aht, params=params)
    assert need.raw_agents == raw


def test_the_recurrence_stays_finite_for_thousands_of_agents():
    """Factorials and powers of A overflow a float past ~170 agents; the recurrence does not."""
    waiting = staffing.waiting_probability(9_000, 8_900.0)
    assert 0.0 < waiting < 1.0
    assert staffing.erlang_b(9_000, 8_900.0) < waiting
