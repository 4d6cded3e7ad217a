"""Benchmark of the contact-density computation (KON-01, KON-02; NFR-02).

Run: ``.venv/bin/python bench/bench_contacts.py [--size 100000] [--repeat 5]``

Builds random customers (every care group, status and profile; ages 15–80; a share never
contacted, in a measure or with an individual interval), computes their next contact once with
a prepared :class:`~anliegen.contacts.ContactMatcher` (the batch path) and, on a subset, with
the single-customer function that prepares the rules on every call; checks that both agree,
prints customers per second and writes ``bench/results/contacts.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import time
from collections import Counter
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from anliegen.contacts import (
    CARE_GROUPS,
    PROFILES,
    STATUSES,
    ContactFacts,
    ContactMatcher,
    next_contact,
)
from anliegen.rules.schemas import ContactRules, Interval

RESULTS = Path(__file__).resolve().parent / "results" / "contacts.json"
TODAY = dt.date(2026, 6, 15)
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


def preset() -> ContactRules:
    text = (files("anliegen.rules") / "presets" / "contacts.json").read_text(encoding="utf-8")
    return ContactRules.model_validate(json.loads(text))


def random_customers(size: int, rng: random.Random) -> list[ContactFacts]:
    intervals = [Interval(unit="weeks", count=n) for n in (2, 4, 8)] + [
        Interval(unit="months", count=n) for n in (1, 3, 6, 9, 12)
    ]
    customers = []
    for _ in range(size):
        birth = TODAY - dt.timedelta(days=rng.randint(15 * 365 + 4, 80 * 365))
        created = TODAY - dt.timedelta(days=rng.randint(0, 3000))
        last = (
            None
            if rng.random() < 0.05
            else TODAY - dt.timedelta(days=rng.randint(0, min(900, (TODAY - created).days)))
        )
        customers.append(
            ContactFacts(
                care_group=rng.choice(CARE_GROUPS),
                status=rng.choice(STATUSES),
                profile=rng.choice(PROFILES),
                birth_date=birth,
                created_on=created,
                last_contact=last,
                in_retraining=rng.random() < 0.03,
                measure_until=(
                    TODAY + dt.timedelta(days=rng.randint(-60, 400)) if rng.random() < 0.1 else None
                ),
                individual_interval=rng.choice(intervals) if rng.random() < 0.3 else None,
            )
        )
    return customers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000, help="customers")
    parser.add_argument("--subset", type=int, default=10_000, help="customers for the slow path")
    parser.add_argument("--repeat", type=int, default=5, help="batch runs (best is reported)")
    args = parser.parse_args()

    rules = preset()
    customers = random_customers(args.size, random.Random(SEED))

    # cold: prepare the rules and the first lookups of every (group, status, profile)
    _, cold_seconds = timed(lambda: ContactMatcher(rules).next_contacts(customers, TODAY))
    matcher = ContactMatcher(rules)
    batch, batch_seconds = timed(lambda: matcher.next_contacts(customers, TODAY), args.repeat)
    subset = customers[: args.subset]
    single, single_seconds = timed(lambda: [next_contact(c, rules, TODAY) for c in subset])
    assert batch[: args.subset] == single, "batch differs from the single computation"

    rates = {
        "batch": args.size / batch_seconds,
        "batch_cold": args.size / cold_seconds,
        "single_call": args.subset / single_seconds,
    }
    reasons = Counter(result.reason for result in batch)
    result: dict[str, Any] = {
        "benchmark": "contacts",
        "requirement": "KON-01, KON-02, NFR-02",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "workload": {
            "customers": args.size,
            "subset_single_call": args.subset,
            "batch_repeat": args.repeat,
            "today": TODAY.isoformat(),
            "seed": SEED,
            "reasons": dict(sorted(reasons.items())),
            "with_recompute_on": sum(1 for r in batch if r.recompute_on is not None),
        },
        "seconds": {
            "batch": batch_seconds,
            "batch_cold": cold_seconds,
            "single_call_subset": single_seconds,
        },
        "customers_per_second": {key: round(value) for key, value in rates.items()},
        "goal": "100,000 customers well under 2 s in pure Python",
        "goal_met": batch_seconds < 2.0,
        "verified": "batch == single-call function on the subset",
    }

    print(f"Contact density benchmark ({args.size:,} customers, {TODAY.isoformat()})")
    print(f"  batch (prepared matcher): {batch_seconds:8.3f} s  {rates['batch']:>12,.0f} /s")
    print(f"  batch (cold):             {cold_seconds:8.3f} s  {rates['batch_cold']:>12,.0f} /s")
    print(
        f"  single calls ({args.subset:,}): {single_seconds:8.3f} s  "
        f"{rates['single_call']:>12,.0f} /s"
    )
    print(f"  reasons: {dict(sorted(reasons.items()))}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"  written to {RESULTS}")


if __name__ == "__main__":
    main()
