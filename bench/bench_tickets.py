"""Benchmark of ticket intake through the API (TKT-01, NFR-02) on PostgreSQL under gunicorn.

Run: ``.venv/bin/python bench/bench_tickets.py`` (``BENCH_SCALE=0.1`` shrinks the preloaded
data, ``BENCH_TICKETS_N`` the number of measured requests, ``BENCH_TICKETS_WORKERS`` the
number of gunicorn workers, ``--keep`` keeps the database).

1. Creates the PostgreSQL database ``anliegen_bench_tickets`` (drop and create; skipped with a
   message when the server cannot be reached) and migrates it.
2. Loads one organisation: 10 teams (5 Leistung, 5 Integration) of ten staff, an SC agent with
   an API token, 2,000 customers with a contact person, and 1,000,000 work items by ``COPY``
   (the loader of ``bench_worklist.py``) — 60 % of them tickets with their ticket rows, each
   item with its deadline — then ``ANALYZE``.
3. Starts gunicorn as in production (``gunicorn anliegen.wsgi -w 4``, ``DEBUG`` off, tasks in
   the database) and fires N = 3,000 ``POST /api/v1/orgs/{org}/tickets`` from 16 threads, each
   with its own ``Idempotency-Key``, after 100 warm-up requests.
4. Reports requests/s, latency p50/p95/p99, errors; checks that exactly one ticket was created
   per request; counts the SQL queries of one create in-process; stops gunicorn.

Results go to ``bench/results/tickets.json``.
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
import signal
import socket
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

from bench_worklist import insert, machine, summary  # noqa: E402

RESULTS = BENCH / "results" / "tickets.json"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "anliegen_bench_tickets"
SEED = 2012  # the Potsdam procedure came into force on 28.03.2012
ITEMS = 1_000_000
CUSTOMERS = 2_000
TEAMS = 10
STAFF_PER_TEAM = 10
OPEN_SHARE = 0.08
TICKET_SHARE = 0.60
REQUESTS = 3_000
WARM_UP = 100
CONCURRENCY = 16
WORKERS = int(os.environ.get("BENCH_TICKETS_WORKERS", "4"))
GOAL_PER_SECOND = 300.0
CONCERNS = (
    "Fragt nach dem Stand seines Weiterbewilligungsantrags.",
    "Versteht den Änderungsbescheid nicht und bittet um Erläuterung.",
    "Hat Unterlagen eingereicht und möchte wissen, ob sie vollständig sind.",
    "Bittet um Rückruf wegen der Kosten der Unterkunft.",
    "Möchte einen Termin zur Besprechung der Eingliederungsvereinbarung.",
)


def scale() -> float:
    value = float(os.environ.get("BENCH_SCALE", "1"))
    if not 0 < value <= 10:
        raise SystemExit("BENCH_SCALE must lie in (0, 10].")
    return value


# --- data ---------------------------------------------------------------------------------------


def build(n_items: int, today: dt.date) -> dict[str, Any]:
    """One organisation with staff, an SC agent, customers, and ``n_items`` work items."""
    import numpy as np
    from django.db import connection, transaction

    from anliegen.api.models import ApiToken
    from anliegen.customers.models import Customer
    from anliegen.org.models import Area, Membership, Organisation, Site, Team, User
    from anliegen.org.roles import Role
    from anliegen.rules.actions import install_presets
    from anliegen.tickets.models import Ticket
    from anliegen.work.models import Deadline, WorkItem

    rng = np.random.default_rng(SEED)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        org = Organisation.objects.create(
            slug="potsdam", name="Jobcenter Bench Potsdam", kind="jobcenter"
        )
        site = Site.objects.create(organisation=org, name="Hauptsitz", state="BB", is_main=True)
        areas = {
            kind: Area.objects.create(organisation=org, site=site, kind=kind, name=name)
            for kind, name in (("benefits", "Leistung"), ("integration", "Integration"))
        }
        teams = Team.objects.bulk_create(
            Team(
                organisation=org,
                area=areas["benefits" if i < TEAMS // 2 else "integration"],
                name=f"{'Leistung' if i < TEAMS // 2 else 'Integration'} {i % (TEAMS // 2) + 1}",
            )
            for i in range(TEAMS)
        )
        users = User.objects.bulk_create(
            User(
                username=f"staff{i:03d}",
                first_name="Staff",
                last_name=f"{i:03d}",
                email=f"staff{i:03d}@jobcenter.example",  # notifications are e-mailed
                password="!",
            )
            for i in range(TEAMS * STAFF_PER_TEAM)
        )
        memberships, workers, team_ids = [], [], []
        for i, user in enumerate(users):
            team = teams[i // STAFF_PER_TEAM]
            if i % STAFF_PER_TEAM == 0:
                role = Role.TEAM_LEAD
            else:
                benefits = team.area_id == areas["benefits"].id
                role = Role.BENEFITS_WORKER if benefits else Role.PLACEMENT_OFFICER
                workers.append(user)
            memberships.append(Membership(user=user, organisation=org, team=team, role=role))
            team_ids.append(team.id)
        Membership.objects.bulk_create(memberships)
        agent = User.objects.create_user(username="sc-agent", first_name="SC", last_name="Agent")
        Membership.objects.create(user=agent, organisation=org, role=Role.PHONE_AGENT)
        install_presets(organisation=org, valid_from=dt.date(2012, 3, 28))
        _token, token = ApiToken.issue(agent, label="benchmark")

        # customers: half with a Leistung contact person, half with an Integration one
        customers = Customer.objects.bulk_create(
            Customer(
                organisation=org,
                customer_number=f"153D{i:06d}",
                first_name="Erika",
                last_name=f"Muster{i}",
                birth_date=dt.date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                status="unemployed",
                profile="market",
                care_group="ue25_basis",
                city="Potsdam",
                contact_person=workers[i % len(workers)],
            )
            for i in range(CUSTOMERS)
        )
        timings["staff_and_customers_s"] = time.perf_counter() - started

        # 1,000,000 work items, 8 % open, 60 % tickets
        user_ids = np.array([u.id for u in users])
        member_team = np.array(team_ids)
        who = rng.integers(0, len(users), n_items)
        n_open = round(n_items * OPEN_SHARE)
        status = np.where(np.arange(n_items) < n_open, "open", "done")
        kind = np.where(rng.random(n_items) < TICKET_SHARE, "ticket", "follow_up")
        age = np.where(
            status == "open", rng.integers(0, 15, n_items), rng.integers(0, 731, n_items)
        )
        span = rng.integers(2, 8, n_items)
        start = np.datetime64(today, "D") - age
        due = start + span
        amber = start + np.ceil(0.8 * span).astype(int)
        received = start.astype("datetime64[us]") + rng.integers(
            7 * 3600, 15 * 3600, n_items
        ).astype("timedelta64[s]")
        completed = received + (span * rng.random(n_items) * 86400).astype(np.int64).astype(
            "timedelta64[s]"
        )
        received_list = received.tolist()
        completed_list = [
            c if s == "done" else None
            for c, s in zip(completed.tolist(), status.tolist(), strict=True)
        ]
        insert(
            WorkItem,
            {
                "organisation_id": [org.id] * n_items,
                "kind": kind.tolist(),
                "title": [f"Vorgang {i}" for i in range(n_items)],
                "customer_id": rng.choice([c.id for c in customers], n_items).tolist(),
                "team_id": member_team[who].tolist(),
                "assignee_id": user_ids[who].tolist(),
                "status": status.tolist(),
                "priority": np.where(kind == "ticket", 1, 5).tolist(),
                "received_at": received_list,
                "start_date": start.tolist(),
                "due_date": due.tolist(),
                "amber_from": amber.tolist(),
                "created_at": received_list,
                "updated_at": [c or r for c, r in zip(completed_list, received_list, strict=True)],
                "completed_at": completed_list,
                "completed_by_id": [
                    u if c is not None else None
                    for u, c in zip(user_ids[who].tolist(), completed_list, strict=True)
                ],
            },
        )
        timings["work_items_s"] = time.perf_counter() - started - timings["staff_and_customers_s"]
        # Each item's deadline, and the ticket rows of the ticket items, in SQL.
        quote = connection.ops.quote_name
        item_table = quote(WorkItem._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(Deadline._meta.db_table)} "
                "(item_id, code, due_date, amber_from, met_at) "
                f"SELECT id, 'main', due_date, amber_from, completed_at FROM {item_table} "
                "WHERE organisation_id = %s",
                [org.id],
            )
            expressions = {
                "organisation_id": "w.organisation_id",
                "item_id": "w.id",
                "area": "a.kind",
                "kind": "'concern'",
                "customer_id": "w.customer_id",
                "concern": "w.title",
                "received_at": "w.received_at",
                "rule_due_date": "w.due_date",
                "source": "'api'",
            }
            columns, values, params = [], [], []
            for field in Ticket._meta.concrete_fields:
                if field.primary_key:
                    continue
                columns.append(quote(field.column))
                if field.column in expressions:
                    values.append(expressions[field.column])
                elif field.null:
                    values.append("NULL")
                else:
                    values.append("%s")
                    params.append(field.get_default())
            cursor.execute(
                f"INSERT INTO {quote(Ticket._meta.db_table)} ({', '.join(columns)}) "
                f"SELECT {', '.join(values)} FROM {item_table} w "
                f"JOIN {quote(Team._meta.db_table)} t ON t.id = w.team_id "
                f"JOIN {quote(Area._meta.db_table)} a ON a.id = t.area_id "
                "WHERE w.organisation_id = %s AND w.kind = 'ticket'",
                [*params, org.id],
            )
        timings["deadlines_and_tickets_s"] = (
            time.perf_counter()
            - started
            - timings["staff_and_customers_s"]
            - timings["work_items_s"]
        )
    timings["load_s"] = time.perf_counter() - started
    return {
        "organisation": org,
        "agent": agent,
        "token": token,
        "customers": [c.customer_number for c in customers],
        "timings": timings,
        "workload": {
            "work_items": WorkItem.objects.filter(organisation=org).count(),
            "open_items": WorkItem.objects.filter(organisation=org, status="open").count(),
            "tickets": Ticket.objects.filter(organisation=org).count(),
            "customers": len(customers),
            "teams": len(teams),
            "staff": len(users),
        },
    }


# --- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
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
            raise SystemExit(f"gunicorn exited with {server.returncode}: {log.read_text()[-2000:]}")
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


# --- the load -----------------------------------------------------------------------------------


class Client:
    """One keep-alive connection per thread (reopened when the server closes it)."""

    local = threading.local()

    def __init__(self, port: int, org: str, token: str) -> None:
        self.port = port
        self.path = f"/api/v1/orgs/{org}/tickets"
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.local.connection = connection
        return connection

    def post(self, body: dict[str, Any]) -> tuple[float, int, bytes]:
        payload = json.dumps(body).encode()
        headers = {**self.headers, "Idempotency-Key": str(uuid.uuid4())}
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request("POST", self.path, body=payload, headers=headers)
                response = connection.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                return time.perf_counter() - started, response.status, data
            except (http.client.HTTPException, OSError):
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def cpu_snapshot() -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) of every process, by pid, with its command name."""
    ticks = os.sysconf("SC_CLK_TCK")
    result: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            text = (entry / "stat").read_text()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            fields = text[text.rindex(")") + 2 :].split()
            result[int(entry.name)] = (comm, (int(fields[11]) + int(fields[12])) / ticks)
    return result


def machine_busy() -> float:
    """CPU seconds all processes of the machine used so far (``/proc/stat``)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_split(
    before: dict[int, tuple[str, float]], busy_before: float, elapsed: float, requests: int
) -> dict[str, Any]:
    """Where the CPU went between ``before`` and now: PostgreSQL, gunicorn, this client, and
    everything else on the machine (other people's processes, including those that ended)."""
    after = cpu_snapshot()
    busy = machine_busy() - busy_before
    groups: Counter[str] = Counter()
    for pid, (comm, seconds) in after.items():
        used = seconds - before.get(pid, (comm, 0.0))[1]
        if comm.startswith("postgres"):
            groups["postgresql"] += used
        elif comm.startswith("gunicorn"):
            groups["gunicorn"] += used
        elif pid == os.getpid():
            groups["benchmark_client"] += used
        else:
            groups["other"] += used
    groups["rest_of_the_machine"] = max(0.0, busy - sum(groups.values()))
    cores = os.cpu_count() or 1
    return {
        "cpu_seconds": {k: round(v, 1) for k, v in groups.most_common()},
        "share_of_all_cores": {k: f"{v / (elapsed * cores):.0%}" for k, v in groups.most_common()},
        "ms_per_request": {
            k: round(groups[k] / requests * 1000, 1) for k in ("gunicorn", "postgresql")
        },
    }


def bodies(customers: list[str], n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [
        {
            "area": "benefits" if rng.random() < 0.7 else "integration",
            "customer_number": rng.choice(customers),
            "kind": rng.choices(("concern", "callback", "appointment"), (0.7, 0.2, 0.1))[0],
            "concern": rng.choice(CONCERNS),
        }
        for _ in range(n)
    ]


def fire(client: Client, requests: list[dict[str, Any]]) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()

    def one(body: dict[str, Any]) -> None:
        try:
            seconds, status, data = client.post(body)
        except Exception as exc:
            with lock:
                statuses[0] += 1
                failures.append(repr(exc))
            return
        with lock:
            latencies.append(seconds)
            statuses[status] += 1
            if status != 201 and len(failures) < 5:
                failures.append(data[:300].decode(errors="replace"))

    cpu_before = cpu_snapshot()
    busy_before = machine_busy()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        list(pool.map(one, requests))
    elapsed = time.perf_counter() - started
    return {
        "cpu": cpu_split(cpu_before, busy_before, elapsed, len(requests)),
        "requests": len(requests),
        "elapsed_s": round(elapsed, 2),
        "requests_per_second": round(len(requests) / elapsed, 1),
        "created_per_second": round(statuses[201] / elapsed, 1),
        "latency": summary(latencies) if len(latencies) > 1 else {},
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": len(requests) - statuses[201],
        "first_failures": failures,
    }


def queries_per_create(built: dict[str, Any]) -> dict[str, Any]:
    """The SQL of one create through the API handler's code path, counted in-process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from anliegen.org.scope import get_scope_for
    from anliegen.tickets.actions import create_ticket
    from anliegen.tickets.api import ticket_out

    org = built["organisation"]
    agent = built["agent"]
    with CaptureQueriesContext(connection) as captured:
        scope = get_scope_for(agent, org.slug)
        ticket, _created = create_ticket(
            actor=agent,
            scope=scope,
            area="benefits",
            customer_number=built["customers"][0],
            concern=CONCERNS[0],
            idempotency_key=str(uuid.uuid4()),
            source="api",
        )
        after_create = len(captured.captured_queries)
        ticket_out(ticket)
    by_kind: Counter[str] = Counter(q["sql"].split()[0].upper() for q in captured.captured_queries)
    return {
        "total": len(captured.captured_queries),
        "create_ticket": after_create,
        "serialising_the_response": len(captured.captured_queries) - after_create,
        "by_statement": dict(by_kind),
        "statements": [q["sql"][:160] for q in captured.captured_queries],
    }


# --- main ---------------------------------------------------------------------------------------


def run() -> dict[str, Any]:
    n_items = max(1_000, round(ITEMS * scale()))
    n_requests = int(os.environ.get("BENCH_TICKETS_N", REQUESTS))
    url = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}")
    admin = os.environ.get("BENCH_POSTGRES_ADMIN_URL", PG_ADMIN_URL)
    name = url.rsplit("/", 1)[1]
    import psycopg

    try:
        admin_connection = psycopg.connect(
            admin.replace("postgres://", "postgresql://"), autocommit=True, connect_timeout=5
        )
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable, benchmark skipped: {exc}")
        return {"skipped": f"PostgreSQL not reachable: {exc}"}
    with admin_connection as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')

    tmpdir = tempfile.mkdtemp(prefix="anliegen-bench-tickets-")
    secret = uuid.uuid4().hex + uuid.uuid4().hex
    os.environ.update(
        DATABASE_URL=url,
        ANLIEGEN_VAR_DIR=tmpdir,
        ANLIEGEN_SECRET_KEY=secret,
        DJANGO_SETTINGS_MODULE="anliegen.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from anliegen.core import clock
    from anliegen.tickets.models import Ticket

    server = None
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started
        print(f"migrated in {migrate_s:.1f} s; loading {n_items:,} work items …", flush=True)
        built = build(n_items, clock.today())
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            shared_buffers = cursor.fetchone()[0]
        analyze_s = time.perf_counter() - started
        print(
            f"loaded in {built['timings']['load_s']:.1f} s, ANALYZE {analyze_s:.1f} s: "
            f"{built['workload']}",
            flush=True,
        )
        queries = queries_per_create(built)
        connection.close()

        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "ANLIEGEN_SECRET_KEY": secret,
            "ANLIEGEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ANLIEGEN_VAR_DIR": tmpdir,
            "ANLIEGEN_DEBUG": "0",
        }
        log = Path(tmpdir) / "gunicorn.log"
        server = start_gunicorn(port, env, log)
        client = Client(port, built["organisation"].slug, built["token"])
        load_before = [round(x, 2) for x in os.getloadavg()]
        before = Ticket.objects.filter(organisation=built["organisation"]).count()
        warm = fire(client, bodies(built["customers"], WARM_UP, SEED + 1))
        print(f"warm-up: {warm['requests']} requests, {warm['errors']} errors", flush=True)
        print(
            f"firing {n_requests:,} requests from {CONCURRENCY} threads at gunicorn -w {WORKERS} …",
            flush=True,
        )
        result = fire(client, bodies(built["customers"], n_requests, SEED))
        stop_gunicorn(server)
        server = None
        created = Ticket.objects.filter(organisation=built["organisation"]).count() - before
        expected = (warm["requests"] - warm["errors"]) + (result["requests"] - result["errors"])
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        return {
            "benchmark": "tickets",
            "requirement": "TKT-01, NFR-02",
            "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "scale": scale(),
            "machine": machine(),
            "load_average_before_run": load_before,
            "postgresql": {"version": version, "shared_buffers": shared_buffers},
            "database_size": size,
            "goal": {"creates_per_second": GOAL_PER_SECOND},
            "server": f"gunicorn anliegen.wsgi -w {WORKERS} (sync workers), DEBUG off, "
            "tasks in the database",
            "method": {
                "requests": n_requests,
                "warm_up": WARM_UP,
                "concurrency": CONCURRENCY,
                "client": "http.client, one connection per thread, distinct Idempotency-Key",
                "seed": SEED,
            },
            "migrate_s": round(migrate_s, 1),
            "load_s": {k: round(v, 1) for k, v in built["timings"].items()},
            "analyze_s": round(analyze_s, 1),
            "workload": built["workload"],
            "warm_up": {k: warm[k] for k in ("requests", "errors", "requests_per_second")},
            "result": result,
            "tickets_created": created,
            "tickets_expected": expected,
            "verified": created == expected,
            "queries_per_create": queries,
            "goal_met": result["created_per_second"] >= GOAL_PER_SECOND
            and result["errors"] == 0
            and created == expected,
        }
    finally:
        if server is not None:
            stop_gunicorn(server)
        connection.close()
        if "--keep" not in sys.argv:
            with psycopg.connect(
                admin.replace("postgres://", "postgresql://"), autocommit=True
            ) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(tmpdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.parse_args()
    print(f"Ticket intake benchmark, scale {scale()} (BENCH_SCALE)", flush=True)
    document = run()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    if "skipped" in document:
        return 0
    r = document["result"]
    lat = r["latency"]
    print(
        f"\n{r['requests']:,} creates in {r['elapsed_s']} s: {r['created_per_second']} created/s "
        f"(goal ≥ {GOAL_PER_SECOND:.0f}/s: {'met' if document['goal_met'] else 'MISSED'}); "
        f"latency p50 {lat.get('p50_ms')} ms, p95 {lat.get('p95_ms')} ms, p99 {lat.get('p99_ms')} "
        f"ms; errors {r['errors']} {r['statuses']}; tickets created {document['tickets_created']} "
        f"of {document['tickets_expected']} ({'verified' if document['verified'] else 'MISMATCH'})"
    )
    print(f"CPU during the run: {r['cpu']['cpu_seconds']} s ({r['cpu']['share_of_all_cores']})")
    print(f"CPU per request: {r['cpu']['ms_per_request']} ms")
    q = document["queries_per_create"]
    print(
        f"SQL per create: {q['total']} ({q['create_ticket']} in create_ticket, "
        f"{q['serialising_the_response']} for the response) {q['by_statement']}"
    )
    if r["first_failures"]:
        print("first failures:", *r["first_failures"], sep="\n  ")
    print(f"Results: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
