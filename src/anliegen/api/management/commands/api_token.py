"""``manage.py api_token USERNAME``: create an API token and print it as the last line."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from anliegen.api.models import ApiToken


class Command(BaseCommand):
    help = "Creates an API token for a user and prints it as the last line of stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--label", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"Unknown user: {options['username']}") from None
        _token, secret = ApiToken.issue(user, label=options["label"])
        self.stdout.write(secret)
