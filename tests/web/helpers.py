"""Helpers for the web UI tests: items with a given traffic light, HTML checks, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import openpyxl

from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.models import Team, User
from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.models import WorkItem
from tests.factories import OrgWorld

# Received so many days ago and due in so many days: green, amber (80 % used), red (overdue).
LIGHTS = {"green": (0, 10), "amber": (8, 2), "red": (10, -1)}


def make_item(
    world: OrgWorld,
    *,
    assignee: User | None,
    light: str = "green",
    title: str | None = None,
    kind: str = "ticket",
    customer: Customer | None = None,
    team: Team | None = None,
    priority: int = 5,
    note: str = "",
) -> WorkItem:
    ago, due_in = LIGHTS[light]
    today = clock.today()
    received = clock.now() - dt.timedelta(days=ago)
    return create_item(
        actor=None,
        organisation=world.org,
        kind=kind,
        title=title or f"Anliegen {light}",
        received_at=received,
        customer=customer,
        team=team or world.team,
        assignee=assignee,
        priority=priority,
        deadlines=[DeadlineSpec("main", today + dt.timedelta(days=due_in))],
        note=note,
    )


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def heading(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html(response), re.S)
    assert match, "page has no <h1>"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "style" in values:
            self.style_attributes += 1
        if tag == "script":
            if values.get("src"):
                self.urls.append(values["src"] or "")
            self._in_script = True
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def resources(response) -> _Resources:  # type: ignore[no-untyped-def]
    parser = _Resources()
    parser.feed(html(response))
    return parser


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def read_xlsx(response) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))
