"""Benchmark of a gunicorn worker's start (issue 21): the time to import ``anliegen.wsgi``
(``django.setup()``) and the URL configuration a worker loads for its first request, and the
resident memory afterwards, each in a fresh interpreter.

Run: ``.venv/bin/python bench/bench_worker_start.py [--runs 7]``; prints the median and writes
``bench/results/worker_start.json``. The figures before and after dropping pyworkforce are in
``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "worker_start.json"
PROBE = """
import resource, time
start = time.perf_counter()
import anliegen.wsgi
import anliegen.urls
seconds = time.perf_counter() - start
import sys
heavy = sorted(m for m in ("pyworkforce", "ortools", "pandas") if m in sys.modules)
rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0])
print(seconds, rss, ",".join(heavy))
"""


def one_run() -> tuple[float, int, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "anliegen.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env,
        cwd=ROOT,
    ).stdout.split()  # fmt: skip
    return float(out[0]), int(out[1]), out[2] if len(out) > 2 else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = [one_run() for _ in range(args.runs)]
    result = {
        "runs": args.runs,
        "import_seconds_median": round(statistics.median(r[0] for r in runs), 3),
        "import_seconds_min": round(min(r[0] for r in runs), 3),
        "rss_mib_median": round(statistics.median(r[1] for r in runs) / 1024, 1),
        "heavy_modules_loaded": runs[0][2] or "none",
        "load": round(os.getloadavg()[0], 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
