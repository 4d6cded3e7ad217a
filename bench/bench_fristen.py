"""Benchmark of the deadline engine (FND-06): batch vs scalar vs a naive day-by-day loop.

Run: ``.venv/bin/python bench/bench_fristen.py [--size 1000000] [--subset 100000]``

Builds random (receipt date, n working days) pairs over 2026–2028 for Berlin, computes the due
dates three ways, checks that they agree, prints deadlines per second and writes
``bench/results/fristen.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

import holidays
import numpy as np

from anliegen.fristen import (
    WorkCalendar,
    due_in_calendar_days_batch,
    due_in_working_days,
    due_in_working_days_batch,
)

RESULTS = Path(__file__).resolve().parent / "results" / "fristen.json"
STATE = "BE"
FIRST_DAY = dt.date(2026, 1, 1)
LAST_DAY = dt.date(2028, 12, 31)
N_MIN, N_MAX = 1, 30
SEED = 2026

T = TypeVar("T")


def timed(func: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    """Best wall-clock time of ``repeat`` runs, with the last result."""
    best = float("inf")
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return result, best


def naive_due_dates(
    received: list[dt.date], counts: list[int], holiday_dates: set[dt.date]
) -> list[dt.date]:
    """The textbook loop: step one day at a time, count weekdays that are no holiday."""
    one_day = dt.timedelta(days=1)
    result = []
    for day, n in zip(received, counts, strict=True):
        count = 0
        while count < n:
            day += one_day
            if day.weekday() < 5 and day not in holiday_dates:
                count += 1
        result.append(day)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=1_000_000, help="deadlines for the batch")
    parser.add_argument("--subset", type=int, default=100_000, help="deadlines for the loops")
    parser.add_argument("--repeat", type=int, default=5, help="batch runs (best is reported)")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    span = (LAST_DAY - FIRST_DAY).days + 1
    received = np.datetime64(FIRST_DAY, "D") + rng.integers(0, span, args.size).astype(
        "timedelta64[D]"
    )
    counts = rng.integers(N_MIN, N_MAX + 1, args.size)
    cal = WorkCalendar(STATE)

    # (a) batch path; the first (cold) call also builds the holiday caches
    _, batch_cold = timed(lambda: due_in_working_days_batch(received, counts, cal))
    batch, batch_seconds = timed(
        lambda: due_in_working_days_batch(received, counts, cal), args.repeat
    )
    _, calendar_seconds = timed(
        lambda: due_in_calendar_days_batch(received, counts, cal), args.repeat
    )

    subset_received: list[dt.date] = received[: args.subset].astype(object).tolist()
    subset_counts: list[int] = counts[: args.subset].tolist()

    # (b) scalar path
    scalar, scalar_seconds = timed(
        lambda: [
            due_in_working_days(day, n, cal)
            for day, n in zip(subset_received, subset_counts, strict=True)
        ]
    )

    # (c) naive loop, with holidays straight from the library (independent of the engine)
    holiday_dates = set(
        holidays.country_holidays("DE", subdiv=STATE, years=range(FIRST_DAY.year, 2031))
    )
    naive, naive_seconds = timed(
        lambda: naive_due_dates(subset_received, subset_counts, holiday_dates)
    )

    batch_subset: list[dt.date] = batch[: args.subset].astype(object).tolist()
    assert batch_subset == naive, "batch path differs from the naive loop"
    assert scalar == naive, "scalar path differs from the naive loop"

    rates = {
        "batch_working_days": args.size / batch_seconds,
        "batch_working_days_cold": args.size / batch_cold,
        "batch_calendar_days": args.size / calendar_seconds,
        "scalar_working_days": args.subset / scalar_seconds,
        "naive_loop": args.subset / naive_seconds,
    }
    speedup = {
        "batch_vs_naive": rates["batch_working_days"] / rates["naive_loop"],
        "batch_vs_scalar": rates["batch_working_days"] / rates["scalar_working_days"],
        "scalar_vs_naive": rates["scalar_working_days"] / rates["naive_loop"],
    }
    result: dict[str, Any] = {
        "benchmark": "fristen",
        "requirement": "FND-06",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "holidays": version("holidays"),
        },
        "workload": {
            "state": STATE,
            "received_from": FIRST_DAY.isoformat(),
            "received_to": LAST_DAY.isoformat(),
            "n_working_days": [N_MIN, N_MAX],
            "batch_size": args.size,
            "subset_size": args.subset,
            "batch_repeat": args.repeat,
            "seed": SEED,
        },
        "seconds": {
            "batch_working_days": batch_seconds,
            "batch_working_days_cold": batch_cold,
            "batch_calendar_days": calendar_seconds,
            "scalar_working_days": scalar_seconds,
            "naive_loop": naive_seconds,
        },
        "deadlines_per_second": {key: round(value) for key, value in rates.items()},
        "speedup": {key: round(value, 1) for key, value in speedup.items()},
        "verified": "batch == scalar == naive on the subset",
    }

    print(f"Fristen benchmark ({STATE}, n = {N_MIN}…{N_MAX} working days, 2026–2028)")
    print(f"  batch, {args.size:>9,} deadlines: {rates['batch_working_days']:>14,.0f} /s")
    print(f"  batch (cold, first call):     {rates['batch_working_days_cold']:>14,.0f} /s")
    print(f"  batch calendar days:          {rates['batch_calendar_days']:>14,.0f} /s")
    print(f"  scalar, {args.subset:>8,} deadlines: {rates['scalar_working_days']:>14,.0f} /s")
    print(f"  naive,  {args.subset:>8,} deadlines: {rates['naive_loop']:>14,.0f} /s")
    print(
        f"  speed-up: batch/naive {speedup['batch_vs_naive']:,.0f}×, "
        f"batch/scalar {speedup['batch_vs_scalar']:,.0f}×, "
        f"scalar/naive {speedup['scalar_vs_naive']:,.1f}×"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"  written to {RESULTS}")


if __name__ == "__main__":
    main()
