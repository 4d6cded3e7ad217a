"""Benchmark of callback booking (SOC-05, issue 12) over HTTP on PostgreSQL under gunicorn.

Run: ``.venv/bin/python bench/bench_callbacks.py`` (``--keep`` keeps the database). Settings:
``CALLBACK_BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/
anliegen_bench_callbacks``, dropped and created), ``BENCH_CALLBACKS_N`` (bookings attempted in
the throughput run, default 2,000), ``BENCH_CALLBACKS_CLIENTS`` (50), ``BENCH_CALLBACKS_STORM``
(1,000), ``BENCH_CALLBACKS_PLACES`` (20), ``BENCH_CALLBACKS_WORKERS`` / ``_THREADS`` (gunicorn,
4 × 4), ``BENCH_CALLBACKS_RESULTS`` (the results file).

1. A fresh PostgreSQL database, migrated, with the small demo (the service-centre region
   ``sc-region-ost`` and its OS teams, the organisation rules for callbacks), plus
   ``BENCH_CALLBACKS_PLACES`` service places of one OS team, each open Monday to Friday
   08:00–18:00, and one customer per booking request (a customer holds one open callback per
   purpose).
2. gunicorn as in production (``DEBUG`` off, tasks in the database, 4 workers × 4 threads).
3. Throughput: ``BENCH_CALLBACKS_CLIENTS`` client threads, one keep-alive connection each, send
   ``POST /api/v1/orgs/{org}/callbacks`` as the TSB, each with its own ``Idempotency-Key``, for
   starts drawn at random from the team's free times of the next four weeks (both purposes);
   bookings/s (201), latency of every request, 409 for a start that was taken meanwhile.
   Afterwards SQL counts overlapping active callbacks of one place: must be 0.
4. Storm: ``BENCH_CALLBACKS_STORM`` threads, released together by a barrier, ask for one start
   time at which K places are free: exactly K must get 201, all others 409 with the German
   message, no other status; SQL confirms K active callbacks at that time.

Results go to ``bench/results/callbacks.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from bench_tickets import (  # noqa: E402
    cpu_snapshot,
    cpu_split,
    free_port,
    machine_busy,
    stop_gunicorn,
)
from bench_worklist import machine, pg_admin, summary  # noqa: E402

RESULTS = Path(os.environ.get("BENCH_CALLBACKS_RESULTS", BENCH / "results" / "callbacks.json"))
DEFAULT_DB = "anliegen_bench_callbacks"
ORG = "sc-region-ost"
AGENT = "tsb.sc-ost"
SEED = 48  # "within 48 hours" — what the callback appointment replaces
GOAL_PER_SECOND = 100.0
GOAL_P95_MS = 200.0
WINDOW = (dt.time(8), dt.time(18))
DAYS_AHEAD = 28
TIMEOUT = 600  # s; a request that waits longer counts as no answer (status 0)


def setting(name: str, default: int) -> int:
    return int(os.environ.get(f"BENCH_CALLBACKS_{name}", default))


# --- the region -------------------------------------------------------------------------------


def build(n_customers: int, n_places: int) -> dict[str, Any]:
    """Demo, service places of one OS team, customers, the TSB's token."""
    from django.core.management import call_command

    from anliegen.api.models import ApiToken
    from anliegen.core import clock
    from anliegen.customers.models import Customer
    from anliegen.org.models import Organisation, User
    from anliegen.servicecenter import queries
    from anliegen.servicecenter.callbacks import places as callback_places

    started = time.perf_counter()
    call_command("load_demo", small=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    demo_s = time.perf_counter() - started
    organisation = Organisation.objects.get(slug=ORG)
    team = queries.os_teams(organisation).first()
    if team is None:
        raise SystemExit(f"{ORG} has no OS team")
    today = clock.today()
    windows = [
        callback_places.WindowSpec(weekday=day, start=WINDOW[0], end=WINDOW[1]) for day in range(5)
    ]
    for n in range(n_places):
        place = callback_places.create_place(
            scope=None, team=team, name=f"Bench-Platz {n + 1:02d}", valid_from=today
        )
        callback_places.set_windows(place, windows, scope=None)
    started = time.perf_counter()
    Customer.objects.bulk_create(
        Customer(
            organisation=organisation,
            customer_number=f"BENCH{n:06d}",
            first_name="Bench",
            last_name=f"Kunde {n:06d}",
            birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=n % 9000),
            phone="030 1234567",
        )
        for n in range(n_customers)
    )
    customers_s = time.perf_counter() - started
    _token, secret = ApiToken.issue(User.objects.get(username=AGENT), label="bench")
    return {
        "organisation": organisation,
        "team": team,
        "token": secret,
        "customers": [f"BENCH{n:06d}" for n in range(n_customers)],
        "timings": {"demo_s": demo_s, "customers_s": customers_s},
        "places": n_places,
    }


def free_starts(team: Any, purpose: str, first: dt.date, last: dt.date) -> list[Any]:
    from anliegen.servicecenter.callbacks.slots import derive

    return list(derive(team, purpose, first, last).free)


def overlapping() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM servicecenter_callback a JOIN servicecenter_callback b "
            "ON a.place_id = b.place_id AND a.id < b.id "
            "AND a.status IN ('booked', 'rescheduling') AND b.status IN ('booked', 'rescheduling') "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
        )
        return int(cursor.fetchone()[0])


# --- the server and the clients -----------------------------------------------------------------


def start_gunicorn(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "anliegen.wsgi",
        "--workers",
        str(setting("WORKERS", 4)),
        "--threads",
        str(setting("THREADS", 4)),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--timeout",
        "120",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/anmelden/")
            if connection.getresponse().status == 200:
                return server
        time.sleep(0.5)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer within 120 s")


class Client:
    """POST a booking; one keep-alive connection per thread, reopened when the server closes it."""

    local = threading.local()

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.path = f"/api/v1/orgs/{ORG}/callbacks"
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(self, body: dict[str, Any], *, fresh: bool = False) -> tuple[float, int, bytes]:
        payload = json.dumps(body).encode()
        headers = {**self.headers, "Idempotency-Key": str(uuid.uuid4())}
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = None if fresh else getattr(self.local, "connection", None)
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
                self.local.connection = connection
            try:
                connection.request("POST", self.path, body=payload, headers=headers)
                response = connection.getresponse()
                data = response.read()
                if fresh or response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    self.local.connection = None
                return time.perf_counter() - started, response.status, data
            except (http.client.HTTPException, OSError):
                # Safe to send again: the same Idempotency-Key returns the first booking.
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def body(team: int, purpose: str, start: dt.datetime, customer: str) -> dict[str, Any]:
    return {
        "team": team,
        "purpose": purpose,
        "start": start.isoformat(),
        "customer_number": customer,
        "phone": "030 1234567",
    }


def throughput(client: Client, bodies: list[dict[str, Any]], clients: int) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()

    def one(request: dict[str, Any]) -> None:
        try:
            seconds, status, data = client.post(request)
        except Exception as exc:
            with lock:
                statuses[0] += 1
                failures.append(repr(exc))
            return
        with lock:
            latencies.append(seconds)
            statuses[status] += 1
            if status not in (201, 409) and len(failures) < 5:
                failures.append(f"{status} {data[:300].decode(errors='replace')}")

    cpu_before, busy_before = cpu_snapshot(), machine_busy()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, bodies))
    elapsed = time.perf_counter() - started
    return {
        "cpu": cpu_split(cpu_before, busy_before, elapsed, len(bodies)),
        "requests": len(bodies),
        "elapsed_s": round(elapsed, 2),
        "requests_per_second": round(len(bodies) / elapsed, 1),
        "bookings_per_second": round(statuses[201] / elapsed, 1),
        "latency": summary(latencies) if len(latencies) > 1 else {},
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": len(bodies) - statuses[201] - statuses[409],
        "first_failures": failures,
    }


def storm(client: Client, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    """All requests released at once (a barrier), each on its own connection."""
    barrier = threading.Barrier(len(bodies))
    statuses: Counter[int] = Counter()
    details: Counter[str] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()

    def one(request: dict[str, Any]) -> None:
        barrier.wait()
        try:
            seconds, status, data = client.post(request, fresh=True)
        except Exception as exc:
            with lock:
                statuses[0] += 1
                details[repr(exc)[:120]] += 1
            return
        with lock:
            statuses[status] += 1
            latencies.append(seconds)
            if status != 201:
                with contextlib.suppress(ValueError):
                    details[f"{status} {json.loads(data).get('detail', '')}"] += 1

    threads = [threading.Thread(target=one, args=(b,), daemon=True) for b in bodies]
    threading.stack_size(256 * 1024)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "requests": len(bodies),
        "elapsed_s": round(time.perf_counter() - started, 2),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "answers": dict(details.most_common(5)),
        "latency": summary(latencies) if len(latencies) > 1 else {},
    }


# --- main ---------------------------------------------------------------------------------------


def run() -> dict[str, Any]:
    n_requests = setting("N", 2000)
    clients = setting("CLIENTS", 50)
    n_storm = setting("STORM", 1000)
    n_places = setting("PLACES", 20)
    url = os.environ.get(
        "CALLBACK_BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DB}"
    )
    name = url.rsplit("/", 1)[1]
    try:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    except Exception as exc:
        print(f"PostgreSQL not reachable, benchmark skipped: {exc}")
        return {"skipped": f"PostgreSQL not reachable: {exc}"}
    tmpdir = tempfile.mkdtemp(prefix="anliegen-bench-callbacks-")
    secret = uuid.uuid4().hex + uuid.uuid4().hex
    os.environ.update(
        DATABASE_URL=url,
        ANLIEGEN_VAR_DIR=tmpdir,
        ANLIEGEN_SECRET_KEY=secret,
        ANLIEGEN_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="anliegen.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from anliegen.core import clock
    from anliegen.servicecenter.callbacks.models import Callback

    server = None
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started
        print(f"migrated in {migrate_s:.1f} s; loading the demo …", flush=True)
        built = build(n_requests + n_storm + 100, n_places)
        team = built["team"]
        today = clock.today()
        rng = random.Random(SEED)
        # Throughput: starts of the next four weeks; the storm: a day after them.
        first, last = today + dt.timedelta(days=1), today + dt.timedelta(days=DAYS_AHEAD)
        offered = {p: free_starts(team, p, first, last) for p in ("other", "benefits_consultation")}
        customers = iter(built["customers"])
        bodies = []
        for _ in range(n_requests):
            purpose = rng.choice(("other", "benefits_consultation"))
            bodies.append(
                body(team.id, purpose, rng.choice(offered[purpose]).start, next(customers))
            )
        storm_day = last + dt.timedelta(days=7)
        storm_free = free_starts(
            team, "benefits_consultation", storm_day, storm_day + dt.timedelta(days=7)
        )
        storm_slot = storm_free[len(storm_free) // 2]
        storm_places = len(storm_slot.places)
        storm_bodies = [
            body(team.id, "benefits_consultation", storm_slot.start, next(customers))
            for _ in range(n_storm)
        ]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        connection.close()

        port = free_port()
        env = {
            **os.environ,
            "ANLIEGEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ANLIEGEN_DEBUG": "0",
        }
        server = start_gunicorn(port, env, Path(tmpdir) / "gunicorn.log")
        client = Client(port, built["token"])
        load_before = [round(x, 2) for x in os.getloadavg()]
        warm = throughput(client, bodies[:50], clients)
        print(f"warm-up: {warm['statuses']}", flush=True)
        print(f"booking {n_requests - 50:,} callbacks from {clients} clients …", flush=True)
        result = throughput(client, bodies[50:], clients)
        overlaps_after_run = overlapping()
        partial = {"phase": "throughput done, storm running", "throughput": result}
        RESULTS.write_text(json.dumps(partial | {"double_bookings": overlaps_after_run}, indent=2))
        print(f"storm: {n_storm} requests for {storm_slot.start} ({storm_places} places) …")
        stormed = storm(client, storm_bodies)
        at_storm = Callback.objects.filter(
            team=team, starts_at=storm_slot.start, status__in=("booked", "rescheduling")
        ).count()
        stop_gunicorn(server)
        server = None
        booked = Callback.objects.filter(team=team).count()
        overlaps = overlapping()
        storm_ok = (
            stormed["statuses"].get("201", 0) == storm_places
            and stormed["statuses"].get("409", 0) == n_storm - storm_places
            and at_storm == storm_places
        )
        return {
            "benchmark": "callbacks",
            "requirement": "SOC-05, issue 12",
            "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "load_average_before_run": load_before,
            "postgresql": version,
            "server": f"gunicorn anliegen.wsgi --workers {setting('WORKERS', 4)} --threads "
            f"{setting('THREADS', 4)}, DEBUG off, tasks (e-mail, letter, SMS) in the database",
            "goal": {"bookings_per_second": GOAL_PER_SECOND, "p95_ms": GOAL_P95_MS},
            "workload": {
                "places": n_places,
                "window": "Mon–Fri 08:00–18:00",
                "free_starts_offered": {p: len(v) for p, v in offered.items()},
                "days": [first.isoformat(), last.isoformat()],
            },
            "setup_s": {k: round(v, 1) for k, v in built["timings"].items()}
            | {"migrate_s": round(migrate_s, 1)},
            "warm_up": {k: warm[k] for k in ("requests", "statuses")},
            "throughput": result,
            "callbacks_booked": booked,
            "double_bookings_after_run": overlaps_after_run,
            "storm": stormed
            | {
                "start": storm_slot.start.isoformat(),
                "free_places": storm_places,
                "active_callbacks_at_start": at_storm,
                "exact": storm_ok,
            },
            "double_bookings": overlaps,
            "goal_met": result["bookings_per_second"] >= GOAL_PER_SECOND
            and result["latency"].get("p95_ms", 1e9) < GOAL_P95_MS
            and result["errors"] == 0
            and overlaps == 0
            and storm_ok,
        }
    finally:
        if server is not None:
            stop_gunicorn(server)
        connection.close()
        if "--keep" not in sys.argv:
            pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmpdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.parse_args()
    document = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    if "skipped" in document:
        return 0
    r, s = document["throughput"], document["storm"]
    lat = r["latency"]
    print(
        f"\n{r['requests']:,} booking requests from {setting('CLIENTS', 50)} clients in "
        f"{r['elapsed_s']} s: {r['bookings_per_second']} bookings/s (goal ≥ "
        f"{GOAL_PER_SECOND:.0f}/s), {r['requests_per_second']} requests/s; latency p50 "
        f"{lat.get('p50_ms')} ms, p95 {lat.get('p95_ms')} ms (goal < {GOAL_P95_MS:.0f} ms); "
        f"statuses {r['statuses']}; double bookings {document['double_bookings']}"
    )
    print(
        f"storm: {s['requests']} requests for one start with {s['free_places']} free places: "
        f"{s['statuses']} ({'exact' if s['exact'] else 'NOT EXACT'}); answers {s['answers']}"
    )
    print(f"CPU: {r['cpu']['cpu_seconds']} s; goals {'met' if document['goal_met'] else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
