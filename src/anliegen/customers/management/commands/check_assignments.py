"""``manage.py check_assignments``: contact persons and deputies without a casework role
(issue 9, defect 2; § 35 SGB I). Lists them and exits with status 1 if there are any."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from anliegen.customers.assignments import bad_assignments


class Command(BaseCommand):
    help = (
        "Prüft, ob Ansprechpersonen von Kundinnen und Kunden, Abwesenheitsvertretungen (noch "
        "nicht beendeter Abwesenheiten) und ständige Vertretungen aktives Personal mit einer "
        "Rolle in der Fallbearbeitung derselben Organisation sind — keine Träger, keine reinen "
        "Administrationskonten (§ 35 SGB I). Gibt jede Abweichung aus; Exit-Status 1, wenn es "
        "welche gibt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        found = bad_assignments()
        for problem in found:
            self.stdout.write(problem.describe())
        if found:
            raise CommandError(
                f"{len(found)} Zuordnung(en) an Personen ohne Rolle in der Fallbearbeitung."
            )
        self.stdout.write(
            self.style.SUCCESS("Alle Ansprechpersonen und Vertretungen sind zulässig.")
        )
