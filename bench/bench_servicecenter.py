"""Benchmark of the service centre (SOC-03, SOC-04, issue 11): routing decisions and call records.

Run: ``.venv/bin/python bench/bench_servicecenter.py`` (both databases) or ``--backend sqlite`` /
``--backend postgresql``; ``BENCH_SOC_CALLS`` sets the number of preloaded calls (default
5,000,000 on PostgreSQL, 500,000 on SQLite), ``BENCH_SOC_N`` the number of measured decisions,
``--no-http`` skips the gunicorn part.

1. A fresh database (SQLite: a temporary file; PostgreSQL: ``SOC_BENCH_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/anliegen_soc``, dropped and created), migrated.
2. One service-centre region: 2 centres, 20 teams, **500 agents** (40 % SOC-L qualified), a
   default queue and **a plan for every agent today** (morning and afternoon, plus the last 30
   days: 30,000 plans), 25 agents absent today, 10,000 customers, and the recorded calls of the
   last year by ``COPY`` (20,000 of them today, so the "fewest calls today" ranking has work),
   then ``ANALYZE``.
3. In-process: ``routing.decide`` and ``routing.route`` (decide + record) for N random calls
   (70 % Alg, random minute of today 08:00–18:00): p50/p95/p99 and SQL per decision.
4. Over HTTP, server as in production (``gunicorn anliegen.wsgi -w 3``, ``DEBUG`` off): N
   ``POST …/calls/route`` and N ``POST …/calls`` from 8 client threads: requests/s and
   latencies; afterwards it checks that every request left exactly one row.

Results go to ``bench/results/servicecenter.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "src"))

from bench_worklist import drop_database, fresh_database, insert, machine, summary  # noqa: E402

RESULTS = BENCH / "results" / "servicecenter.json"
SEED = 2023
AGENTS = 500
TEAMS = 20
QUALIFIED_SHARE = 0.4
ABSENT_TODAY = 25
CUSTOMERS = 10_000
CALLS_TODAY = 20_000
PLAN_DAYS = 30
CONCURRENCY = 8
WORKERS = 3
GOAL_P99_MS = 10.0
CHUNK = 250_000


def n_calls(backend: str) -> int:
    default = 5_000_000 if backend == "postgresql" else 500_000
    return int(os.environ.get("BENCH_SOC_CALLS", default))


def n_requests() -> int:
    return int(os.environ.get("BENCH_SOC_N", "2000"))


# --- the region ---------------------------------------------------------------------------------


def _contiguous(ids: list[int]) -> tuple[int, int]:
    if ids != list(range(ids[0], ids[0] + len(ids))):
        raise SystemExit("ids are not contiguous")
    return ids[0], len(ids)


def load_calls(org_id: int, agents: list[Any], total: int, today: dt.date) -> None:
    """The recorded calls, generated inside the database (``generate_series`` on PostgreSQL, a
    recursive CTE on SQLite): 8:00–18:00, the first CALLS_TODAY today, the rest over the last
    365 days; 60 % Alg; 90 % resolved; 80 % with a customer."""
    from django.db import connection

    from anliegen.core.clock import BERLIN
    from anliegen.customers.models import Customer

    a0, na = _contiguous(sorted(a.id for a in agents))
    c0, nc = _contiguous(
        sorted(Customer.objects.filter(organisation_id=org_id).values_list("id", flat=True))
    )
    morning = dt.datetime.combine(today, dt.time(8), tzinfo=BERLIN).astimezone(dt.UTC)
    columns = (
        "organisation_id, call_id, agent_id, topic, started_at, ended_at, customer_id, "
        "resolved, escalation, reason, created_at"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO servicecenter_callrecord ({columns}) "
                "SELECT %(org)s, 'L' || lpad(n::text, 9, '0'), %(a0)s + floor(random() * %(na)s)::int, "
                "CASE WHEN random() < 0.6 THEN 'alg' ELSE (ARRAY['registration', 'placement', "
                "'documents', 'other'])[1 + floor(random() * 4)::int] END, "
                "t, t + (2 + floor(random() * 13)::int) * interval '1 minute', "
                "CASE WHEN random() < 0.8 THEN %(c0)s + floor(random() * %(nc)s)::int END, "
                "r, CASE WHEN r THEN 'none' ELSE 'fit' END, '', t "
                "FROM (SELECT n, %(morning)s::timestamptz "
                "- (CASE WHEN n < %(today_n)s THEN 0 ELSE 1 + floor(random() * 365)::int END) "
                "* interval '1 day' + floor(random() * 600)::int * interval '1 minute' AS t, "
                "random() < 0.9 AS r FROM generate_series(0, %(total)s - 1) AS n) AS s",
                {
                    "org": org_id,
                    "a0": a0,
                    "na": na,
                    "c0": c0,
                    "nc": nc,
                    "morning": morning,
                    "today_n": CALLS_TODAY,
                    "total": total,
                },
            )
        else:
            stamp = morning.strftime("%Y-%m-%d %H:%M:%S")
            # MATERIALIZED: the random start is drawn once per row, not once per reference.
            cursor.execute(
                f"WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s "
                f"WHERE n < {total - 1}), c(n, t, r) AS MATERIALIZED (SELECT n, "
                f"datetime('{stamp}', '-' || (CASE WHEN n < {CALLS_TODAY} THEN 0 "
                "ELSE 1 + abs(random()) % 365 END) || ' days', '+' || (abs(random()) % 600) "
                "|| ' minutes'), abs(random()) % 10 < 9 FROM s) "
                f"INSERT INTO servicecenter_callrecord ({columns}) "
                f"SELECT {org_id}, printf('L%09d', n), {a0} + abs(random()) % {na}, "
                "CASE WHEN abs(random()) % 10 < 6 THEN 'alg' ELSE 'other' END, "
                "t, datetime(t, '+' || (2 + abs(random()) % 13) || ' minutes'), "
                f"CASE WHEN abs(random()) % 10 < 8 THEN {c0} + abs(random()) % {nc} END, "
                "r, CASE WHEN r THEN 'none' ELSE 'fit' END, '', t FROM c"
            )


def build(backend: str, today: dt.date) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from anliegen.api.models import ApiToken
    from anliegen.core.clock import BERLIN
    from anliegen.customers.models import Customer
    from anliegen.org.models import Absence, Area, Membership, Organisation, Site, Skill, Team, User
    from anliegen.org.roles import Role
    from anliegen.rules.actions import install_presets
    from anliegen.servicecenter.models import (
        DefaultQueue,
        Qualification,
        QueuePlan,
    )
    from anliegen.servicecenter.queries import day_bounds
    from anliegen.servicecenter.rules import create_rule_version, preset

    rng = random.Random(SEED)
    started = time.perf_counter()
    org = Organisation.objects.create(
        slug="sc-bench", name="SC-Region Bench", kind="service_centre"
    )
    install_presets(organisation=org, valid_from=dt.date(2000, 1, 1))
    create_rule_version(
        actor=None,
        scope=None,
        organisation=org,
        data={**preset().model_dump(mode="json"), "region": "Ost"},
        valid_from=dt.date(2000, 1, 1),
    )
    centres = []
    for name, state in (("SC Berlin", "BE"), ("SC Halle", "ST")):
        site = Site.objects.create(organisation=org, name=name, state=state, is_main=not centres)
        centres.append(
            Area.objects.create(organisation=org, site=site, kind="service_centre", name=name)
        )
    teams = [
        Team.objects.create(organisation=org, area=centres[t % 2], name=f"SC Team {t + 1}")
        for t in range(TEAMS)
    ]
    password = make_password("Bench-Passwort-1")
    User.objects.bulk_create(
        User(username=f"tsb{n:03d}", password=password, first_name="TSB", last_name=f"{n:03d}")
        for n in range(AGENTS)
    )
    agents = list(User.objects.filter(username__startswith="tsb").order_by("username"))
    lead = User.objects.create(username="tl-bench", password=password)
    Membership.objects.bulk_create(
        [
            Membership(user=a, organisation=org, team=teams[i % TEAMS], role=Role.PHONE_AGENT)
            for i, a in enumerate(agents)
        ]
        + [Membership(user=lead, organisation=org, team=teams[0], role=Role.TEAM_LEAD)]
    )
    skill, _created = Skill.objects.get_or_create(code="soc_l", defaults={"name": "SOC-L"})
    qualified = rng.sample(agents, int(AGENTS * QUALIFIED_SHARE))
    User.skills.through.objects.bulk_create(
        User.skills.through(user_id=a.id, skill_id=skill.id) for a in qualified
    )
    Qualification.objects.bulk_create(
        Qualification(
            organisation=org,
            agent=a,
            trained_on=dt.date(2023, 3, 1),
            access_from=dt.date(2023, 3, 15),
        )
        for a in qualified
    )
    qualified_ids = {a.id for a in qualified}
    DefaultQueue.objects.bulk_create(
        DefaultQueue(
            organisation=org, agent=a, queue="soc_l" if a.id in qualified_ids else "general"
        )
        for a in agents
    )
    plans = []
    for offset in range(PLAN_DAYS + 1):
        day = today - dt.timedelta(days=offset)
        morning = dt.datetime.combine(day, dt.time(7), tzinfo=BERLIN)
        noon = dt.datetime.combine(day, dt.time(12, 30), tzinfo=BERLIN)
        evening = dt.datetime.combine(day, dt.time(19), tzinfo=BERLIN)
        for a in agents:
            first = "soc_l" if a.id in qualified_ids and rng.random() < 0.7 else "general"
            second = "soc_l" if a.id in qualified_ids and rng.random() < 0.5 else "general"
            plans.append(QueuePlan(organisation=org, agent=a, queue=first, start=morning, end=noon))
            plans.append(
                QueuePlan(organisation=org, agent=a, queue=second, start=noon, end=evening)
            )
    QueuePlan.objects.bulk_create(plans, batch_size=5000)
    Absence.objects.bulk_create(
        Absence(user=a, organisation=org, start=today, end=today + dt.timedelta(days=2))
        for a in rng.sample(agents, ABSENT_TODAY)
    )
    insert(
        Customer,
        {
            "organisation_id": [org.id] * CUSTOMERS,
            "customer_number": [f"B{n:06d}" for n in range(CUSTOMERS)],
            "last_name": [f"Kunde{n}" for n in range(CUSTOMERS)],
            "postcode": ["10115"] * CUSTOMERS,
            "kind": ["person"] * CUSTOMERS,
            "created_at": [dt.datetime.now(dt.UTC)] * CUSTOMERS,
            "updated_at": [dt.datetime.now(dt.UTC)] * CUSTOMERS,
            "in_retraining": [False] * CUSTOMERS,
        },
    )
    total = n_calls(backend)
    load_calls(org.id, agents, total, today)
    # The per-agent counters of today, as record_call keeps them.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO servicecenter_agentday (organisation_id, agent_id, day, calls) "
            "SELECT organisation_id, agent_id, %s, COUNT(*) FROM servicecenter_callrecord "
            "WHERE organisation_id = %s AND started_at >= %s AND started_at < %s "
            "GROUP BY organisation_id, agent_id",
            [today, org.id, *day_bounds(today)],
        )
    load_s = time.perf_counter() - started
    analyze_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _token, secret = ApiToken.issue(lead)
    return {
        "org": org,
        "lead": lead,
        "agents": [a.username for a in agents],
        "customers": list(
            Customer.objects.filter(organisation=org).values_list("customer_number", flat=True)[
                :2000
            ]
        ),
        "token": secret,
        "load_s": round(load_s, 1),
        "analyze_s": round(time.perf_counter() - analyze_started, 1),
        "workload": {
            "agents": AGENTS,
            "qualified": len(qualified),
            "plans": len(plans),
            "absent_today": ABSENT_TODAY,
            "customers": CUSTOMERS,
            "calls": total,
            "calls_today": min(total, CALLS_TODAY),
        },
    }


# --- in-process -----------------------------------------------------------------------------------


def moments(today: dt.date, n: int, seed: int) -> list[tuple[dt.datetime, str]]:
    from anliegen.core.clock import BERLIN
    from anliegen.servicecenter.rules import preset

    rng = random.Random(seed)
    others = [t for t in preset().topics if t != "alg"]
    return [
        (
            dt.datetime.combine(
                today, dt.time(8 + rng.randrange(10), rng.randrange(60)), tzinfo=BERLIN
            ),
            "alg" if rng.random() < 0.7 else rng.choice(others),
        )
        for _ in range(n)
    ]


def in_process(built: dict[str, Any], today: dt.date) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from anliegen.org.scope import scope_for
    from anliegen.servicecenter import routing
    from anliegen.servicecenter.rules import rules_in_force

    org, lead = built["org"], built["lead"]
    rules, _version = rules_in_force(org, on=today)
    n = n_requests()
    samples: list[float] = []
    cpu: list[float] = []
    reasons: dict[str, int] = {}
    for at, topic in moments(today, 100, SEED + 1):  # warm-up
        routing.decide(org, topic=topic, at=at, rules=rules)
    for at, topic in moments(today, n, SEED + 2):
        started, cpu_started = time.perf_counter(), time.process_time()
        decision = routing.decide(org, topic=topic, at=at, rules=rules)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        reasons[decision.reason] = reasons.get(decision.reason, 0) + 1
    with CaptureQueriesContext(connection) as queries:
        routing.decide(org, topic="alg", at=moments(today, 1, 9)[0][0], rules=rules)
    scope = scope_for(lead, org)
    recorded: list[float] = []
    for i, (at, topic) in enumerate(moments(today, n, SEED + 3)):
        started = time.perf_counter()
        routing.route(
            actor=lead, scope=scope, call_id=f"inproc-{i}", dialled="agency", topic=topic, at=at
        )
        recorded.append(time.perf_counter() - started)
    return {
        "decide_ms": summary(samples),
        # CPU of this process per decision (Python, Django, and on SQLite the database itself):
        # the part that does not grow with other processes competing for the cores.
        "decide_cpu_ms": summary(cpu),
        "route_and_record_ms": summary(recorded),
        "queries_per_decide": len(queries),
        "reasons": reasons,
        "goal_p99_ms": GOAL_P99_MS,
    }


# --- over HTTP ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "anliegen.wsgi",
        "-w",
        str(WORKERS),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/openapi.json")
            if connection.getresponse().status == 200:
                return server
        time.sleep(0.3)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class Client:
    """One keep-alive connection per thread."""

    local = threading.local()

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(self, path: str, body: dict[str, Any]) -> tuple[float, int]:
        payload = json.dumps(body).encode()
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.local.connection = connection
            try:
                connection.request("POST", path, body=payload, headers=self.headers)
                response = connection.getresponse()
                response.read()
                return time.perf_counter() - started, response.status
            except (http.client.HTTPException, OSError):
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def fire(client: Client, path: str, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def one(body: dict[str, Any]) -> None:
        elapsed, status = client.post(path, body)
        with lock:
            latencies.append(elapsed)
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        list(pool.map(one, bodies))
    elapsed = time.perf_counter() - started
    return {
        "requests": len(bodies),
        "per_second": round(len(bodies) / elapsed, 1),
        "latency_ms": summary(latencies),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def over_http(built: dict[str, Any], tmpdir: str) -> dict[str, Any]:
    from django.db import connection

    from anliegen.servicecenter.models import CallRecord, RoutingDecision

    org = built["org"]
    rng = random.Random(SEED + 4)
    n = n_requests()
    route_bodies = [
        {
            "call_id": f"http-{i}",
            "dialled": rng.choice(["agency", "national"]),
            "topic": "alg" if rng.random() < 0.7 else "other",
        }
        for i in range(n)
    ]
    now = dt.datetime.now(dt.UTC)
    call_bodies = [
        {
            "call_id": f"http-{i}",
            "agent": rng.choice(built["agents"]),
            "topic": "alg",
            "started_at": (now - dt.timedelta(minutes=10)).isoformat(),
            "ended_at": (now - dt.timedelta(minutes=4)).isoformat(),
            "customer_number": rng.choice(built["customers"]),
            "resolved": True,
            "escalation": "none",
        }
        for i in range(n)
    ]
    connection.close()
    port = free_port()
    env = {
        **os.environ,
        "ANLIEGEN_SECRET_KEY": "bench-secret-key-bench-secret-key-bench-secret-key",
        "ANLIEGEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ANLIEGEN_VAR_DIR": tmpdir,
        "ANLIEGEN_DEBUG": "0",
    }
    server = start_gunicorn(port, env, Path(tmpdir) / "gunicorn.log")
    try:
        client = Client(port, built["token"])
        base = f"/api/v1/orgs/{org.slug}"
        fire(
            client,
            base + "/calls/route",
            [{**b, "call_id": "warm-" + b["call_id"]} for b in route_bodies[:100]],
        )
        routes = fire(client, base + "/calls/route", route_bodies)
        replays = fire(client, base + "/calls/route", route_bodies[: n // 4])
        records = fire(client, base + "/calls", call_bodies)
    finally:
        stop_gunicorn(server)
    decisions = RoutingDecision.objects.filter(
        organisation=org, call_id__startswith="http-"
    ).count()
    recorded = CallRecord.objects.filter(organisation=org, call_id__startswith="http-").count()
    return {
        "server": f"gunicorn anliegen.wsgi -w {WORKERS}, DEBUG off",
        "client_threads": CONCURRENCY,
        "route": routes,
        "route_replayed_same_call_id": replays,
        "record_calls": records,
        "verified": {
            "decisions_recorded": decisions,
            "decisions_expected": n,
            "calls_recorded": recorded,
            "calls_expected": n,
        },
    }


# --- driver ---------------------------------------------------------------------------------------


def run_backend(backend: str, out: Path, http_part: bool) -> int:
    prepared = fresh_database(backend, out, "SOC_BENCH_DATABASE_URL", "anliegen_soc")
    if prepared is None:
        return 0
    tmpdir, name = prepared
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from anliegen.core import clock

        call_command("migrate", verbosity=0)
        today = clock.today()
        print(f"[{backend}] building …", flush=True)
        built = build(backend, today)
        print(f"[{backend}] loaded in {built['load_s']} s; measuring in-process …", flush=True)
        result: dict[str, Any] = {
            "backend": backend,
            "machine": machine(),
            "date": today.isoformat(),
            "workload": built["workload"],
            "load_s": built["load_s"],
            "analyze_s": built["analyze_s"],
            "in_process": in_process(built, today),
        }
        if http_part:
            print(f"[{backend}] measuring over HTTP …", flush=True)
            result["http"] = over_http(built, tmpdir)
        out.write_text(json.dumps(result, indent=2, default=str))
        print(json.dumps(result, indent=2, default=str), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(tmpdir, name)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=("sqlite", "postgresql"))
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    if args.backend:
        out = Path(os.environ.get("BENCH_SOC_OUT", str(RESULTS) + f".{args.backend}"))
        return run_backend(args.backend, out, not args.no_http)
    results = {}
    for backend in ("sqlite", "postgresql"):
        out = Path(str(RESULTS) + f".{backend}")
        command = [sys.executable, __file__, "--backend", backend]
        if args.no_http:
            command.append("--no-http")
        subprocess.run(command, check=True, env={**os.environ, "BENCH_SOC_OUT": str(out)})
        results[backend] = json.loads(out.read_text())
        out.unlink()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
