"""Helpers for the callback tests (SOC-05): service places with windows, customers, bookings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from anliegen.core.clock import BERLIN
from anliegen.customers.models import Customer
from anliegen.org.models import Team, User
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks.models import Callback, PlaceWindow, ServicePlace, Source

MORNING = ((dt.time(8), dt.time(10)),)


def add_place(
    team: Team,
    name: str,
    *,
    person: User | None = None,
    windows: Iterable[tuple[dt.time, dt.time]] = MORNING,
    weekdays: Iterable[int] = range(5),
    valid_from: dt.date = dt.date(2026, 1, 1),
    valid_until: dt.date | None = None,
) -> ServicePlace:
    place = ServicePlace.objects.create(
        organisation=team.organisation,
        team=team,
        name=name,
        person=person,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    spans = list(windows)
    PlaceWindow.objects.bulk_create(
        PlaceWindow(place=place, weekday=day, start=start, end=end)
        for day in weekdays
        for start, end in spans
    )
    return place


def at(day: str, hhmm: str) -> dt.datetime:
    """A Berlin wall time: ``at("2026-12-02", "09:00")``."""
    return dt.datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=BERLIN)


def make_customer(sc, number: str, **fields) -> Customer:  # type: ignore[no-untyped-def]
    return Customer.objects.create(
        organisation=sc.org,
        customer_number=number,
        first_name=fields.pop("first_name", "Kim"),
        last_name=fields.pop("last_name", f"Kunde {number}"),
        street=fields.pop("street", "Lindenstraße 1"),
        postcode=fields.pop("postcode", "14467"),
        city=fields.pop("city", "Potsdam"),
        **fields,
    )


def book(  # type: ignore[no-untyped-def]
    sc,
    start: dt.datetime,
    *,
    customer: Customer | None = None,
    purpose: str = "benefits_consultation",
    team: Team | None = None,
    actor: User | None = None,
    **extra,
) -> Callback:
    return callbacks.book_callback(
        organisation=sc.org,
        team=team or sc.os_potsdam,
        purpose=purpose,
        start=start,
        customer=customer or sc.customer,
        phone=extra.pop("phone", "0331 1234567"),
        source=extra.pop("source", Source.AGENT),
        actor=actor if actor is not None else sc.tsb1,
        **extra,
    )
