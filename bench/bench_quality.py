"""Benchmark of the quality standards (QS-01…08, QS-04): the overview page for an organisation
of 50 sites and the results of a survey wave with 100,000 answers.

Run (PostgreSQL, the goal's database)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anliegen_quality \\
        .venv/bin/python bench/bench_quality.py

or without ``DATABASE_URL`` on SQLite (a temporary file). The script migrates the database,
builds everything inside one transaction that it rolls back at the end (the database is left as
it was), runs ``ANALYZE`` (PostgreSQL), and measures with Django's test client, logged in as the
GF, ``ROUNDS`` requests of

- ``GET /o/<org>/qualitaet/`` — 50 sites (25 tandem pairs), 3 opening intervals each, a
  deviation per tenth site, 10 teams per … site, multiplier teams, hour bookings, urgent visits;
- ``GET /api/v1/orgs/<org>/surveys/<id>/results`` — one closed wave of 20,000 participants
  × 5 questions = 100,000 answers;
- ``GET /o/<org>/qualitaet/befragungen/<id>/`` — the same results as a page, over 5 waves.

Results: ``bench/results/quality-<backend>.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anliegen.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

SITES = 50
PARTICIPANTS = 20_000
QUESTIONS = 5
WAVES = 5
ROUNDS = 40
GOAL_P95_MS = 300.0


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    call_command("migrate", verbosity=0)
    backend = connection.vendor
    with transaction.atomic():
        data = build()
        if backend == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(data["gf"])
        token = data["token"]
        slug = data["slug"]
        survey = data["survey"]
        timings = {
            "overview_page": measure(lambda: client.get(f"/o/{slug}/qualitaet/")),
            "survey_results_api": measure(
                lambda: client.get(
                    f"/api/v1/orgs/{slug}/surveys/{survey}/results",
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                )
            ),
            "survey_results_page": measure(
                lambda: client.get(f"/o/{slug}/qualitaet/befragungen/{survey}/")
            ),
        }
        transaction.set_rollback(True)
    result = {
        "backend": backend,
        "machine": platform.platform(),
        "python": platform.python_version(),
        "sites": SITES,
        "answers_per_wave": PARTICIPANTS * QUESTIONS,
        "waves": WAVES,
        "rounds": ROUNDS,
        "goal_p95_ms": GOAL_P95_MS,
        "timings_ms": timings,
    }
    out = ROOT / "bench" / "results" / f"quality-{backend}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def measure(call) -> dict[str, float]:  # type: ignore[no-untyped-def]
    response = call()
    assert response.status_code == 200, response.status_code
    samples = []
    for _n in range(ROUNDS):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    samples.sort()
    return {
        "p50": round(statistics.median(samples), 1),
        "p95": round(samples[int(len(samples) * 0.95) - 1], 1),
        "max": round(samples[-1], 1),
    }


def build() -> dict[str, object]:
    from anliegen.api.models import ApiToken
    from anliegen.appointments.models import OpeningHours
    from anliegen.core import clock
    from anliegen.org.models import Area, Membership, Organisation, Site, Team, User
    from anliegen.org.roles import Role
    from anliegen.quality.models import (
        Deviation,
        HourBooking,
        MultiplierMember,
        MultiplierTeam,
        Survey,
        SurveyAnswer,
        SurveyQuestion,
    )
    from anliegen.rules.actions import install_presets

    rng = random.Random(2026)
    org = Organisation.objects.create(slug="bench-qs", name="Bench QS", kind="jobcenter")
    install_presets(organisation=org, valid_from=dt.date(2000, 1, 1))
    gf = User.objects.create_user(username="bench-qs-gf", password="x")
    Membership.objects.create(user=gf, organisation=org, role=Role.MANAGEMENT)
    sites = []
    for n in range(SITES):
        main = sites[n - 1] if n % 2 == 1 else None
        sites.append(
            Site.objects.create(
                organisation=org,
                name=f"Standort {n:02d}",
                state="NW",
                tandem_main=main,
                is_main=n == 0,
            )
        )
    hours = []
    for site in sites:
        for day in range(5):
            if site.tandem_main_id and day in (1, 3):
                continue
            hours.append(
                OpeningHours(site=site, weekday=day, opens=dt.time(8), closes=dt.time(12, 30))
            )
        if rng.random() < 0.7:
            hours.append(OpeningHours(site=site, weekday=3, opens=dt.time(14), closes=dt.time(18)))
    OpeningHours.objects.bulk_create(hours)
    officers = []
    for site in sites:
        area = Area.objects.create(
            organisation=org, site=site, kind="integration", name=f"Bereich {site.name}"
        )
        team = Team.objects.create(organisation=org, area=area, name=f"Team {site.name}")
        for k in range(3):
            user = User.objects.create_user(username=f"bench-qs-av-{site.pk}-{k}", password="x")
            Membership.objects.create(
                user=user, organisation=org, team=team, role=Role.PLACEMENT_OFFICER
            )
            officers.append(user)
    today = clock.today()
    HourBooking.objects.bulk_create(
        HourBooking(
            organisation=org,
            user=u,
            week=today - dt.timedelta(days=today.weekday(), weeks=w),
            employer_hours=18,
            other_hours=21,
        )
        for u in officers
        for w in range(1, 5)
    )
    for site in sites[::10]:
        Deviation.objects.create(
            organisation=org,
            site=site,
            rule="afternoon",
            reason="Bench",
            valid_from=dt.date(2020, 1, 1),
            status="agreed",
            proposed_by=gf,
            proposed_at=clock.now(),
        )
    for t in range(3):
        team = MultiplierTeam.objects.create(organisation=org, name=f"MT {t}")
        MultiplierMember.objects.bulk_create(
            MultiplierMember(team=team, site=s, user=officers[i * 3])
            for i, s in enumerate(sites)
            if i % 7
        )
    survey_id = 0
    for wave in range(1, WAVES + 1):
        survey = Survey.objects.create(
            organisation=org,
            title="Kundenzufriedenheit",
            audience="customers",
            wave=wave,
            status="closed",
            opened_on=today,
            closed_on=today,
            created_by=gf,
            responses=PARTICIPANTS if wave == WAVES else 50,
        )
        questions = SurveyQuestion.objects.bulk_create(
            SurveyQuestion(survey=survey, position=q, text=f"Frage {q}")
            for q in range(1, QUESTIONS + 1)
        )
        count = PARTICIPANTS if wave == WAVES else 50
        SurveyAnswer.objects.bulk_create(
            (
                SurveyAnswer(
                    survey=survey, question=q, value=rng.choices(range(1, 6), (1, 2, 5, 9, 8))[0]
                )
                for _p in range(count)
                for q in questions
            ),
            batch_size=5000,
        )
        survey_id = survey.pk
    _token, secret = ApiToken.issue(gf)
    return {"gf": gf, "slug": org.slug, "survey": survey_id, "token": secret}


if __name__ == "__main__":
    main()
