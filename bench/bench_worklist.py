"""Benchmark of the worklists (FND-07, NFR-02) on SQLite and PostgreSQL.

Run: ``.venv/bin/python bench/bench_worklist.py`` (``BENCH_SCALE=0.1`` for a quick run).

For each database: a fresh database (SQLite: a temporary file; PostgreSQL: the database
``anliegen_bench``, created and dropped by this script, skipped with a message when the server
cannot be reached), ``migrate``, one organisation with 100,000 customers and 1,000,000 work items
(30 teams, 300 staff; most items completed, open items skewed over the staff with at most
3,000 per person, 1 % in team inboxes, some absences with deputies), ``ANALYZE``; then the
latencies of

- ``worklist_for_user`` (first page of 50, evaluated with ``list()``) for 200 random staff,
- ``worklist_for_team`` (first page) for the 30 teams, three rounds,
- ``light_counts`` of both (the green/amber/red counters over the whole worklist),

and the query plans (``EXPLAIN``). Results go to ``bench/results/worklist.json``.

Each database runs in its own process (Django's settings are per process): the script calls
itself with ``--backend sqlite`` / ``--backend postgresql``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "worklist.json"
SEED = 2026
CUSTOMERS = 100_000
ITEMS = 1_000_000
TEAMS = 30
STAFF_PER_TEAM = 10  # one team lead and nine case workers
OPEN_SHARE = 0.08
INBOX_SHARE = 0.01
MAX_OPEN_PER_USER = 3_000
USER_SAMPLE = 200
TEAM_ROUNDS = 3
PAGE = 50
ABSENCES = 10
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "anliegen_bench"
GOAL_P95_MS = 50.0
KINDS = ("ticket", "follow_up", "reaction", "callback", "processing_order")
KIND_SHARES = (0.60, 0.15, 0.05, 0.10, 0.10)
PRIORITY = {"follow_up": 5, "reaction": 3, "callback": 2, "processing_order": 3}


def scale() -> float:
    value = float(os.environ.get("BENCH_SCALE", "1"))
    if not 0 < value <= 10:
        raise SystemExit("BENCH_SCALE must lie in (0, 10].")
    return value


# --- machine -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    with contextlib.suppress(OSError, ValueError):
        info["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout)
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        info["load_average_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
    if shutil.which("free"):
        free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
        info["free_h"] = free.strip().splitlines()[:2]
    return info


# --- data -------------------------------------------------------------------------------------


def _rows(model: Any, columns: dict[str, list[Any]]) -> tuple[list[str], Iterable[tuple[Any, ...]]]:
    """Column names of ``model`` (without id) and the rows; absent columns take the default."""
    names: list[str] = []
    data: list[list[Any] | Any] = []
    count = len(next(iter(columns.values())))
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(field.column)
        if field.column in columns:
            data.append(columns[field.column])
        elif field.null:
            data.append([None] * count)
        else:
            data.append([field.get_default()] * count)
    unknown = set(columns) - set(names)
    if unknown:
        raise SystemExit(f"Unknown columns for {model.__name__}: {sorted(unknown)}")
    return names, zip(*data, strict=True)


def insert(model: Any, columns: dict[str, list[Any]], batch: int = 20_000) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    names, rows = _rows(model, columns)
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(n) for n in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(names))})"
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(tuple(_sqlite_value(v) for v in row))
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def _sqlite_value(value: Any) -> Any:
    # Django keeps datetimes in SQLite as naive UTC text and dates as ISO text.
    if isinstance(value, dt.datetime | dt.date):
        return str(value)
    return value


def build(n_customers: int, n_items: int, today: dt.date) -> dict[str, Any]:
    """One organisation with staff, customers and work items. Returns what was built."""
    import numpy as np
    from django.db import transaction

    from anliegen.customers.models import Customer
    from anliegen.org.models import Absence, Area, Membership, Organisation, Site, Team, User
    from anliegen.org.roles import Role
    from anliegen.rules.actions import install_presets
    from anliegen.work.models import WorkItem

    rng = np.random.default_rng(SEED)
    now = dt.datetime.combine(today, dt.time(9, 0))  # naive UTC, as stored
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        org = Organisation.objects.create(slug="bench", name="Jobcenter Bench", kind="jobcenter")
        site = Site.objects.create(organisation=org, name="Hauptsitz", state="BE", is_main=True)
        areas = [
            Area.objects.create(organisation=org, site=site, kind=kind, name=name)
            for kind, name in (("benefits", "Leistung"), ("integration", "Integration"))
        ]
        teams = Team.objects.bulk_create(
            Team(organisation=org, area=areas[i % 2], name=f"Team {i + 1:02d}")
            for i in range(TEAMS)
        )
        users = User.objects.bulk_create(
            User(username=f"bench{i:04d}", first_name="Bench", last_name=f"{i:04d}", password="!")
            for i in range(TEAMS * STAFF_PER_TEAM)
        )
        team_of: list[int] = []
        memberships = []
        for i, user in enumerate(users):
            team = teams[i // STAFF_PER_TEAM]
            role = Role.TEAM_LEAD if i % STAFF_PER_TEAM == 0 else Role.BENEFITS_WORKER
            memberships.append(Membership(user=user, organisation=org, team=team, role=role))
            team_of.append(team.id)
        Membership.objects.bulk_create(memberships)
        install_presets(organisation=org, valid_from=dt.date(2012, 3, 28))

        # customers
        numbers = [f"955D{i:06d}" for i in range(n_customers)]
        birth = (np.datetime64(today, "D") - rng.integers(18 * 365, 64 * 365, n_customers)).tolist()
        created = [now] * n_customers
        insert(
            Customer,
            {
                "organisation_id": [org.id] * n_customers,
                "kind": ["person"] * n_customers,
                "customer_number": numbers,
                "first_name": ["Erika"] * n_customers,
                "last_name": [f"Muster{i % 997}" for i in range(n_customers)],
                "birth_date": birth,
                "status": rng.choice(["unemployed", "seeking"], n_customers).tolist(),
                "care_group": ["ue25_basis"] * n_customers,
                "city": ["Berlin"] * n_customers,
                "contact_person_id": rng.choice([u.id for u in users], n_customers).tolist(),
                "created_at": created,
                "updated_at": created,
            },
        )
        timings["customers_s"] = time.perf_counter() - started
        customer_ids = np.array(
            Customer.objects.filter(organisation=org).values_list("id", flat=True)
        )

        # open items per person: skewed (log-normal), the busiest at the maximum
        n_open = round(n_items * OPEN_SHARE)
        n_inbox = round(n_open * INBOX_SHARE)
        max_open = max(1, round(MAX_OPEN_PER_USER * min(1.0, scale())))
        weights = rng.lognormal(0.0, 1.0, len(users))
        per_user = np.minimum(
            np.floor(weights / weights.sum() * (n_open - n_inbox)).astype(int), max_open
        )
        per_user[int(np.argmax(weights))] = max_open
        user_ids = np.array([u.id for u in users])
        team_ids = np.array(team_of)
        open_assignees = np.repeat(user_ids, per_user)
        open_teams = np.repeat(team_ids, per_user)
        n_open = len(open_assignees) + n_inbox
        n_done = n_items - n_open
        done_pick = rng.integers(0, len(users), n_done)
        inbox_teams = rng.choice([t.id for t in teams], n_inbox)
        assignee = np.concatenate([open_assignees, np.full(n_inbox, -1), user_ids[done_pick]])
        team = np.concatenate([open_teams, inbox_teams, team_ids[done_pick]])
        status = ["open"] * n_open + ["done"] * n_done
        kind = rng.choice(np.array(KINDS), n_items, p=KIND_SHARES)
        age = np.concatenate(
            [rng.integers(0, 31, n_open), rng.integers(0, 731, n_done)]
        )  # days since receipt
        span = rng.integers(1, 15, n_items)
        start = np.datetime64(today, "D") - age
        due = start + span
        amber = start + np.ceil(0.8 * span).astype(int)
        received = start.astype("datetime64[us]") + rng.integers(
            7 * 3600, 15 * 3600, n_items
        ).astype("timedelta64[s]")
        completed = received + (span * rng.random(n_items) * 86400).astype(np.int64).astype(
            "timedelta64[s]"
        )
        priority = [
            PRIORITY.get(k, 1 + int(r < 0.4))
            for k, r in zip(kind.tolist(), rng.random(n_items), strict=True)
        ]
        is_follow_up = kind == "follow_up"
        received_list = received.tolist()
        completed_list = [
            c if s == "done" else None for c, s in zip(completed.tolist(), status, strict=True)
        ]
        due_list = due.tolist()
        timings["generate_s"] = time.perf_counter() - started - timings["customers_s"]
        insert(
            WorkItem,
            {
                "organisation_id": [org.id] * n_items,
                "kind": kind.tolist(),
                "title": [f"Vorgang {i}" for i in range(n_items)],
                "customer_id": rng.choice(customer_ids, n_items).tolist(),
                "team_id": team.tolist(),
                "assignee_id": [None if a < 0 else a for a in assignee.tolist()],
                "status": status,
                "priority": priority,
                "received_at": received_list,
                "start_date": start.tolist(),
                "due_date": due_list,
                "amber_from": amber.tolist(),
                "visible_from": [
                    d if f else None for d, f in zip(due_list, is_follow_up.tolist(), strict=True)
                ],
                "created_at": received_list,
                "updated_at": [c or r for c, r in zip(completed_list, received_list, strict=True)],
                "completed_at": completed_list,
            },
        )
        # a few people are absent; their deputy (a colleague) sees their items too (FND-03)
        absent = random.Random(SEED).sample(range(len(users)), ABSENCES)
        Absence.objects.bulk_create(
            Absence(
                user=users[i],
                organisation=org,
                start=today - dt.timedelta(days=2),
                end=today + dt.timedelta(days=5),
                deputy=users[i - 1 if i % STAFF_PER_TEAM else i + 1],
            )
            for i in absent
        )
    timings["load_s"] = time.perf_counter() - started
    return {
        "organisation": org,
        "users": users,
        "teams": teams,
        "timings": timings,
        "workload": {
            "customers": n_customers,
            "work_items": n_items,
            "open_items": int(n_open),
            "open_in_team_inboxes": int(n_inbox),
            "teams": len(teams),
            "staff": len(users),
            "max_open_per_person": int(per_user.max()),
            "median_open_per_person": int(np.median(per_user)),
            "absences_with_deputy": ABSENCES,
        },
    }


# --- measuring -----------------------------------------------------------------------------


def summary(samples: Sequence[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {
        "n": len(ms),
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "p99_ms": round(cuts[98], 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(ms[-1], 2),
    }


def timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def measure(built: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count

    from anliegen.core import clock
    from anliegen.org.models import Membership
    from anliegen.org.scope import scope_for
    from anliegen.work.models import WorkItem
    from anliegen.work.queries import (
        SORTS,
        Banded,
        band_filters,
        light_counts,
        worklist_for_team,
        worklist_for_user,
    )

    today = clock.today()

    org = built["organisation"]
    users = built["users"]
    rng = random.Random(SEED)
    sample = rng.sample(users, min(USER_SAMPLE, len(users)))
    scopes = {u.id: scope_for(u, org) for u in users}
    # warm up: the first queries load the catalogue and the pages of the indexes
    for user in sample[:10]:
        list(worklist_for_user(scopes[user.id])[:PAGE])

    user_page: list[float] = []
    user_build: list[float] = []  # worklist_for_user() itself: resolving whom one deputises for
    user_query: list[float] = []  # evaluating the first page
    for user in sample:
        t0 = time.perf_counter()
        items = worklist_for_user(scopes[user.id])
        t1 = time.perf_counter()
        # the default order (issue 9: red, amber, green) is read band by band, as the Postkorb
        # and the API read it; this includes the query of the band sizes
        list(Banded(items)[0:PAGE])
        t2 = time.perf_counter()
        user_page.append(t2 - t0)
        user_build.append(t1 - t0)
        user_query.append(t2 - t1)
    user_counts = [timed(lambda u=u: light_counts(worklist_for_user(scopes[u.id]))) for u in sample]
    # the Postkorb page as the web UI reads it (issue 9): plus each kind's annotation (the
    # tickets' commitment flag) and the relations its link needs (the reaction)
    from anliegen.web.views.worklist import for_rows

    user_rows = [
        timed(lambda u=u: list(Banded(for_rows(worklist_for_user(scopes[u.id])))[0:PAGE]))
        for u in sample
    ]
    leads = {
        m.team_id: m.user
        for m in Membership.objects.filter(organisation=org, role="team_lead").select_related(
            "user"
        )
    }
    team_page: list[float] = []
    team_counts: list[float] = []
    for _ in range(TEAM_ROUNDS):
        for team in built["teams"]:
            scope = scopes[leads[team.id].id]
            team_page.append(
                timed(lambda s=scope, t=team: list(Banded(worklist_for_team(s, t))[0:PAGE]))
            )
            team_counts.append(timed(lambda s=scope, t=team: light_counts(worklist_for_team(s, t))))

    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        list(Banded(worklist_for_user(scopes[sample[0].id]))[0:PAGE])
    queries = len(captured.captured_queries)

    # the plan of the busiest person's worklist
    busiest = (
        WorkItem.objects.filter(organisation=org, status="open", assignee__isnull=False)
        .values("assignee")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["assignee"]
    )
    scope = scopes[busiest]
    first_team = built["teams"][0]
    options = {"analyze": True, "buffers": True} if connection.vendor == "postgresql" else {}
    plans = {
        # the first band of the busiest person's page, in the partial index's order
        "worklist_for_user": worklist_for_user(scope)
        .filter(band_filters(today)[0][1])
        .order_by(*SORTS["priority"](today))[:PAGE]
        .explain(**options),
        "worklist_for_user_green_band": worklist_for_user(scope)
        .filter(band_filters(today)[2][1])
        .order_by(*SORTS["priority"](today))[:PAGE]
        .explain(**options),
        "worklist_for_team": worklist_for_team(scopes[leads[first_team.id].id], first_team)[
            :PAGE
        ].explain(**options),
        "light_counts_user": worklist_for_user(scope)
        .order_by()
        .values("light")
        .annotate(n=Count("id"))
        .explain(**options),
    }
    return {
        "worklist_for_user_page": summary(user_page),
        "worklist_for_user_page_split": {
            "responsible_ids": summary(user_build),
            "page_query": summary(user_query),
        },
        "worklist_for_user_page_with_row_annotations": summary(user_rows),
        "queries_per_user_worklist": queries,
        "light_counts_user": summary(user_counts),
        "worklist_for_team_page": summary(team_page),
        "light_counts_team": summary(team_counts),
        "busiest_person_open_items": worklist_for_user(scope).count(),
        "plans": plans,
        "user_worklist_uses_work_open_by_assignee": "work_open_by_assignee"
        in plans["worklist_for_user"],
        "team_worklist_uses_work_open_by_team": "work_open_by_team" in plans["worklist_for_team"],
    }


def pg_admin(*statements: str) -> None:
    """Run statements on the PostgreSQL server's admin database (autocommit)."""
    import psycopg

    admin = os.environ.get("BENCH_POSTGRES_ADMIN_URL", PG_ADMIN_URL)
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as c:
        for statement in statements:
            c.execute(statement)


def fresh_database(
    backend: str, out: Path, url_variable: str, default_db: str
) -> tuple[str, str] | None:
    """Point ``DATABASE_URL`` and ``ANLIEGEN_VAR_DIR`` of a benchmark's child process at a new
    database: a file in a temporary folder, or the PostgreSQL database of ``url_variable``
    (default ``default_db``), dropped and created. Returns (folder, PostgreSQL database name or
    ""), or None — with the skip written to ``out`` — when PostgreSQL cannot be reached."""
    tmpdir = tempfile.mkdtemp(prefix="anliegen-bench-")
    name = ""
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir}/bench.sqlite3"
    else:
        url = os.environ.get(url_variable, f"postgres://postgres@127.0.0.1:5432/{default_db}")
        name = url.rsplit("/", 1)[1]
        try:
            pg_admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        except Exception as exc:
            out.write_text(json.dumps({"skipped": f"PostgreSQL not reachable: {exc}"}))
            print(f"  PostgreSQL skipped: {exc}")
            shutil.rmtree(tmpdir, ignore_errors=True)
            return None
        os.environ["DATABASE_URL"] = url
    os.environ["ANLIEGEN_VAR_DIR"] = tmpdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anliegen.settings")
    return tmpdir, name


def drop_database(tmpdir: str, name: str) -> None:
    """Remove what :func:`fresh_database` made (the PostgreSQL database unless ``--keep``)."""
    if name and "--keep" not in sys.argv:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
    shutil.rmtree(tmpdir, ignore_errors=True)


def run_backend(backend: str, out: Path) -> int:
    """Runs inside the child process: set up the database, load, measure, write ``out``."""
    n_customers = max(100, round(CUSTOMERS * scale()))
    n_items = max(1_000, round(ITEMS * scale()))
    database = fresh_database(backend, out, "BENCH_POSTGRES_URL", PG_BENCH_DB)
    if database is None:
        return 0
    tmpdir, name = database
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from anliegen.core import clock

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started
        print(f"  [{backend}] migrated in {migrate_s:.1f} s; loading {n_items:,} work items …")
        built = build(n_customers, n_items, clock.today())
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        analyze_s = time.perf_counter() - started
        print(
            f"  [{backend}] loaded in {built['timings']['load_s']:.1f} s, "
            f"ANALYZE {analyze_s:.1f} s; measuring …"
        )
        load_before = os.getloadavg()
        result = measure(built)
        result["load_average_while_measuring"] = [
            round(load_before[0], 2),
            round(os.getloadavg()[0], 2),
        ]
        with connection.cursor() as cursor:
            if backend == "postgresql":
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
                cursor.execute("SHOW shared_buffers")
                result["shared_buffers"] = cursor.fetchone()[0]
                cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
                result["database_size"] = cursor.fetchone()[0]
            else:
                cursor.execute("SELECT sqlite_version()")
                version = cursor.fetchone()[0]
                result["database_size"] = (
                    f"{Path(connection.settings_dict['NAME']).stat().st_size / 2**20:.0f} MB"
                )
        result.update(
            version=version,
            migrate_s=round(migrate_s, 1),
            load_s={k: round(v, 1) for k, v in built["timings"].items()},
            analyze_s=round(analyze_s, 1),
            workload=built["workload"],
        )
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    finally:
        connection.close()
        drop_database(tmpdir, name)
    return 0


def report(name: str, result: dict[str, Any]) -> None:
    if "skipped" in result:
        print(f"{name}: skipped — {result['skipped']}")
        return
    w = result["workload"]
    print(
        f"{name} {result['version']}: {w['customers']:,} customers, {w['work_items']:,} items "
        f"({w['open_items']:,} open, busiest person {w['max_open_per_person']:,}); "
        f"load {result['load_s']['load_s']} s, db {result['database_size']}"
    )
    for key in (
        "worklist_for_user_page",
        "light_counts_user",
        "worklist_for_team_page",
        "light_counts_team",
    ):
        s = result[key]
        print(
            f"  {key:<24} p50 {s['p50_ms']:>8.2f} ms  p95 {s['p95_ms']:>8.2f} ms  "
            f"p99 {s['p99_ms']:>8.2f} ms  (n={s['n']})"
        )
    split = result["worklist_for_user_page_split"]
    print(
        f"  load average (1 min) before/after measuring: {result['load_average_while_measuring']}"
    )
    print(
        f"  … of which resolving deputies p50 {split['responsible_ids']['p50_ms']} ms, "
        f"page query p50 {split['page_query']['p50_ms']} ms "
        f"({result['queries_per_user_worklist']} SQL queries per worklist)"
    )
    print(
        "  plan of the user worklist uses work_open_by_assignee: "
        f"{result['user_worklist_uses_work_open_by_assignee']}"
    )
    if name == "postgresql":
        print("  EXPLAIN (ANALYZE, BUFFERS) of the busiest person's worklist page:")
        for line in result["plans"]["worklist_for_user"].splitlines():
            print(f"    {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="run one database only")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    if args.backend:
        return run_backend(args.backend, args.out)

    print(f"Worklist benchmark, scale {scale()} (BENCH_SCALE)")
    results: dict[str, Any] = {}
    backends = [args.only] if args.only else ["sqlite", "postgresql"]
    for backend in backends:
        out = RESULTS.parent / f"worklist-{backend}.tmp"
        out.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, __file__, "--backend", backend, "--out", str(out)]
        if args.keep:
            command.append("--keep")
        code = subprocess.run(command, cwd=ROOT).returncode
        if code != 0 or not out.exists():
            print(f"{backend}: the benchmark failed (exit code {code})")
            return code or 1
        results[backend] = json.loads(out.read_text(encoding="utf-8"))
        out.unlink()
    document = {
        "benchmark": "worklist",
        "requirement": "NFR-02, FND-07",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scale": scale(),
        "machine": machine(),
        "goal": {"worklist_p95_ms_postgresql": GOAL_P95_MS},
        "method": {
            "user_sample": USER_SAMPLE,
            "team_rounds": TEAM_ROUNDS,
            "page": PAGE,
            "seed": SEED,
            "note": "scope built beforehand; each sample is one evaluation of the queryset "
            "(list() of the first page), after a warm-up of 10 queries",
        },
        "backends": results,
    }
    print()
    for backend, result in results.items():
        report(backend, result)
    pg = results.get("postgresql", {})
    if "worklist_for_user_page" in pg:
        p95 = pg["worklist_for_user_page"]["p95_ms"]
        verdict = "met" if p95 < GOAL_P95_MS else "MISSED"
        print(f"Goal: worklist p95 < {GOAL_P95_MS:.0f} ms on PostgreSQL — {verdict} ({p95} ms)")
    RESULTS.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
