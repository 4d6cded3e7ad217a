"""``manage.py import_staff ORG_SLUG FILE.csv``: CSV import of staff (FND-02, FND-12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from anliegen.org.importing import ImportFailed, import_staff, importing_scope


class Command(BaseCommand):
    help = (
        "Importiert Beschäftigte aus einer CSV-Datei (UTF-8, Semikolon oder Komma, Kopfzeile). "
        "Ist eine Zeile fehlerhaft, wird nichts importiert. Spalten: Benutzername, Vorname, "
        "Nachname, Rolle (Pflicht; Code oder Kürzel wie TL, stv. TL, FAss, AV, FM, IFK, TSB, FiT, "
        "OS, GF, BL, GF-Büro, Träger, Admin), Team, Bereich, E-Mail, Stellenanteil (0,5), "
        "Qualifikationen (z. B. soc_l), Vertretung (Benutzername). Die englischen Namen "
        "(username, first_name …) gehen ebenso. Einzelheiten: anliegen/org/importing.py."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Kürzel (slug) der Organisation")
        parser.add_argument("file", type=Path, help="CSV-Datei")
        parser.add_argument(
            "--as",
            dest="username",
            default=None,
            help="Benutzername (Administration), in dessen Namen importiert wird "
            "(Standard: der erste Superuser)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("de"):
            try:
                scope = importing_scope(options["organisation"], options["username"])
                created = import_staff(actor=scope.user, scope=scope, source=options["file"])
            except ImportFailed as exc:
                for message in exc.errors:
                    self.stderr.write(message)
                raise CommandError(
                    f"Nichts importiert: {len(exc.errors)} Fehler in {options['file']}."
                ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(created)} Beschäftigte in {scope.organisation.name} importiert."
            )
        )
