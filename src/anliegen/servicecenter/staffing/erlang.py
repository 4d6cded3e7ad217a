"""Staffing of a service-centre queue (SOC-09): pure calculations, no database.

Two queueing models for one interval of ``interval_minutes`` with ``calls`` arrivals (Poisson),
exponential handling times of mean ``aht_seconds`` and ``agents`` agents on the phone:

* **Erlang C** (M/M/n, callers wait as long as it takes), computed here (:func:`erlang_c`; it
  replaced ``pyworkforce``, whose import pulled ortools and pandas into every process, issue
  21): probability of waiting ``C(n, A)`` from the Erlang B recurrence, service level
  ``1 − C(n, A)·e^{−(n−A)·t/AHT}``, occupancy ``A/n``, average speed of answer
  ``C(n, A)·AHT/(n − A)``, with the offered load ``A = calls/interval · AHT`` in Erlang.
  With ``n ≤ A`` the queue grows without end: nobody is answered in time.
* **Erlang A** (M/M/n+M, Palm 1943): callers hang up after an exponential patience of mean
  ``patience_seconds``, computed by :func:`erlang_a`.

The service level counts the share of *all* offered calls answered within ``target_seconds``;
a caller who hangs up counts as not answered in time. Shrinkage (the share of rostered time
off the phone: breaks, meetings, coaching) turns agents on the phone into rostered agents
(``ceil(n/(1 − shrinkage))``) and back (``floor(rostered·(1 − shrinkage))``, as workforce
tools do); an occupancy cap raises the need until ``A/n`` (Erlang A: the carried load over ``n``)
stays below it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput

Model = Literal["erlang_c", "erlang_a"]
MODELS: tuple[Model, ...] = ("erlang_c", "erlang_a")

#: Bounds of the inputs: beyond them the answer is meaningless or too expensive for a public
#: endpoint (the offered load bounds the agents searched and the size of Erlang A's state space).
MAX_CALLS = 100_000
MAX_INTERVAL_MINUTES = 1440
MAX_AHT_SECONDS = 7200
MAX_TARGET_SECONDS = 600
MAX_LOAD_ERLANG = 2000
MAX_PATIENCE_SECONDS = 3600
MAX_AGENTS = 10_000


@dataclass(frozen=True)
class Params:
    """What the need is computed for (defaults: the region's rules, ``ServiceCentreRules``)."""

    service_level: float = 0.8
    target_seconds: float = 20
    shrinkage: float = 0.0
    max_occupancy: float = 1.0
    model: Model = "erlang_c"
    patience_seconds: float = 120


@dataclass(frozen=True)
class Performance:
    """How a queue does with ``agents`` agents on the phone."""

    agents: int
    service_level: float
    occupancy: float
    waiting_probability: float
    #: Mean wait of all callers in seconds; None when the queue grows without end (Erlang C).
    asa_seconds: float | None
    #: Share of callers who hang up before they are answered (0 in Erlang C).
    abandonment: float


@dataclass(frozen=True)
class Need:
    """The agents needed: ``raw_agents`` on the phone, ``agents`` rostered (with shrinkage)."""

    raw_agents: int
    agents: int
    performance: Performance


# --- Validation ---------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:,}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def validate(
    *,
    calls: float,
    interval_minutes: float,
    aht_seconds: float,
    params: Params,
) -> None:
    """Refuse inputs outside the model's range with German messages per field (422)."""
    errors: dict[str, str] = {}

    def check(name: str, value: float, low: float, high: float, *, low_open: bool = False) -> None:
        if not math.isfinite(value) or value > high or value < low or (low_open and value <= low):
            errors[name] = _("Enter a number from %(low)s to %(high)s.") % {
                "low": (_("above %s") % _number(low)) if low_open else _number(low),
                "high": _number(high),
            }

    check("calls", calls, 0, MAX_CALLS)
    check("interval_minutes", interval_minutes, 0, MAX_INTERVAL_MINUTES, low_open=True)
    check("aht_seconds", aht_seconds, 0, MAX_AHT_SECONDS, low_open=True)
    check("target_seconds", params.target_seconds, 0, MAX_TARGET_SECONDS)
    if not (0 < params.service_level < 1):
        errors["service_level"] = _(
            "Enter the service level as a share between 0 and 1 (e.g. 0.8 for 80 %)."
        )
    if not (0 <= params.shrinkage <= 0.9):
        errors["shrinkage"] = _("Enter the shrinkage as a share from 0 to 0.9 (e.g. 0.3).")
    if not (0 < params.max_occupancy <= 1):
        errors["max_occupancy"] = _(
            "Enter the occupancy cap as a share above 0 up to 1 (e.g. 0.85)."
        )
    if params.model not in MODELS:
        errors["model"] = _("Choose Erlang C or Erlang A.")
    if params.model == "erlang_a":
        check("patience_seconds", params.patience_seconds, 0, MAX_PATIENCE_SECONDS, low_open=True)
    if not errors and offered_load(calls, interval_minutes, aht_seconds) > MAX_LOAD_ERLANG:
        errors["calls"] = _(
            "The offered load (calls × handling time ÷ interval) is above %(max)s Erlang."
        ) % {"max": _number(MAX_LOAD_ERLANG)}
    if errors:
        raise InvalidInput(_("The staffing parameters are invalid."), errors=errors)


def offered_load(calls: float, interval_minutes: float, aht_seconds: float) -> float:
    """The offered load in Erlang: calls per second × mean handling time in seconds."""
    return calls / (interval_minutes * 60) * aht_seconds


# --- Erlang C (M/M/n) ------------------------------------------------------------------


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability B(n, A) by the recurrence B(0) = 1,
    B(k) = A·B(k−1) / (k + A·B(k−1)): no factorials or powers, stable for thousands of
    agents (every step stays in [0, 1])."""
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def waiting_probability(agents: int, load: float) -> float:
    """Erlang C, the probability that a caller waits: C(n, A) = n·B / (n − A·(1 − B)) with
    B = B(n, A); 1 when n ≤ A (the queue grows without end)."""
    if agents <= load:
        return 1.0
    blocking = erlang_b(agents, load)
    return min(1.0, agents * blocking / (agents - load * (1.0 - blocking)))


def _erlang_c_level(waiting: float, agents: int, load: float, aht: float, target: float) -> float:
    """Share answered within ``target`` seconds: 1 − C·e^{−(n−A)·t/AHT}."""
    return min(1.0, max(0.0, 1.0 - waiting * math.exp(-(agents - load) * target / aht)))


def erlang_c(
    *,
    calls: float,
    interval_minutes: float,
    aht_seconds: float,
    agents: int,
    target_seconds: float,
) -> Performance:
    """Erlang C for ``agents`` agents on the phone (see the module's docstring)."""
    if calls <= 0:
        return Performance(agents, 1.0, 0.0, 0.0, 0.0, 0.0)
    load = offered_load(calls, interval_minutes, aht_seconds)
    if agents <= load:
        return Performance(agents, 0.0, 1.0 if agents else 0.0, 1.0, None, 0.0)
    waiting = waiting_probability(agents, load)
    return Performance(
        agents=agents,
        service_level=_erlang_c_level(waiting, agents, load, aht_seconds, target_seconds),
        occupancy=load / agents,
        waiting_probability=waiting,
        asa_seconds=waiting * aht_seconds / (agents - load),
        abandonment=0.0,
    )


# --- Erlang A (M/M/n+M) -------------------------------------------------------------------


def _log_stationary(lam: float, mu: float, theta: float, n: int) -> np.ndarray:
    """log π_k (unnormalised), k = 0 … n + J, of the birth-death chain of M/M/n+M: births at
    rate λ, deaths at rate min(k, n)·μ + max(k − n, 0)·θ. The queue part is cut once its terms
    fall below e^-40 of the largest (they decrease from there on, since θ > 0)."""
    k = np.arange(1, n + 1, dtype=float)
    head = np.concatenate(([0.0], np.cumsum(math.log(lam) - np.log(k * mu))))
    parts = [head]
    last = head[-1]
    peak = float(head.max())
    start = 1
    chunk = 1024
    while start < 2_000_000:
        j = np.arange(start, start + chunk, dtype=float)
        tail = last + np.cumsum(math.log(lam) - np.log(n * mu + j * theta))
        parts.append(tail)
        peak = max(peak, float(tail.max()))
        last = float(tail[-1])
        start += chunk
        if last < peak - 40 and lam < n * mu + (start - 1) * theta:
            break
        chunk *= 2
    values = np.concatenate(parts)
    # Cut the negligible tail: it would only lengthen the uniformisation below.
    keep = int(np.nonzero(values >= peak - 40)[0][-1]) + 1
    return values[: max(keep, n + 1)]


def erlang_a(
    *,
    calls: float,
    interval_minutes: float,
    aht_seconds: float,
    agents: int,
    target_seconds: float,
    patience_seconds: float,
) -> Performance:
    """Erlang A (M/M/n+M; C. Palm, "Methods of judging the annoyance caused by congestion",
    Tele 4, 1953): Poisson arrivals λ, n agents serving at rate μ = 1/AHT each, callers in the
    queue hang up at rate θ = 1/patience.

    The formulas follow O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with
    impatient customers", Manufacturing & Service Operations Management 4(3), 2002, and
    A. Mandelbaum, S. Zeltyn, "The M/M/n+G queue: summary of performance measures" (Technion,
    2007), computed from the stationary distribution π of the birth-death chain instead of
    their closed forms in incomplete gamma functions (numerically steadier):

    * probability of waiting ``P(W > 0) = Σ_{k ≥ n} π_k`` (arrivals see time averages, PASTA);
    * abandonment ``P(Ab) = θ·E[Q]/λ`` with the mean queue ``E[Q] = Σ_j j·π_{n+j}``;
    * mean wait of all callers ``E[W] = E[Q]/λ`` (Little);
    * occupancy ``Σ_k min(k, n)·π_k / n`` = λ·(1 − P(Ab))·AHT/n;
    * service level ``P(answered within t)``: a caller who finds ``j`` callers waiting ahead
      moves up at rate ``n·μ + i·θ`` while ``i`` are ahead and hangs up at rate θ; the
      probability that they reach an agent by ``t`` is computed by uniformisation of this
      small absorbing chain (W. Grassmann, "Transient solutions in Markovian queueing
      systems", Computers & OR 4, 1977). Callers who hang up count as not answered.

    As the patience grows (θ → 0) this is Erlang C whenever n > A (tested).
    """
    if calls <= 0:
        return Performance(agents, 1.0, 0.0, 0.0, 0.0, 0.0)
    if agents <= 0:
        return Performance(0, 0.0, 0.0, 1.0, patience_seconds, 1.0)
    lam = calls / (interval_minutes * 60)
    mu = 1 / aht_seconds
    theta = 1 / patience_seconds
    n = agents
    log_pi = _log_stationary(lam, mu, theta, n)
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    queue = pi[n:]  # π_{n+j}, j = 0 … J
    waiting = float(queue.sum())
    positions = np.arange(queue.size, dtype=float)
    mean_queue = float((positions * queue).sum())
    busy = float((np.minimum(np.arange(pi.size), n) * pi).sum())
    abandonment = min(1.0, theta * mean_queue / lam)
    answered_late_or_never = waiting - _answered_within(queue, n * mu, theta, target_seconds)
    return Performance(
        agents=n,
        service_level=min(1.0, max(0.0, 1.0 - answered_late_or_never)),
        occupancy=min(1.0, busy / n),
        waiting_probability=waiting,
        asa_seconds=mean_queue / lam,
        abandonment=abandonment,
    )


def _answered_within(queue: np.ndarray, service_rate: float, theta: float, t: float) -> float:
    """The probability mass of arrivals who wait (``queue[j]``: j callers ahead) and reach an
    agent within ``t`` seconds, by uniformisation: with Λ = n·μ + (J + 1)·θ the chain of the
    waiting caller jumps at Poisson(Λ) times, and P(answered by t) = Σ_m Pois(m; Λt)·S_m, S_m
    being the mass absorbed as "answered" within m jumps."""
    if t <= 0:
        return 0.0
    size = queue.size
    ahead = np.arange(size, dtype=float)
    rate = service_rate + (size) * theta  # Λ
    move = (service_rate + ahead * theta) / rate  # to one place further ahead (or an agent)
    stay = 1.0 - (service_rate + (ahead + 1) * theta) / rate
    mean_jumps = rate * t
    steps = int(mean_jumps + 12 * math.sqrt(mean_jumps) + 30)
    log_weight = -mean_jumps  # log Pois(0)
    answered = 0.0  # S_m
    result = math.exp(log_weight) * answered
    mass = queue.copy()
    for m in range(1, steps + 1):
        answered += float(mass[0] * move[0])
        shifted = np.empty_like(mass)
        shifted[:-1] = mass[1:] * move[1:]
        shifted[-1] = 0.0
        mass = mass * stay + shifted
        log_weight += math.log(mean_jumps) - math.log(m)
        result += math.exp(log_weight) * answered
    # Beyond the last step the Poisson tail is below 1e-15; S_m is at most the waiting mass.
    return result


# --- Need and performance -----------------------------------------------------------------


def performance(
    *, calls: float, interval_minutes: float, aht_seconds: float, agents: int, params: Params
) -> Performance:
    """The queue's figures with ``agents`` agents on the phone, in the chosen model."""
    if params.model == "erlang_a":
        return erlang_a(
            calls=calls,
            interval_minutes=interval_minutes,
            aht_seconds=aht_seconds,
            agents=agents,
            target_seconds=params.target_seconds,
            patience_seconds=params.patience_seconds,
        )
    return erlang_c(
        calls=calls,
        interval_minutes=interval_minutes,
        aht_seconds=aht_seconds,
        agents=agents,
        target_seconds=params.target_seconds,
    )


def on_phone(rostered: int, shrinkage: float) -> int:
    """Agents on the phone out of ``rostered`` (as pyworkforce's ``scale_positions`` did)."""
    return math.floor(rostered * (1 - shrinkage) + 1e-9)


def rostered(raw_agents: int, shrinkage: float) -> int:
    """Agents to roster so that ``raw_agents`` are on the phone."""
    return math.ceil(raw_agents / (1 - shrinkage) - 1e-9)


def performance_rostered(
    *, calls: float, interval_minutes: float, aht_seconds: float, agents: int, params: Params
) -> Performance:
    """The queue's figures with ``agents`` rostered (shrinkage taken off first)."""
    return performance(
        calls=calls,
        interval_minutes=interval_minutes,
        aht_seconds=aht_seconds,
        agents=on_phone(agents, params.shrinkage),
        params=params,
    )


def required(*, calls: float, interval_minutes: float, aht_seconds: float, params: Params) -> Need:
    """The fewest agents that reach the service level within the occupancy cap."""
    validate(calls=calls, interval_minutes=interval_minutes, aht_seconds=aht_seconds, params=params)
    if calls <= 0:
        return Need(0, 0, Performance(0, 1.0, 0.0, 0.0, 0.0, 0.0))
    if params.model == "erlang_c":
        raw = _required_erlang_c(calls, interval_minutes, aht_seconds, params)
    else:
        raw = _required_search(calls, interval_minutes, aht_seconds, params)
    figures = performance(
        calls=calls,
        interval_minutes=interval_minutes,
        aht_seconds=aht_seconds,
        agents=raw,
        params=params,
    )
    return Need(raw, rostered(raw, params.shrinkage), figures)


def _required_erlang_c(
    calls: float, interval_minutes: float, aht_seconds: float, params: Params
) -> int:
    """The fewest agents with the service level and the occupancy cap met: n = 1, 2, … with
    B(n, A) carried from one n to the next, so the search costs one step per agent."""
    load = offered_load(calls, interval_minutes, aht_seconds)
    blocking = 1.0
    for agents in range(1, MAX_AGENTS + 1):
        blocking = load * blocking / (agents + load * blocking)
        if agents <= load or load / agents > params.max_occupancy + 1e-12:
            continue
        waiting = min(1.0, agents * blocking / (agents - load * (1.0 - blocking)))
        level = _erlang_c_level(waiting, agents, load, aht_seconds, params.target_seconds)
        if level >= params.service_level:
            return agents
    raise InvalidInput(
        _("No staffing up to %(max)s agents reaches this service level.")
        % {"max": _number(MAX_AGENTS)}
    )


def _ok(calls: float, interval_minutes: float, aht_seconds: float, n: int, params: Params) -> bool:
    figures = performance(
        calls=calls,
        interval_minutes=interval_minutes,
        aht_seconds=aht_seconds,
        agents=n,
        params=params,
    )
    return (
        figures.service_level >= params.service_level
        and figures.occupancy <= params.max_occupancy + 1e-12
    )


def _required_search(
    calls: float, interval_minutes: float, aht_seconds: float, params: Params
) -> int:
    """Smallest n with the service level and the occupancy cap met: the service level rises and
    the occupancy falls with n, so double an upper bound, then bisect."""
    low, high = 0, max(1, math.ceil(offered_load(calls, interval_minutes, aht_seconds)))
    while not _ok(calls, interval_minutes, aht_seconds, high, params):
        low, high = high, high * 2
        if high > MAX_AGENTS:
            raise InvalidInput(
                _("No staffing up to %(max)s agents reaches this service level.")
                % {"max": _number(MAX_AGENTS)}
            )
    while high - low > 1:
        middle = (low + high) // 2
        if _ok(calls, interval_minutes, aht_seconds, middle, params):
            high = middle
        else:
            low = middle
    return high
