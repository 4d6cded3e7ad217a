"""Benchmark of the service centre's KPI page (SOC-08, issue 12): one year of a region with
5 million recorded calls on PostgreSQL. Goal: page p95 < 1 s.

Run: ``.venv/bin/python bench/bench_soc_kpis.py`` (PostgreSQL only; ``SOC_KPIS_BENCH_DATABASE_URL``,
default ``postgres://postgres@127.0.0.1:5432/anliegen_kpis_bench``, dropped and created, dropped
again at the end unless ``--keep``). ``BENCH_SOC_CALLS`` sets the number of calls (default
5,000,000), ``BENCH_SOC_KPI_CUSTOMERS`` the customers (default 500,000), ``BENCH_SOC_KPI_N`` the
requests per measured page (default 30). ``--keep`` keeps the loaded database, ``--reuse``
measures again on a kept one without loading.

1. The region of ``bench_servicecenter.build`` (2 centres, 20 teams, 500 agents, 40 % qualified)
   with the calls of the last 365 days generated in the database (60 % Alg, 90 % flagged
   resolved, 80 % with a customer number), plus what the verified FCR looks at: 100,000 tickets,
   100,000 processing orders (about half completed, some late) and 30,000 callbacks (with
   outcomes) of random customers over the year, two OS teams with 10 service places; ANALYZE.
2. **Cold:** the weekly aggregate built from nothing, week by week (what the first page load of
   a year, or the periodic job, does): seconds per week and in total.
3. **Warm:** the page (Django test client in-process: middleware, view, template, charts) for
   the whole year and the default 12 weeks at region level, a centre, a team and an agent; the
   API ``soc-kpis`` for the year; the XLSX export of the year. p50/p95/max and SQL per request.
4. **After a live call:** one call recorded through ``calls.record_call`` into the running week
   marks it; the page stays as fast (no recomputation on read) and the periodic job's run
   (running and previous week) is timed.

Results go to ``bench/results/soc_kpis.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "src"))

import bench_servicecenter  # noqa: E402
from bench_worklist import drop_database, fresh_database, insert, machine, summary  # noqa: E402

RESULTS = BENCH / "results" / "soc_kpis.json"
SEED = 2026
TICKETS = 100_000
ORDERS = 100_000
CALLBACKS = 30_000
GOAL_P95_MS = 1000.0


def n_requests() -> int:
    return int(os.environ.get("BENCH_SOC_KPI_N", "30"))


def _moments(rng: random.Random, n: int, today: dt.date) -> list[dt.datetime]:
    from anliegen.core.clock import BERLIN

    return [
        dt.datetime.combine(
            today - dt.timedelta(days=rng.randrange(365)),
            dt.time(8 + rng.randrange(10), rng.randrange(60)),
            tzinfo=BERLIN,
        )
        for _ in range(n)
    ]


def channels(org: Any, today: dt.date) -> dict[str, int]:
    """Tickets, processing orders and callbacks of random customers over the year."""
    from anliegen.customers.models import Customer
    from anliegen.org.models import Area, Site, Team
    from anliegen.servicecenter.callbacks.models import Callback, PlaceWindow, ServicePlace
    from anliegen.servicecenter.models import OperativeService, ProcessingOrder
    from anliegen.work.models import WorkItem

    rng = random.Random(SEED)
    customers = list(Customer.objects.filter(organisation=org).values_list("id", flat=True))
    teams = []
    for name, state in (("OS Potsdam", "BB"), ("OS Magdeburg", "ST")):
        site = Site.objects.create(organisation=org, name=name, state=state)
        area = Area.objects.create(organisation=org, site=site, kind="operative_service", name=name)
        team = Team.objects.create(organisation=org, area=area, name=f"{name} – Alg Plus")
        OperativeService.objects.create(organisation=org, area=area, inbox_team=team)
        teams.append(team)
    places = []
    for team in teams:
        for n in range(5):
            place = ServicePlace.objects.create(
                organisation=org,
                team=team,
                name=f"Platz {n + 1}",
                valid_from=today - dt.timedelta(days=400),
            )
            PlaceWindow.objects.bulk_create(
                PlaceWindow(place=place, weekday=d, start=dt.time(8), end=dt.time(12))
                for d in range(5)
            )
            places.append(place)
    now = dt.datetime.now(dt.UTC)

    def items(kind: str, moments: list[dt.datetime], **extra: list[Any]) -> list[int]:
        n = len(moments)
        first = (WorkItem.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        insert(
            WorkItem,
            {
                "organisation_id": [org.id] * n,
                "kind": [kind] * n,
                "title": [kind] * n,
                "customer_id": [rng.choice(customers) for _ in range(n)],
                "received_at": moments,
                "start_date": [m.date() for m in moments],
                "created_at": [now] * n,
                "updated_at": [now] * n,
                **extra,
            },
        )
        return list(
            WorkItem.objects.filter(kind=kind, id__gte=first)
            .order_by("id")
            .values_list("id", "customer_id")
        )

    items("ticket", _moments(rng, TICKETS, today))
    moments = _moments(rng, ORDERS, today)
    due = [m.date() + dt.timedelta(days=7) for m in moments]
    done = [rng.random() < 0.5 for _ in moments]
    completed = [
        m + dt.timedelta(days=rng.randrange(10)) if d else None
        for m, d in zip(moments, done, strict=True)
    ]
    order_items = items(
        "processing_order",
        moments,
        team_id=[teams[i % 2].id for i in range(ORDERS)],
        due_date=due,
        status=["done" if d else "open" for d in done],
        completed_at=completed,
    )
    insert(
        ProcessingOrder,
        {
            "item_id": [i for i, _c in order_items],
            "organisation_id": [org.id] * ORDERS,
            "team_id": [teams[i % 2].id for i in range(ORDERS)],
            "customer_id": [c for _i, c in order_items],
            "concern": ["Bitte prüfen."] * ORDERS,
        },
    )
    moments = _moments(rng, CALLBACKS, today)
    callback_items = items("callback", moments, status=["done"] * CALLBACKS)
    starts = [m + dt.timedelta(days=2) for m in moments]
    insert(
        Callback,
        {
            "item_id": [i for i, _c in callback_items],
            "organisation_id": [org.id] * CALLBACKS,
            "team_id": [places[i % len(places)].team_id for i in range(CALLBACKS)],
            "place_id": [places[i % len(places)].id for i in range(CALLBACKS)],
            "customer_id": [c for _i, c in callback_items],
            "purpose": [rng.choice(["benefits_consultation", "other"]) for _ in moments],
            "starts_at": starts,
            "ends_at": [s + dt.timedelta(minutes=30) for s in starts],
            "status": ["done"] * CALLBACKS,
            "outcome": [
                rng.choice(["reached_first", "reached_first", "reached_later", "not_reached"])
                for _ in moments
            ],
            "phone": ["0331 1"] * CALLBACKS,
            "source": ["agent"] * CALLBACKS,
            "created_at": moments,
        },
    )
    return {"tickets": TICKETS, "orders": ORDERS, "callbacks": CALLBACKS, "places": len(places)}


def timed_pages(client: Any, url: str, params: dict[str, Any], n: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url, params)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} {params}: {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return {**summary(samples), "queries": len(queries), "bytes": len(response.content)}


def measure(built: dict[str, Any], today: dt.date) -> dict[str, Any]:
    from django.test import Client

    from anliegen.api.models import ApiToken
    from anliegen.core import clock
    from anliegen.org.models import Membership, Team, User
    from anliegen.org.roles import Role
    from anliegen.org.scope import scope_for
    from anliegen.servicecenter import calls
    from anliegen.servicecenter.kpis import actions as kpi_actions
    from anliegen.servicecenter.kpis import computation as kpi_period
    from anliegen.servicecenter.kpis import report as kpi_report
    from anliegen.servicecenter.models import KpiWeek

    org = built["org"]
    gf = User.objects.create(username="gf-bench")
    Membership.objects.create(user=gf, organisation=org, role=Role.MANAGEMENT)
    year = kpi_period.parse_period(today - dt.timedelta(days=364), today)
    # Cold: every week of the year computed from the call records.
    per_week = []
    started = time.perf_counter()
    for week in year.weeks:
        t0 = time.perf_counter()
        kpi_actions.refresh_week(org, week)
        per_week.append(time.perf_counter() - t0)
    cold_total = time.perf_counter() - started
    cold = {
        "weeks": len(year.weeks),
        "total_s": round(cold_total, 1),
        "per_week_ms": summary(per_week),
        "aggregate_rows": KpiWeek.objects.filter(organisation=org).count(),
    }
    print(f"  cold: {cold}", flush=True)
    n = n_requests()
    client = Client()
    client.force_login(gf)
    page = f"/o/{org.slug}/servicecenter/kennzahlen/"
    whole = {"from": year.start.isoformat(), "to": year.end.isoformat()}
    centre = kpi_report.structure(scope_for(gf, org)).centres
    centre_id = next(iter(centre))
    team = Team.objects.filter(organisation=org, area_id=centre_id).order_by("id").first()
    assert team is not None
    agent = Membership.objects.filter(team=team, role=Role.PHONE_AGENT).first()
    assert agent is not None
    warm: dict[str, Any] = {}
    for name, params in (
        ("region_year", whole),
        ("region_12_weeks", {}),
        ("centre_year", {**whole, "level": "centre", "id": centre_id}),
        ("team_year", {**whole, "level": "team", "id": team.id}),
        ("agent_year", {**whole, "level": "agent", "id": agent.user_id}),
    ):
        warm[name] = timed_pages(client, page, params, n)
        print(f"  {name}: {warm[name]}", flush=True)
    _token, secret = ApiToken.issue(gf)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    warm["api_year"] = timed_pages(api, f"/api/v1/orgs/{org.slug}/soc-kpis", whole, n)
    warm["xlsx_year"] = timed_pages(client, page, {**whole, "export": "xlsx"}, max(5, n // 3))
    print(f"  api/xlsx: {warm['api_year']} {warm['xlsx_year']}", flush=True)
    # A live call into the running week: marked, not recomputed on read.
    lead = built["lead"]
    started_at = clock.now() - dt.timedelta(minutes=10)
    calls.record_call(
        actor=lead,
        scope=scope_for(lead, org),
        data=calls.CallData(
            call_id="kpi-live-1",
            agent=built["agents"][0],
            topic="alg",
            started_at=started_at,
            ended_at=started_at + dt.timedelta(minutes=5),
            resolved=True,
            escalation="none",
        ),
    )
    after = timed_pages(client, page, {}, n)
    t0 = time.perf_counter()
    job = kpi_actions.kpi_weeks_job()
    job_s = time.perf_counter() - t0
    verdict = max(v["p95_ms"] for k, v in warm.items() if k != "xlsx_year")
    return {
        "cold": cold,
        "warm": warm,
        "after_live_call_12_weeks": after,
        "periodic_job": {"result": job, "seconds": round(job_s, 2)},
        "goal_p95_ms": GOAL_P95_MS,
        "worst_page_p95_ms": verdict,
        "goal_met": verdict < GOAL_P95_MS,
    }


def reused(today: dt.date) -> dict[str, Any]:
    """``--reuse``: the region a kept run (``--keep``) loaded, without loading again."""
    from anliegen.org.models import Membership, Organisation, User
    from anliegen.servicecenter.models import CallRecord

    org = Organisation.objects.get(slug="sc-bench")
    agents = list(
        Membership.objects.filter(organisation=org, role="phone_agent")
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )
    User.objects.filter(username="gf-bench").delete()
    return {
        "org": org,
        "lead": User.objects.get(username="tl-bench"),
        "agents": agents,
        "load_s": None,
        "workload": {"calls": CallRecord.objects.filter(organisation=org).count(), "reused": True},
    }


def main() -> int:
    out = RESULTS
    reuse = "--reuse" in sys.argv
    if reuse:
        url = os.environ.get(
            "SOC_KPIS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anliegen_kpis_bench"
        )
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anliegen.settings")
        tmpdir, name = "", ""
    else:
        database = fresh_database(
            "postgresql", out, "SOC_KPIS_BENCH_DATABASE_URL", "anliegen_kpis_bench"
        )
        if database is None:
            return 0
        tmpdir, name = database
    os.environ.setdefault("BENCH_SOC_CALLS", "5000000")
    bench_servicecenter.CUSTOMERS = int(os.environ.get("BENCH_SOC_KPI_CUSTOMERS", "500000"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from anliegen.core import clock

    try:
        today = clock.today()
        extra: dict[str, Any] = {}
        extra_s = 0.0
        if reuse:
            built = reused(today)
        else:
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            print(f"  migrated in {time.perf_counter() - started:.1f} s; loading …", flush=True)
            built = bench_servicecenter.build("postgresql", today)
            started = time.perf_counter()
            extra = channels(built["org"], today)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            extra_s = time.perf_counter() - started
            print(f"  loaded calls in {built['load_s']} s, channels in {extra_s:.1f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        load_before = os.getloadavg()[0]
        result = measure(built, today)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        result.update(
            workload={**built["workload"], **extra},
            load_s=built["load_s"],
            channels_load_s=round(extra_s, 1),
            database_size=size,
            postgresql=version,
            load_average_while_measuring=[round(load_before, 2), round(os.getloadavg()[0], 2)],
            machine=machine(),
            measured_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=str))
        print(json.dumps(result, indent=2, default=str), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        if not reuse:
            drop_database(tmpdir, name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
