"""``manage.py load_demo``: the demo installation (FND-13). Running it again changes nothing."""

from __future__ import annotations

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from anliegen.demo import data
from anliegen.demo.loader import DemoLoader
from anliegen.org.models import Organisation, User

PASSWORD_ENV = "ANLIEGEN_DEMO_PASSWORD"
DEFAULT_PASSWORD = "demo"
SMALL_CUSTOMERS = 25


def demo_password() -> str:
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


class Command(BaseCommand):
    help = (
        "Lädt die Demo: die fünf Organisationen der Vorlagen mit Standorten, Teams, "
        "Beschäftigten (ein Login je Rolle, dazu der Superuser „admin“), Kundinnen und Kunden, "
        "Historie und offenen Vorgängen. Alle Demo-Logins haben das Passwort aus "
        f"{PASSWORD_ENV} (Standard „{DEFAULT_PASSWORD}“). Ein zweiter Aufruf ändert nichts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--customers-per-org",
            type=int,
            default=None,
            metavar="N",
            help="Anzahl Kundinnen und Kunden je Organisation (Standard: wie in den Vorlagen, "
            "zusammen gut 3.000).",
        )
        parser.add_argument(
            "--small",
            action="store_true",
            help=f"Kleine Demo für Tests: {SMALL_CUSTOMERS} Kundinnen und Kunden je Organisation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("de"):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        per_org = options["customers_per_org"]
        if options["small"]:
            per_org = SMALL_CUSTOMERS
        if per_org is not None and per_org < 0:
            raise CommandError("--customers-per-org darf nicht negativ sein.")
        loaded = Organisation.objects.filter(slug__in=data.DEMO_SLUGS).count()
        if loaded == len(data.DEMO_SLUGS) and User.objects.filter(username=data.SUPERUSER).exists():
            self.stdout.write("Die Demo ist bereits geladen; es wurde nichts geändert.")
            return
        started = time.monotonic()
        loader = DemoLoader(
            password=demo_password(), customers_per_org=per_org, log=self.stdout.write
        )
        try:
            loader.load()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo geladen in {time.monotonic() - started:.1f} s. "
                "Die Logins zeigt „manage.py demo_logins“."
            )
        )
