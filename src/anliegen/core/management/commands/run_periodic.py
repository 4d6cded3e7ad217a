"""``manage.py run_periodic``: run the periodic jobs that are due (call it every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anliegen.core import periodic


class Command(BaseCommand):
    help = "Runs the periodic jobs that are due. Safe to call from several servers at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--job", help="Run only this job.")
        parser.add_argument("--force", action="store_true", help="Ignore the minimum interval.")
        parser.add_argument("--list", action="store_true", help="List the registered jobs.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in periodic.jobs():
                self.stdout.write(f"{job.name}\tevery {job.every}\t{job.description}")
            return
        results = periodic.run_due_jobs(only=options["job"], force=options["force"])
        for name, result in results.items():
            self.stdout.write(f"{name}: {result}")
        if not results:
            self.stdout.write("no job due")
