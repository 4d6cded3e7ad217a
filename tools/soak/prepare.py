"""Prepare a soak run: API tokens for the demo's roles and what the load needs to know.

Run by ``run.sh`` after ``load_demo`` with ``DJANGO_SETTINGS_MODULE=soak_settings``. Writes
``$SOAK_OUT/context.json``: the organisation, a token per role, the organisation's customer
numbers, the teams a reaction can go to, and — when the service centre's callback booking is
installed — the OS teams that publish service places.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
from pathlib import Path

import django

ROLES = {
    # role in the soak: demo login
    "phone_agent": "tsb.sc-ost",
    "team_lead": "tl.lichtenberg",
    "case_worker": "fass.lichtenberg",
    "placement": "av.lichtenberg",
    "os_staff": "os.sc-ost",
}


def main() -> None:
    django.setup()
    from django.core.management import call_command

    from anliegen.customers.models import Customer
    from anliegen.org.models import Team

    org = os.environ.get("SOAK_ORG", "jc-berlin-lichtenberg")
    tokens = {}
    for role, username in ROLES.items():
        out = io.StringIO()
        call_command("api_token", username, "--label", "soak", stdout=out)
        tokens[role] = out.getvalue().strip().splitlines()[-1]
    customers = list(
        Customer.objects.filter(organisation__slug=org)
        .order_by("customer_number")
        .values_list("customer_number", flat=True)
    )
    teams = list(
        Team.objects.filter(organisation__slug=org, area__kind="benefits")
        .order_by("id")
        .values_list("id", flat=True)
    )
    context = {
        "org": org,
        "tokens": tokens,
        "users": ROLES,
        "customers": customers,
        "reaction_teams": teams,
        "callbacks": callback_context(),
    }
    path = Path(os.environ.get("SOAK_OUT", "var/soak")) / "context.json"
    path.write_text(json.dumps(context, indent=1), encoding="utf-8")
    callbacks = context["callbacks"]
    print(
        f"context: {org}, {len(customers)} customers, reaction teams {teams}; callbacks: "
        + (f"{callbacks['org']} teams {callbacks['teams']}" if callbacks else "not available")
    )


def callback_context() -> dict[str, object] | None:
    """Once callbacks can be booked (SOC-05): the region's first two OS teams publish three
    service places each (Monday to Friday 08:00–16:00) unless they have places already, and the
    region gets SOAK_CALLBACK_CUSTOMERS customers (one open callback per customer and purpose
    is the rule, so the load needs many)."""
    from anliegen.api_urls import api

    paths = api.get_openapi_schema()["paths"]
    if not any(p.endswith("/callbacks") for p in paths):
        return None
    from anliegen.core import clock
    from anliegen.customers.models import Customer
    from anliegen.org.models import Organisation
    from anliegen.servicecenter import queries
    from anliegen.servicecenter.callbacks import places as callback_places
    from anliegen.servicecenter.callbacks.models import ServicePlace

    region = Organisation.objects.get(slug=os.environ.get("SOAK_REGION", "sc-region-ost"))
    teams = list(queries.os_teams(region)[:2])
    windows = [
        callback_places.WindowSpec(weekday=day, start=dt.time(8), end=dt.time(16))
        for day in range(5)
    ]
    for team in teams:
        if ServicePlace.objects.filter(team=team).exists():
            continue
        for n in range(3):
            place = callback_places.create_place(
                scope=None, team=team, name=f"Soak-Platz {n + 1}", valid_from=clock.today()
            )
            callback_places.set_windows(place, windows, scope=None)
    wanted = int(os.environ.get("SOAK_CALLBACK_CUSTOMERS", "600"))
    have = set(
        Customer.objects.filter(
            organisation=region, customer_number__startswith="SOAK"
        ).values_list("customer_number", flat=True)
    )
    Customer.objects.bulk_create(
        Customer(
            organisation=region,
            customer_number=number,
            first_name="Soak",
            last_name=f"Kunde {n:05d}",
            birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=n),
            phone="030 1234567",
        )
        for n in range(wanted)
        if (number := f"SOAK{n:05d}") not in have
    )
    return {
        "org": region.slug,
        "teams": [team.id for team in teams],
        "customers": [f"SOAK{n:05d}" for n in range(wanted)],
    }


if __name__ == "__main__":
    sys.exit(main())
