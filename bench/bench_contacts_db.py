"""Benchmark of contact density in the database (KON-02, KON-04, KON-08; NFR-02) on SQLite and
PostgreSQL.

Run: ``.venv/bin/python bench/bench_contacts_db.py [--only sqlite|postgresql] [--keep]``
(``BENCH_SCALE=0.1`` for a quick run). ``bench/bench_contacts.py`` measures the pure engine.

For each database (in its own process, set up like ``bench_worklist.py``: a temporary SQLite
file, or the PostgreSQL database ``anliegen_bench_contacts``, created and dropped; PostgreSQL is
skipped with a message when unreachable): one organisation with 100,000 customers (every care
group, status and profile, ages 16–70, 3 % profile Z, 5 % in a measure), 30 teams of one team
lead and nine case workers (a fifth part-time), about 150,000 consultation notes over the last
year and 20,000 no-shows over the last 26 weeks, loaded with COPY / ``executemany``; then

(a) ``contacts.actions.recompute_all(org)`` — the first run (creates every schedule and the
    profile-Z review follow-ups) and a second run (updates) — goal < 10 s;
(b) the paged ``contact_worklist_page`` (counts per section + 50 rows; first and last page)
    of each team lead, three rounds — goal p95 < 50 ms; beside it the complete
    ``contact_worklist`` (overdue / this week / next week, evaluated; exports, tests);
(c) ``dashboard_for`` of management (the whole organisation, one line per team) and of each
    team lead (one line per case worker).

Results go to ``bench/results/contacts_db.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_worklist import drop_database, fresh_database, insert, machine, scale, summary, timed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "contacts_db.json"
SEED = 2026
CUSTOMERS = 100_000
TEAMS = 30
STAFF_PER_TEAM = 10  # one team lead and nine case workers
CONSULTATIONS_PER_CUSTOMER = 1.5
NO_SHOWS_PER_CUSTOMER = 0.2
LAST_CONTACT_SHARE = 0.9
PAGE = 50
TEAM_ROUNDS = 3
DASHBOARD_ROUNDS = 20
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "anliegen_bench_contacts"
GOAL_RECOMPUTE_S = 10.0
GOAL_WORKLIST_P95_MS = 50.0

CARE_GROUPS = ("ue25_basis", "ue25_active", "u25", "case_management", "rehab", "self_employed")
CARE_SHARES = (0.55, 0.2, 0.15, 0.04, 0.03, 0.03)
STATUSES = ("unemployed", "seeking", "not_set", "advice_seeking")
STATUS_SHARES = (0.6, 0.3, 0.05, 0.05)
PROFILES = (
    "market",
    "activation",
    "support",
    "development",
    "stabilisation",
    "assistance",
    "integrated_i",
    "z",
)
PROFILE_SHARES = (0.12, 0.18, 0.2, 0.17, 0.15, 0.1, 0.05, 0.03)


def build(n_customers: int, today: dt.date) -> dict[str, Any]:
    import numpy as np
    from django.db import transaction

    from anliegen.customers.models import Customer, HistoryEntry
    from anliegen.org.models import Area, Membership, Organisation, Site, Team, User
    from anliegen.org.roles import Role
    from anliegen.rules.actions import install_presets

    rng = np.random.default_rng(SEED)
    now = dt.datetime.combine(today, dt.time(9, 0))  # naive UTC, as stored
    started = time.perf_counter()
    with transaction.atomic():
        org = Organisation.objects.create(slug="bench", name="Jobcenter Bench", kind="jobcenter")
        site = Site.objects.create(organisation=org, name="Hauptsitz", state="BE", is_main=True)
        area = Area.objects.create(organisation=org, site=site, kind="integration", name="M&I")
        teams = Team.objects.bulk_create(
            Team(organisation=org, area=area, name=f"Team {i + 1:02d}") for i in range(TEAMS)
        )
        users = User.objects.bulk_create(
            User(
                username=f"kon{i:04d}",
                first_name="Bench",
                last_name=f"{i:04d}",
                password="!",
                fte="0.50" if i % 5 == 4 else "1.00",
            )
            for i in range(TEAMS * STAFF_PER_TEAM)
        )
        gf = User.objects.create(username="kon-gf", password="!")
        Membership.objects.create(user=gf, organisation=org, role=Role.MANAGEMENT)
        memberships = []
        leads: dict[int, User] = {}
        workers = []
        for i, user in enumerate(users):
            team = teams[i // STAFF_PER_TEAM]
            lead = i % STAFF_PER_TEAM == 0
            role = Role.TEAM_LEAD if lead else Role.PLACEMENT_OFFICER
            memberships.append(Membership(user=user, organisation=org, team=team, role=role))
            if lead:
                leads[team.id] = user
            else:
                workers.append(user)
        Membership.objects.bulk_create(memberships)
        install_presets(organisation=org, valid_from=dt.date(2012, 3, 28))

        n = n_customers
        birth = (np.datetime64(today, "D") - rng.integers(16 * 365, 70 * 365, n)).tolist()
        measure = rng.random(n) < 0.05
        measure_until = (np.datetime64(today, "D") + rng.integers(1, 200, n)).tolist()
        profile = rng.choice(PROFILES, n, p=PROFILE_SHARES).tolist()
        profile_since = (np.datetime64(today, "D") - rng.integers(0, 400, n)).tolist()
        insert(
            Customer,
            {
                "organisation_id": [org.id] * n,
                "kind": ["person"] * n,
                "customer_number": [f"955K{i:06d}" for i in range(n)],
                "first_name": ["Erika"] * n,
                "last_name": [f"Muster{i % 997}" for i in range(n)],
                "birth_date": birth,
                "status": rng.choice(STATUSES, n, p=STATUS_SHARES).tolist(),
                "profile": profile,
                "profile_since": [
                    s if p == "z" else None for s, p in zip(profile_since, profile, strict=True)
                ],
                "care_group": rng.choice(CARE_GROUPS, n, p=CARE_SHARES).tolist(),
                "measure_until": [
                    u if m else None for u, m in zip(measure_until, measure.tolist(), strict=True)
                ],
                "city": ["Berlin"] * n,
                "contact_person_id": rng.choice([u.id for u in workers], n).tolist(),
                "created_at": [now - dt.timedelta(days=800)] * n,
                "updated_at": [now] * n,
            },
        )
        ids = np.array(Customer.objects.filter(organisation=org).values_list("id", flat=True))
        customers_s = time.perf_counter() - started

        # most customers were seen recently (their last contact lies 0–90 days back), the
        # rest of the consultations and the no-shows are spread over the year / 26 weeks
        seen = ids[rng.random(len(ids)) < LAST_CONTACT_SHARE]
        n_consultations = max(len(seen), round(n * CONSULTATIONS_PER_CUSTOMER))
        n_no_shows = round(n * NO_SHOWS_PER_CUSTOMER)
        n_spread = n_consultations - len(seen)
        seconds = np.concatenate(
            [
                rng.integers(0, 90 * 86400, len(seen)),
                rng.integers(0, 365 * 86400, n_spread),
                rng.integers(0, 26 * 7 * 86400, n_no_shows),
            ]
        )
        at = (np.datetime64(now, "s") - seconds.astype("timedelta64[s]")).tolist()
        total = n_consultations + n_no_shows
        customer_ids = np.concatenate([seen, rng.choice(ids, n_spread + n_no_shows)])
        insert(
            HistoryEntry,
            {
                "organisation_id": [org.id] * total,
                "customer_id": customer_ids.tolist(),
                "kind": ["consultation"] * n_consultations + ["no_show"] * n_no_shows,
                "at": at,
                "text": ["Beratungsvermerk"] * total,
            },
        )
    return {
        "organisation": org,
        "gf": gf,
        "leads": leads,
        "teams": teams,
        "timings": {
            "customers_s": round(customers_s, 1),
            "load_s": round(time.perf_counter() - started, 1),
        },
        "workload": {
            "customers": n,
            "teams": TEAMS,
            "staff": len(users),
            "case_workers": len(workers),
            "consultations": n_consultations,
            "no_shows": n_no_shows,
        },
    }


def _first_page(scope: Any) -> list[Any]:
    """The query of ``contact_worklist`` (same filter, order and joins), first :data:`PAGE`
    rows only — what a paged worklist would read."""
    from anliegen.contacts.queries import contact_person_ids, schedules_visible_to, week_start
    from anliegen.core import clock

    end = week_start(clock.today()) + dt.timedelta(weeks=2)
    schedules = schedules_visible_to(scope).filter(due_date__lt=end)
    ids = contact_person_ids(scope)
    if ids is not None:
        schedules = schedules.filter(contact_person_id__in=ids)
    return list(
        schedules.select_related("customer", "contact_person").order_by(
            "due_date", "customer__last_name", "customer_id"
        )[:PAGE]
    )


def measure(built: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from anliegen.contacts.actions import recompute_all
    from anliegen.contacts.dashboard import dashboard_for
    from anliegen.contacts.models import ContactSchedule
    from anliegen.contacts.queries import contact_worklist, contact_worklist_page
    from anliegen.core import clock
    from anliegen.org.scope import scope_for

    org = built["organisation"]
    # how much of the first run goes to the KON-03 review follow-ups (bulk: sync_reviews →
    # work.actions.create_items)
    from anliegen.contacts import actions

    sync_reviews = actions.sync_reviews
    in_reviews = [0.0]

    def timed_sync_reviews(*args: Any, **kwargs: Any) -> int:
        started = time.perf_counter()
        try:
            return sync_reviews(*args, **kwargs)
        finally:
            in_reviews[0] += time.perf_counter() - started

    actions.sync_reviews = timed_sync_reviews  # type: ignore[assignment]
    started = time.perf_counter()
    try:
        first = recompute_all(org)
    finally:
        actions.sync_reviews = sync_reviews
    first_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    second = recompute_all(org)
    second_s = time.perf_counter() - started
    # every stored result differs (as after a rule change): every row is rewritten
    ContactSchedule.objects.filter(organisation=org).update(due_date=dt.date(2000, 1, 1))
    started = time.perf_counter()
    recompute_all(org)
    changed_s = time.perf_counter() - started
    print(
        f"  recompute_all: first {first_s:.1f} s {first.as_dict()} (review follow-ups "
        f"{in_reviews[0]:.1f} s), second {second_s:.1f} s, "
        f"all rows changed {changed_s:.1f} s"
    )

    scopes = {team_id: scope_for(user, org) for team_id, user in built["leads"].items()}
    for scope in list(scopes.values())[:5]:  # warm-up
        contact_worklist(scope)
    worklist: list[float] = []
    sizes: list[int] = []
    for _ in range(TEAM_ROUNDS):
        for scope in scopes.values():
            worklist.append(timed(lambda s=scope: contact_worklist(s)))
    first_page: list[float] = []
    for _ in range(TEAM_ROUNDS):
        for scope in scopes.values():
            first_page.append(timed(lambda s=scope: _first_page(s)))
    # what the paged list (web view, API) reads: counts per section + one page of 50
    paged_first: list[float] = []
    paged_last: list[float] = []
    for _ in range(TEAM_ROUNDS):
        for scope in scopes.values():
            paged_first.append(timed(lambda s=scope: contact_worklist_page(s, page=1)))
            paged_last.append(timed(lambda s=scope: contact_worklist_page(s, page=10_000)))
    for scope in scopes.values():
        result = contact_worklist(scope)
        sizes.append(len(result.overdue) + len(result.this_week) + len(result.next_week))

    gf = scope_for(built["gf"], org)
    dashboard_for(gf)
    org_dashboard = [timed(lambda: dashboard_for(gf)) for _ in range(DASHBOARD_ROUNDS)]
    team_dashboard = [timed(lambda s=scope: dashboard_for(s)) for scope in scopes.values()]
    with CaptureQueriesContext(connection) as captured:
        board = dashboard_for(gf)
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    first_team = built["teams"][0]
    lead_scope = scopes[first_team.id]
    from anliegen.contacts.queries import contact_person_ids, schedules_visible_to

    ids = contact_person_ids(lead_scope)
    plan = (
        schedules_visible_to(lead_scope)
        .filter(contact_person_id__in=ids, due_date__lt=clock.today() + dt.timedelta(days=14))
        .select_related("customer", "contact_person")
        .order_by("due_date", "customer__last_name", "customer_id")
        .explain(**options)
    )
    return {
        "recompute_all_first_s": round(first_s, 2),
        "recompute_all_first": first.as_dict(),
        "recompute_all_first_in_review_follow_ups_s": round(in_reviews[0], 2),
        "recompute_all_second_s": round(second_s, 2),
        "recompute_all_second": second.as_dict(),
        "recompute_all_every_row_changed_s": round(changed_s, 2),
        "schedules": ContactSchedule.objects.filter(organisation=org).count(),
        "team_contact_worklist": summary(worklist),
        "team_contact_worklist_first_page": summary(first_page),
        "team_contact_worklist_paged_first": summary(paged_first),
        "team_contact_worklist_paged_last": summary(paged_last),
        "team_contact_worklist_rows": {
            "min": min(sizes),
            "median": sorted(sizes)[len(sizes) // 2],
            "max": max(sizes),
        },
        "dashboard_organisation": summary(org_dashboard),
        "dashboard_team": summary(team_dashboard),
        "dashboard_organisation_queries": len(captured.captured_queries),
        "dashboard_organisation_total": {
            "customers": board.total.customers,
            "overdue": board.total.overdue,
            "consultations_last_week": board.total.last_week,
            "target": board.total.target,
            "no_show_rate": board.total.no_show_rate,
        },
        "team_worklist_plan": plan,
    }


def run_backend(backend: str, out: Path) -> int:
    n_customers = max(100, round(CUSTOMERS * scale()))
    database = fresh_database(backend, out, "BENCH_POSTGRES_CONTACTS_URL", PG_BENCH_DB)
    if database is None:
        return 0
    tmpdir, name = database
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from anliegen.core import clock

    try:
        call_command("migrate", verbosity=0)
        print(f"  [{backend}] loading {n_customers:,} customers …")
        built = build(n_customers, clock.today())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  [{backend}] loaded in {built['timings']['load_s']} s; measuring …")
        load_before = os.getloadavg()[0]
        result = measure(built)
        result["load_average_while_measuring"] = [
            round(load_before, 2),
            round(os.getloadavg()[0], 2),
        ]
        with connection.cursor() as cursor:
            if backend == "postgresql":
                cursor.execute("SHOW server_version")
            else:
                cursor.execute("SELECT sqlite_version()")
            result["version"] = cursor.fetchone()[0]
        result.update(load_s=built["timings"], workload=built["workload"])
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
    first, second = result["recompute_all_first_s"], result["recompute_all_second_s"]
    changed = result["recompute_all_every_row_changed_s"]
    verdict = "met" if max(first, second, changed) < GOAL_RECOMPUTE_S else "MISSED"
    paged = max(
        result["team_contact_worklist_paged_first"]["p95_ms"],
        result["team_contact_worklist_paged_last"]["p95_ms"],
    )
    paged_verdict = "met" if paged < GOAL_WORKLIST_P95_MS else "MISSED"
    print(
        f"{name} {result['version']}: {w['customers']:,} customers, "
        f"{w['consultations']:,} consultations, {w['no_shows']:,} no-shows"
    )
    print(
        f"  (a) recompute_all first {first} s (of which review follow-ups "
        f"{result['recompute_all_first_in_review_follow_ups_s']} s), second {second} s, "
        f"every row changed {changed} s "
        f"(goal < {GOAL_RECOMPUTE_S:.0f} s: {verdict})"
    )
    for label, key in (
        ("(b) team contact worklist", "team_contact_worklist"),
        ("    … first 50 rows (query)", "team_contact_worklist_first_page"),
        ("(b) paged worklist, page 1", "team_contact_worklist_paged_first"),
        ("    paged worklist, last page", "team_contact_worklist_paged_last"),
        ("(c) dashboard, organisation", "dashboard_organisation"),
        ("    dashboard, team", "dashboard_team"),
    ):
        s = result[key]
        print(
            f"  {label:<30} p50 {s['p50_ms']:>8.2f} ms  p95 {s['p95_ms']:>8.2f} ms  "
            f"p99 {s['p99_ms']:>8.2f} ms  (n={s['n']})"
        )
    print(f"  paged worklist p95 goal < {GOAL_WORKLIST_P95_MS:.0f} ms: {paged_verdict}")
    print(
        f"  worklist rows per team {result['team_contact_worklist_rows']}, dashboard "
        f"{result['dashboard_organisation_queries']} SQL queries"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="run one database only")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    if args.backend:
        return run_backend(args.backend, args.out)

    print(f"Contact-density database benchmark, scale {scale()} (BENCH_SCALE)")
    random.seed(SEED)
    results: dict[str, Any] = {}
    for backend in [args.only] if args.only else ["sqlite", "postgresql"]:
        out = RESULTS.parent / f"contacts_db-{backend}.tmp"
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
        "benchmark": "contacts_db",
        "requirement": "NFR-02, KON-02, KON-04, KON-08",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scale": scale(),
        "machine": machine(),
        "goal": {
            "recompute_all_s": GOAL_RECOMPUTE_S,
            "team_contact_worklist_p95_ms": GOAL_WORKLIST_P95_MS,
        },
        "method": {
            "team_rounds": TEAM_ROUNDS,
            "dashboard_rounds": DASHBOARD_ROUNDS,
            "seed": SEED,
            "note": "scopes built beforehand; each sample is one call that evaluates its "
            "queries, after a warm-up",
        },
        "backends": results,
    }
    print()
    for backend, result in results.items():
        report(backend, result)
    RESULTS.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
