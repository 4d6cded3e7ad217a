"""Prepare a soak run: API tokens for the demo's roles and what the load needs to know.

Run by ``run.sh`` after ``load_demo`` with ``DJANGO_SETTINGS_MODULE=soak_settings``. Writes
``$SOAK_OUT/context.json``: the organisation, a token per role, the organisation's customer
numbers, the teams a reaction can go to, and — when the service centre's callback booking is
installed — the OS teams that publish service places.
"""

from __future__ import annotations

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
    print(f"context: {len(customers)} customers, teams {teams}, callbacks {context['callbacks']}")


def callback_context() -> dict[str, object] | None:
    """The service centre's OS teams with service places, if callbacks can be booked yet."""
    from anliegen.api_urls import api

    paths = api.get_openapi_schema()["paths"]
    if not any(p.endswith("/callbacks") for p in paths):
        return None
    from anliegen.customers.models import Customer
    from anliegen.servicecenter.callback_models import ServicePlace

    places = ServicePlace.objects.select_related("organisation").order_by("id")
    teams = sorted({(p.organisation.slug, p.team_id) for p in places})
    if not teams:
        return None
    by_org: dict[str, list[int]] = {}
    for slug, team in teams:
        by_org.setdefault(slug, []).append(team)
    slug = sorted(by_org)[0]
    customers = list(
        Customer.objects.order_by("customer_number").values_list("customer_number", flat=True)
    )
    return {"org": slug, "teams": by_org[slug], "customers": customers}


if __name__ == "__main__":
    sys.exit(main())
