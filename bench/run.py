"""Run every benchmark (``bench/bench_*.py``) and print a summary against the goals (NFR-02).

Run: ``make bench`` or ``.venv/bin/python bench/run.py`` (``BENCH_SCALE=0.1`` for a quick run of
the worklist benchmark). Each script writes its own ``bench/results/<name>.json``; this runner
only calls them one after the other and reads those files. Benchmarks never run in the test
suite and no test asserts a time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
GOAL_DEADLINES_PER_SECOND = 1_000_000
GOAL_WORKLIST_P95_MS = 50.0


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return None
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def summary() -> list[str]:
    lines = []
    fristen = _load("fristen")
    if fristen is not None:
        rate = fristen["deadlines_per_second"]["batch_working_days"]
        lines.append(
            f"fristen: batch {rate:,.0f} deadlines/s (goal ≥ {GOAL_DEADLINES_PER_SECOND:,}/s: "
            f"{_verdict(rate >= GOAL_DEADLINES_PER_SECOND)}), scalar "
            f"{fristen['deadlines_per_second']['scalar_working_days']:,.0f}/s"
        )
    worklist = _load("worklist")
    if worklist is not None:
        for backend, result in worklist["backends"].items():
            if "skipped" in result:
                lines.append(f"worklist/{backend}: skipped — {result['skipped']}")
                continue
            user = result["worklist_for_user_page"]
            team = result["worklist_for_team_page"]
            goal = ""
            if backend == "postgresql":
                goal = (
                    f" (goal p95 < {GOAL_WORKLIST_P95_MS:.0f} ms: "
                    f"{_verdict(user['p95_ms'] < GOAL_WORKLIST_P95_MS)})"
                )
            w = result["workload"]
            lines.append(
                f"worklist/{backend}: {w['work_items']:,} items, person p50/p95/p99 "
                f"{user['p50_ms']}/{user['p95_ms']}/{user['p99_ms']} ms{goal}; team "
                f"{team['p50_ms']}/{team['p95_ms']}/{team['p99_ms']} ms; "
                f"index used: {result['user_worklist_uses_work_open_by_assignee']}"
            )
    tickets = _load("tickets")
    if tickets is not None and "result" in tickets:
        result = tickets["result"]
        rate, goal = result["requests_per_second"], tickets["goal"]["creates_per_second"]
        latency = result["latency"]
        lines.append(
            f"tickets: {rate:,.1f} creates/s through the API (goal ≥ {goal:,.0f}/s: "
            f"{_verdict(rate >= goal)}), p50/p95 {latency['p50_ms']}/{latency['p95_ms']} ms, "
            f"{result['errors']} errors"
        )
    contacts = _load("contacts")
    if contacts is not None:
        rate = contacts["customers_per_second"]["batch"]
        lines.append(f"contacts: next contact for {rate:,.0f} customers/s (batch)")
    known = {"fristen", "worklist", "tickets", "contacts"}
    for path in sorted(RESULTS.glob("*.json")):
        if path.stem not in known:
            lines.append(f"{path.stem}: see {path.relative_to(BENCH.parent)}")
    return lines


def main() -> int:
    scripts = sorted(BENCH.glob("bench_*.py"))
    failed = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(script)], cwd=BENCH.parent).returncode
        print(f"=== {script.name}: exit {code} after {time.perf_counter() - started:.0f} s\n")
        if code != 0:
            failed.append(script.name)
    print("Summary")
    for line in summary():
        print(f"  {line}")
    if failed:
        print(f"Failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
