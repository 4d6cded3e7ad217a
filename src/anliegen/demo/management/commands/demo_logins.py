"""``manage.py demo_logins``: the demo logins as a German table (FND-13)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from anliegen.demo import data
from anliegen.demo.management.commands.load_demo import demo_password
from anliegen.org.models import Membership, User
from anliegen.org.roles import Role

HEADER = ("Benutzername", "Passwort", "Rolle", "Organisation", "Team")


def _row(user: User, password: str, role: str | None) -> tuple[str, ...]:
    memberships = Membership.objects.filter(user=user).select_related(
        "organisation", "team", "area"
    )
    membership = next((m for m in memberships if role is None or m.role == role), None)
    if membership is None:
        return (user.username, password, "Superuser" if user.is_superuser else "–", "alle", "–")
    unit = membership.team or membership.area
    return (
        user.username,
        password,
        str(Role(membership.role).label),
        membership.organisation.name,
        unit.name if unit else "–",
    )


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


class Command(BaseCommand):
    help = "Zeigt die Demo-Logins: ein Login je Rolle (zuerst die Teamleitung in Lichtenberg)."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("de"):
            self._handle()

    def _handle(self) -> None:
        password = demo_password()
        users = {u.username: u for u in User.objects.filter(username__in=self._usernames())}
        if data.KEY_LOGIN not in users:
            self.stdout.write(
                "Die Demo ist nicht geladen. Bitte zuerst „manage.py load_demo“ ausführen."
            )
            return
        rows: list[tuple[str, ...]] = [HEADER]
        for role, username in data.ROLE_LOGINS:
            if username in users:
                rows.append(_row(users[username], password, role))
        if data.SUPERUSER in users:
            admin = users[data.SUPERUSER]
            # An "admin" that existed before the demo keeps its own password.
            shown = password if admin.check_password(password) else "(eigenes)"
            rows.append(_row(admin, shown, None))
        self.stdout.write("Demo-Logins (ein Login je Rolle; alle mit demselben Passwort):")
        self.stdout.write("")
        for line in _table(rows):
            self.stdout.write(line)
        more: list[tuple[str, ...]] = [HEADER]
        for username in data.MORE_LOGINS:
            if username in users:
                rows_for = _row(users[username], password, None)
                more.append(rows_for)
        if len(more) > 1:
            self.stdout.write("")
            self.stdout.write("Weitere Logins in den anderen Organisationen:")
            self.stdout.write("")
            for line in _table(more):
                self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            "Schlüssel-Login zum Ausprobieren: "
            f"{data.KEY_LOGIN} (Postkorb mit grünen, gelben und roten Vorgängen)."
        )

    @staticmethod
    def _usernames() -> list[str]:
        return [u for _, u in data.ROLE_LOGINS] + list(data.MORE_LOGINS) + [data.SUPERUSER]
