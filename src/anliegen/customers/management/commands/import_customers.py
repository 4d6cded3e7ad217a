"""``manage.py import_customers ORG_SLUG FILE.csv``: CSV import of customers (FND-12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from anliegen.customers import importing
from anliegen.org.importing import ImportFailed, importing_scope


class Command(BaseCommand):
    help = (
        "Importiert Kundinnen und Kunden aus einer CSV-Datei (UTF-8, Semikolon oder Komma, "
        "Kopfzeile mit Spaltennamen). Ist eine Zeile fehlerhaft, wird nichts importiert. "
        "Spalten: Kundennummer (Pflicht), Art (person/employer), Vorname, Nachname, Firma, "
        "Geburtsdatum (TT.MM.JJJJ), Status, Profillage, Betreuungsgruppe, Profillage seit, "
        "Umschüler (ja/nein), Maßnahme bis, Elternzeit bis, Ansprechpartner (Benutzername), "
        "E-Mail, Telefon, Straße, PLZ, Ort; die englischen Namen (customer_number, first_name …) "
        "gehen ebenso. Einzelheiten: anliegen/customers/importing.py."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Kürzel (slug) der Organisation")
        parser.add_argument("file", type=Path, help="CSV-Datei")
        parser.add_argument(
            "--as",
            dest="username",
            default=None,
            help="Benutzername, in dessen Namen importiert wird (Standard: der erste Superuser)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("de"):
            try:
                scope = importing_scope(options["organisation"], options["username"])
                created = importing.import_customers(
                    actor=scope.user, scope=scope, source=options["file"]
                )
            except ImportFailed as exc:
                for message in exc.errors:
                    self.stderr.write(message)
                raise CommandError(
                    f"Nichts importiert: {len(exc.errors)} Fehler in {options['file']}."
                ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(created)} Kundinnen und Kunden in {scope.organisation.name} importiert."
            )
        )
