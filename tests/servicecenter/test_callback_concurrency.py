"""SOC-05 under concurrency: never double-booked. On PostgreSQL 50 threads book the same start
(exactly as many succeed as there are free places, the rest get 409 with the German message) and
concurrent reschedules into one slot (one wins); the same, smaller, on SQLite, whose writes the
IMMEDIATE transactions serialise."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.utils import translation

from anliegen.core.errors import Conflict, InvalidInput
from anliegen.org.models import User
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks.models import Callback
from tests.servicecenter.callback_helpers import add_place, at, book, make_customer
from tests.servicecenter.conftest import build_sc

NINE = at("2026-12-02", "09:00")


def run_threads(count: int, target: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def attempt(index: int) -> None:
        try:
            with translation.override("de"):
                barrier.wait()
                results[index] = target(index)
        except (Conflict, InvalidInput) as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def no_overlaps() -> bool:
    rows = list(
        Callback.objects.filter(status__in=["booked", "rescheduling"]).values_list(
            "place_id", "starts_at", "ends_at"
        )
    )
    for i, (place, start, end) in enumerate(rows):
        for other_place, other_start, other_end in rows[i + 1 :]:
            if place == other_place and start < other_end and other_start < end:
                return False
    return True


def storm(threads: int, places: int, travel) -> None:  # type: ignore[no-untyped-def]
    travel("2026-12-01 10:00")
    sc = build_sc()
    for n in range(places):
        add_place(sc.os_potsdam, f"P{n + 1}")
    customers = [make_customer(sc, f"950-{i:03d}") for i in range(threads)]
    agents: list[User] = [sc.tsb1, sc.tsb2, sc.tsb3, sc.fit, sc.tl]

    def target(index: int) -> object:
        return book(sc, NINE, customer=customers[index], actor=agents[index % len(agents)]).id

    results = run_threads(threads, target)
    booked = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(booked) == places, results
    assert len(refused) == threads - places, results
    assert all(
        r.status == 409 and r.message == "Dieser Termin ist nicht mehr frei." for r in refused
    )
    assert Callback.objects.filter(starts_at=NINE).count() == places
    assert set(Callback.objects.values_list("place_id", flat=True)) == set(
        sc.os_potsdam.service_places.values_list("id", flat=True)
    )
    assert no_overlaps()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_threads_book_one_start_on_postgres(travel):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    storm(50, 3, travel)


@pytest.mark.django_db(transaction=True)
def test_threads_book_one_start(travel):
    """On both databases: 8 threads, 2 places."""
    storm(8, 2, travel)


def reschedule_race(threads: int, travel) -> None:  # type: ignore[no-untyped-def]
    travel("2026-12-01 10:00")
    sc = build_sc()
    add_place(sc.os_potsdam, "P1")
    add_place(sc.os_potsdam, "P2", weekdays=[2])  # only Wednesdays
    # Callbacks on Wednesday (two places) all move to Thursday 09:00 (one place).
    # Two places x four starts (08:00, 08:30, 09:00, 09:30) on Wednesday.
    starts = [at("2026-12-02", hhmm) for hhmm in ("08:00", "08:30", "09:00", "09:30")]
    booked = [
        book(sc, starts[i // 2], customer=make_customer(sc, f"960-{i}")) for i in range(threads)
    ]
    target_start = at("2026-12-03", "09:00")

    def target(index: int) -> object:
        return callbacks.reschedule_callback(booked[index], start=target_start, actor=sc.tsb1).id

    results = run_threads(threads, target)
    winners = [r for r in results if isinstance(r, int)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1, results
    assert len(losers) == threads - 1
    assert Callback.objects.filter(starts_at=target_start).count() == 1
    # The losers still hold their old times.
    for callback in booked:
        callback.refresh_from_db()
    assert sum(1 for c in booked if c.starts_at.date() == dt.date(2026, 12, 2)) == threads - 1
    assert no_overlaps()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reschedules_into_one_slot_on_postgres(travel):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    reschedule_race(8, travel)


@pytest.mark.django_db(transaction=True)
def test_concurrent_reschedules_into_one_slot(travel):
    reschedule_race(4, travel)
