"""Worklists (FND-07): the hottest read of the system, one indexed query each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When

from anliegen.core import clock
from anliegen.org.models import Team
from anliegen.org.scope import Scope
from anliegen.work import kinds
from anliegen.work.access import responsible_ids, without_confidential
from anliegen.work.models import Light, Notification, Status, WorkItem


def band(today: dt.date) -> Case:
    """0 for red (overdue), 1 for amber, 2 for green: the first key of the default order."""
    return Case(
        When(due_date__lt=today, then=Value(0)),
        When(amber_from__lte=today, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


#: The orders of a worklist. ``urgent`` is the default (issue 9, FND-07): overdue first, then
#: amber, then green; within a band priority (Leistung tickets keep theirs), then deadline.
SORTS: dict[str, Callable[[dt.date], tuple[Any, ...]]] = {
    "urgent": lambda today: (
        band(today).asc(),
        F("priority").asc(),
        F("due_date").asc(nulls_last=True),
        F("id").asc(),
    ),
    "priority": lambda today: (
        F("priority").asc(),
        F("due_date").asc(nulls_last=True),
        F("id").asc(),
    ),
    "-priority": lambda today: (
        F("priority").desc(),
        F("due_date").asc(nulls_last=True),
        F("id").asc(),
    ),
    "due": lambda today: (F("due_date").asc(nulls_last=True), F("priority").asc(), F("id").asc()),
    "-due": lambda today: (
        F("due_date").desc(nulls_last=True),
        F("priority").asc(),
        F("id").desc(),
    ),
    "received": lambda today: (F("received_at").desc(), F("id").desc()),
    "-received": lambda today: (F("received_at").asc(), F("id").asc()),
    "title": lambda today: (F("title").asc(), F("id").asc()),
    "-title": lambda today: (F("title").desc(), F("id").desc()),
    "kind": lambda today: (F("kind").asc(), band(today).asc(), F("priority").asc(), F("id")),
    "-kind": lambda today: (F("kind").desc(), band(today).asc(), F("priority").asc(), F("id")),
    "assignee": lambda today: (
        F("assignee__last_name").asc(nulls_first=True),
        F("assignee__first_name").asc(),
        band(today).asc(),
        F("priority").asc(),
        F("id").asc(),
    ),
    "-assignee": lambda today: (
        F("assignee__last_name").desc(nulls_last=True),
        F("assignee__first_name").desc(),
        band(today).asc(),
        F("priority").asc(),
        F("id").asc(),
    ),
}
DEFAULT_SORT = "urgent"


def ordering(sort: str | None, today: dt.date) -> tuple[Any, ...]:
    return SORTS.get(sort or DEFAULT_SORT, SORTS[DEFAULT_SORT])(today)


def with_light(items: QuerySet[WorkItem], today: dt.date | None = None) -> QuerySet[WorkItem]:
    """Annotate each item with its traffic light on ``today`` (computed, never stored)."""
    today = today or clock.today()
    return items.annotate(
        light=Case(
            When(due_date__lt=today, then=Value(Light.RED)),
            When(amber_from__lte=today, then=Value(Light.AMBER)),
            default=Value(Light.GREEN),
            output_field=CharField(),
        )
    )


def _open(items: QuerySet[WorkItem], today: dt.date) -> QuerySet[WorkItem]:
    return items.filter(status=Status.OPEN).filter(
        Q(visible_from__isnull=True) | Q(visible_from__lte=today)
    )


def _filtered(
    items: QuerySet[WorkItem],
    *,
    today: dt.date,
    kinds: Iterable[str] | None,
    lights: Iterable[str] | None,
    search: str | None,
    sort: str,
) -> QuerySet[WorkItem]:
    kinds = [k for k in (kinds or []) if k]
    if kinds:
        items = items.filter(kind__in=kinds)
    if search:
        items = items.filter(Q(title__icontains=search) | Q(customer__customer_number=search))
    lights = {light for light in (lights or []) if light}
    if lights:
        light_q = Q()
        if Light.RED in lights:
            light_q |= Q(due_date__lt=today)
        if Light.AMBER in lights:
            light_q |= Q(due_date__gte=today, amber_from__lte=today)
        if Light.GREEN in lights:
            light_q |= Q(due_date__isnull=True) | Q(due_date__gte=today, amber_from__gt=today)
        items = items.filter(light_q)
    return (
        # the page's customers, assignees and teams are fetched for its rows only (three small
        # queries by key): a join would make the band queries read and join every row first
        with_light(items, today)
        .prefetch_related("customer", "assignee", "team")
        .order_by(*ordering(sort, today))
    )


def worklist_for_user(
    scope: Scope,
    *,
    today: dt.date | None = None,
    kinds: Iterable[str] | None = None,
    lights: Iterable[str] | None = None,
    search: str | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[WorkItem]:
    """My worklist: my open items and those of absent colleagues I deputise for (FND-03)."""
    today = today or clock.today()
    items = _open(WorkItem.objects.filter(organisation=scope.organisation), today).filter(
        assignee_id__in=responsible_ids(scope)
    )
    items = without_confidential(scope, items)
    return _filtered(items, today=today, kinds=kinds, lights=lights, search=search, sort=sort)


def worklist_for_team(
    scope: Scope,
    team: Team,
    *,
    today: dt.date | None = None,
    kinds: Iterable[str] | None = None,
    lights: Iterable[str] | None = None,
    assignee_id: int | None = None,
    unassigned: bool = False,
    search: str | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[WorkItem]:
    """The team's worklist for its lead (the caller has checked the team is visible)."""
    today = today or clock.today()
    items = without_confidential(scope, _open(WorkItem.objects.filter(team=team), today))
    if assignee_id:
        items = items.filter(assignee_id=assignee_id)
    if unassigned:
        items = items.filter(assignee__isnull=True)
    return _filtered(items, today=today, kinds=kinds, lights=lights, search=search, sort=sort)


def band_filters(today: dt.date) -> list[tuple[str, Q]]:
    """The three bands of the default order as plain range conditions on indexed columns."""
    not_red = Q(due_date__isnull=True) | Q(due_date__gte=today)
    return [
        (Light.RED, Q(due_date__lt=today)),
        (Light.AMBER, not_red & Q(amber_from__lte=today)),
        (Light.GREEN, not_red & (Q(amber_from__isnull=True) | Q(amber_from__gt=today))),
    ]


class Banded:
    """A worklist in the default order (red, amber, green; within a band priority, deadline),
    read one band at a time (issue 9, NFR-02).

    Sorting the whole worklist by the computed band would read and join every open item of the
    person before the first row; instead each band is one range query in the order of the
    partial index ``(assignee|team, priority, due_date, id)``, so a page stops after its rows.
    Sliceable and countable like a queryset (``Paginator``, the API's ``limit``/``offset``);
    ``counts`` may pass the light counts the page computed anyway.
    """

    def __init__(
        self,
        items: QuerySet[WorkItem],
        *,
        today: dt.date | None = None,
        counts: dict[str, int] | None = None,
    ) -> None:
        self.items = items
        self.today = today or clock.today()
        self._counts = counts

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = light_counts(self.items)
        return self._counts

    def count(self) -> int:
        return sum(self.counts().values())

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[WorkItem]:
        return iter(self[0 : self.count()])

    def __getitem__(self, index: slice) -> list[WorkItem]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("Banded supports plain slices only")
        start, stop = index.start or 0, index.stop
        order = SORTS["priority"](self.today)
        if start == 0 and stop is not None and self._counts is None:
            return self._first(stop, order)
        if stop is None:
            stop = self.count()
        rows: list[WorkItem] = []
        offset = 0
        for light, condition in band_filters(self.today):
            size = self.counts().get(light, 0)
            lo, hi = max(start - offset, 0), min(stop - offset, size)
            if lo < hi:
                rows.extend(self.items.filter(condition).order_by(*order)[lo:hi])
            offset += size
            if offset >= stop:
                break
        return rows

    def _first(self, limit: int, order: tuple[Any, ...]) -> list[WorkItem]:
        """The first ``limit`` rows without counting the bands: a band that yields fewer rows
        than asked for is exhausted, the next one continues."""
        rows: list[WorkItem] = []
        for _light, condition in band_filters(self.today):
            if len(rows) >= limit:
                break
            rows.extend(self.items.filter(condition).order_by(*order)[: limit - len(rows)])
        return rows


def light_counts(items: QuerySet[WorkItem]) -> dict[str, int]:
    """How many of the (light-annotated) items are green, amber, red."""
    counts = dict.fromkeys(Light.values, 0)
    rows = items.order_by().values("light").annotate(n=Count("id"))  # type: ignore[misc]
    for row in rows:
        counts[row["light"]] = row["n"]
    return counts


def notifications_for(scope: Scope, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's own notifications in the organisation, newest first (FND-11)."""
    notifications = Notification.objects.filter(
        user=scope.user, organisation=scope.organisation
    ).select_related("item", "organisation", *(f"item__{p}" for p in kinds.related_paths()))
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")
