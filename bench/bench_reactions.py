"""Benchmark of the KRM reports and register (KRM-09, KRM-10) on PostgreSQL.

Run: ``.venv/bin/python bench/bench_reactions.py`` (``BENCH_SCALE=0.1`` for 20,000 reactions,
``--runs 9`` measured runs per query set, ``--keep`` keeps the database,
``--sqlite`` runs on a temporary SQLite file instead).

1. Creates the PostgreSQL database ``anliegen_bench_reactions`` (drop and create; skipped with a
   message when the server cannot be reached) and migrates it.
2. Loads one organisation with 10 teams and 200,000 customer reactions received over eight
   quarters (2025-Q1 … 2026-Q4), each with its work item, its clocks (acknowledgement for the
   written channels, resolution for all but petitions) and the reaction's copies of them (as
   ``reactions.actions.store_report_facts`` writes them), its lead team and 1–3 concerns, by
   ``COPY`` (the loader of ``bench_worklist.py``) — not through the actions — then ``ANALYZE``.
3. Times, after one warm-up run, ``--runs`` runs each of

   - the full report (``build_report``: every count, the on-time shares, mean and median,
     the trend per quarter) as management over all eight quarters (all 200,000 reactions),
   - the same over the default period (current quarter and the three before),
   - the report of one team lead (their team only),
   - the first register page (50 rows, newest first, evaluated) as the office, and filtered by
     kind and state,

   and records the query plans (``EXPLAIN ANALYZE``) of the report's grouped queries.

Results go to ``bench/results/reactions.json``. No test asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "src"))

from bench_worklist import insert, machine, scale, summary  # noqa: E402

RESULTS = BENCH / "results" / "reactions.json"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "anliegen_bench_reactions"
SEED = 2013  # Dienstanweisung 01/2013 of the Jobcenter Schwäbisch Hall
REACTIONS = 200_000
TEAMS = 10
TOPICS = 12
TODAY = dt.date(2026, 12, 15)
FIRST_DAY = dt.date(2025, 1, 1)
GOAL_S = 1.0
KINDS = (
    ("complaint", 0.45),
    ("criticism", 0.20),
    ("praise", 0.08),
    ("suggestion", 0.10),
    ("conduct_complaint", 0.05),
    ("petition", 0.03),
    ("unclassified", 0.09),
)
CHANNELS = (
    ("letter", 0.30),
    ("email", 0.30),
    ("phone", 0.15),
    ("in_person", 0.10),
    ("fax", 0.05),
    ("online", 0.10),
)
WRITTEN = {"letter", "fax", "email"}
OUTCOMES = ("justified", "partly_justified", "unjustified")


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _w in table], weights=[w for _k, w in table])[0]


def build(n: int) -> dict[str, Any]:
    """Load the organisation and ``n`` reactions; return what the measurements need."""
    from django.db import connection

    from anliegen.core.clock import BERLIN
    from anliegen.org.models import Area, Membership, Organisation, Site, Team, User
    from anliegen.org.roles import Role
    from anliegen.reactions.models import Concern, Reaction, Topic
    from anliegen.work.models import Deadline, WorkItem

    rng = random.Random(SEED)
    started = time.perf_counter()
    org = Organisation.objects.create(slug="jc-bench", name="Jobcenter Bench", kind="jobcenter")
    site = Site.objects.create(organisation=org, name="Hauptsitz", state="BW", is_main=True)
    area = Area.objects.create(organisation=org, site=site, kind="benefits", name="Leistung")
    teams = [
        Team.objects.create(organisation=org, area=area, name=f"Team {i + 1:02d}")
        for i in range(TEAMS)
    ]
    users = {}
    for name, role, team in (
        ("gf", Role.MANAGEMENT, None),
        ("office", Role.MANAGEMENT_OFFICE, None),
        ("tl", Role.TEAM_LEAD, teams[0]),
    ):
        users[name] = User.objects.create(username=name, first_name=name, last_name="Bench")
        Membership.objects.create(user=users[name], organisation=org, role=role, team=team)
    topics = [
        Topic.objects.create(organisation=org, name=f"Thema {i + 1:02d}") for i in range(TOPICS)
    ]

    items: dict[str, list[Any]] = {
        c: []
        for c in (
            "organisation_id",
            "kind",
            "title",
            "team_id",
            "status",
            "priority",
            "received_at",
            "start_date",
            "due_date",
            "amber_from",
            "created_at",
            "updated_at",
            "completed_at",
        )
    }
    reactions: dict[str, list[Any]] = {
        c: []
        for c in (
            "organisation_id",
            "item_id",
            "channel",
            "kind",
            "received_at",
            "text",
            "lead_team_id",
            "received_by_management",
            "acknowledgement_sent_at",
            "acknowledgement_channel",
            "outcome",
            "register_entry_at",
            "acknowledgement_due",
            "acknowledgement_met_on",
            "resolution_due",
            "resolution_met_on",
            "completed_on",
        )
    }
    deadlines: dict[str, list[Any]] = {
        c: [] for c in ("item_id", "code", "due_date", "amber_from", "met_at")
    }
    concerns: dict[str, list[Any]] = {c: [] for c in ("reaction_id", "topic_id", "outcome")}
    links: dict[str, list[Any]] = {"reaction_id": [], "team_id": []}
    span = (TODAY - FIRST_DAY).days
    for i in range(n):
        number = i + 1  # ids of a fresh database, checked below
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        received = dt.datetime.combine(
            day, dt.time(rng.randint(7, 17), rng.randrange(60)), tzinfo=BERLIN
        )
        kind = _pick(rng, KINDS)
        channel = _pick(rng, CHANNELS)
        team = None if kind in ("conduct_complaint", "petition") else rng.choice(teams)
        age = (TODAY - day).days
        done = age > 3 and rng.random() < (0.97 if age > 30 else 0.5)
        completed: dt.datetime | None = (
            received + dt.timedelta(days=min(age, rng.randint(1, 28)), hours=2) if done else None
        )
        clocks: list[tuple[str, dt.date, dt.datetime | None]] = []
        if kind != "petition":
            if channel in WRITTEN:
                due = day + dt.timedelta(days=rng.choice((3, 4, 5)))
                sent = day + dt.timedelta(days=rng.choice((0, 1, 2, 3, 4, 6)))
                met: dt.datetime | None = dt.datetime.combine(sent, dt.time.min, tzinfo=BERLIN)
                if sent > TODAY:
                    met = None
                clocks.append(("acknowledgement", due, met))
            clocks.append(("resolution", day + dt.timedelta(days=14), completed))
        open_due = [due for _code, due, met in clocks if met is None]
        items["organisation_id"].append(org.id)
        items["kind"].append("reaction")
        items["title"].append(f"Kundenreaktion {number}")
        items["team_id"].append(team.id if team else None)
        items["status"].append("done" if done else "open")
        items["priority"].append(3)
        items["received_at"].append(received)
        items["start_date"].append(day)
        items["due_date"].append(min(open_due) if open_due else None)
        items["amber_from"].append(min(open_due) if open_due else None)
        items["created_at"].append(received)
        items["updated_at"].append(completed or received)
        items["completed_at"].append(completed)
        outcome = rng.choice(OUTCOMES) if done and kind != "petition" else ""
        reactions["organisation_id"].append(org.id)
        reactions["item_id"].append(number)
        reactions["channel"].append(channel)
        reactions["kind"].append(kind)
        reactions["received_at"].append(received)
        reactions["text"].append("Beschwerde über die Bearbeitungsdauer.")
        reactions["lead_team_id"].append(team.id if team else None)
        reactions["received_by_management"].append(team is None)
        ack = next((c for c in clocks if c[0] == "acknowledgement"), None)
        reactions["acknowledgement_sent_at"].append(ack[2].date() if ack and ack[2] else None)
        reactions["acknowledgement_channel"].append("letter" if ack and ack[2] else "")
        reactions["outcome"].append(outcome)
        reactions["register_entry_at"].append(
            completed + dt.timedelta(days=2)
            if completed and outcome and rng.random() < 0.8
            else None
        )
        # The reaction's copies of its clocks (as ``actions.store_report_facts`` writes them).
        by_code = {code: (due, met) for code, due, met in clocks}
        for code in ("acknowledgement", "resolution"):
            copy = by_code.get(code)
            reactions[f"{code}_due"].append(copy[0] if copy else None)
            met_at = copy[1] if copy else None
            reactions[f"{code}_met_on"].append(met_at.astimezone(BERLIN).date() if met_at else None)
        reactions["completed_on"].append(completed.astimezone(BERLIN).date() if completed else None)
        for code, due, met in clocks:
            deadlines["item_id"].append(number)
            deadlines["code"].append(code)
            deadlines["due_date"].append(due)
            deadlines["amber_from"].append(due - dt.timedelta(days=1))
            deadlines["met_at"].append(met)
        for topic in rng.sample(topics, rng.choice((1, 1, 2, 3))):
            concerns["reaction_id"].append(number)
            concerns["topic_id"].append(topic.id)
            concerns["outcome"].append(outcome)
        if team is not None:
            links["reaction_id"].append(number)
            links["team_id"].append(team.id)
    generated = time.perf_counter()
    insert(WorkItem, items)
    insert(Reaction, reactions)
    insert(Deadline, deadlines)
    insert(Concern, concerns)
    insert(Reaction.teams.through, links)
    for model in (WorkItem, Reaction):
        ids = model.objects.order_by("id").values_list("id", flat=True)
        if ids.first() != 1 or ids.last() != n:
            raise SystemExit(f"{model.__name__}: ids are not 1…{n}; use a fresh database.")
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "organisation": org,
        "users": users,
        "teams": teams,
        "workload": {
            "reactions": n,
            "deadlines": len(deadlines["item_id"]),
            "concerns": len(concerns["reaction_id"]),
            "teams": TEAMS,
            "topics": TOPICS,
            "received": f"{FIRST_DAY} … {TODAY}",
            "today": TODAY.isoformat(),
            "seed": SEED,
        },
        "timings": {
            "generate_s": round(generated - started, 1),
            "copy_s": round(loaded - generated, 1),
            "analyze_s": round(time.perf_counter() - loaded, 1),
        },
    }


def measure(built: dict[str, Any], runs: int) -> dict[str, Any]:
    import time_machine
    from django.conf import settings
    from django.db import connection, reset_queries

    from anliegen.org.scope import scope_for
    from anliegen.reactions import reports
    from anliegen.reactions.reports import figures

    org = built["organisation"]
    scopes = {name: scope_for(user, org) for name, user in built["users"].items()}
    everything = reports.Period(FIRST_DAY, TODAY)
    results: dict[str, Any] = {}
    traveller = time_machine.travel(dt.datetime(2026, 12, 15, 12, tzinfo=dt.UTC), tick=True)
    traveller.start()
    try:
        default = reports.default_period()

        def first_page(scope: Any, **params: str) -> list[Any]:
            rows = reports.register(scope, reports.parse_register_filter(params))
            return list(rows[: settings.ANLIEGEN_PAGE_SIZE])

        cases = {
            "report_gf_all_quarters": lambda: reports.build_report(scopes["gf"], everything),
            "report_gf_default_period": lambda: reports.build_report(scopes["gf"], default),
            "report_tl_default_period": lambda: reports.build_report(scopes["tl"], default),
            "register_first_page_office": lambda: first_page(scopes["office"]),
            "register_filtered_page_office": lambda: first_page(
                scopes["office"], kind="complaint", state="awaiting", sort="-days"
            ),
            "register_first_page_tl": lambda: first_page(scopes["tl"]),
        }
        for name, case in cases.items():
            case()  # warm-up
            samples = []
            for _run in range(runs):
                started = time.perf_counter()
                case()
                samples.append(time.perf_counter() - started)
            results[name] = summary(samples)
            print(
                f"  {name:32s} p50 {results[name]['p50_ms']:8.1f} ms  "
                f"p95 {results[name]['p95_ms']:8.1f} ms"
            )
        report = reports.build_report(scopes["gf"], everything)
        results["report_gf_all_quarters"]["reactions_counted"] = report.total
        settings.DEBUG = True
        reset_queries()
        reports.build_report(scopes["gf"], everything)
        queries = list(connection.queries)
        settings.DEBUG = False
        results["report_queries"] = len(queries)
        plans = []
        if connection.vendor == "postgresql":
            with figures._reporting(), connection.cursor() as cursor:
                for query in queries:
                    if not query["sql"].startswith("SELECT") or "set_config" in query["sql"]:
                        continue
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS off, TIMING off) " + query["sql"])
                    plan = [row[0] for row in cursor.fetchall()]
                    plans.append({"sql": query["sql"][:300], "time_s": query["time"], "plan": plan})
        results["plans"] = plans
    finally:
        traveller.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead")
    args = parser.parse_args()
    n = max(1_000, round(REACTIONS * scale()))
    tmpdir = tempfile.mkdtemp(prefix="anliegen-bench-krm-")
    admin = os.environ.get("BENCH_POSTGRES_ADMIN_URL", PG_ADMIN_URL)
    name = PG_BENCH_DB
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir}/bench.sqlite3"
    else:
        import psycopg

        try:
            with psycopg.connect(
                admin.replace("postgres://", "postgresql://"), autocommit=True
            ) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}"')
                c.execute(f'CREATE DATABASE "{name}"')
        except Exception as exc:
            print(f"PostgreSQL not reachable, skipped: {exc}")
            return 0
        os.environ["DATABASE_URL"] = admin.rsplit("/", 1)[0] + f"/{name}"
    os.environ["ANLIEGEN_VAR_DIR"] = tmpdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anliegen.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"KRM benchmark: migrated in {time.perf_counter() - started:.1f} s; loading {n:,} …")
        built = build(n)
        print(f"  loaded: {built['timings']}")
        result: dict[str, Any] = {
            "backend": connection.vendor,
            "machine": machine(),
            "workload": built["workload"],
            "load": built["timings"],
            "goal": f"full report of {REACTIONS:,} reactions < {GOAL_S:.0f} s on PostgreSQL",
        }
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
                result["version"] = cursor.fetchone()[0]
        result["measurements"] = measure(built, args.runs)
        p95 = result["measurements"]["report_gf_all_quarters"]["p95_ms"]
        result["goal_met"] = p95 < GOAL_S * 1000
        print(f"  goal (p95 < {GOAL_S * 1000:.0f} ms): {'met' if result['goal_met'] else 'MISSED'}")
        out = RESULTS if not args.sqlite else RESULTS.with_name("reactions_sqlite.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"  written to {out}")
    finally:
        connection.close()
        if not args.sqlite and not args.keep:
            import psycopg

            with psycopg.connect(
                admin.replace("postgres://", "postgresql://"), autocommit=True
            ) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
