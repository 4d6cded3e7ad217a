"""SOC-03/04 under concurrency (run on SQLite and PostgreSQL): two routing requests with the same
call id record one decision; two call records with the same call id store one record."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from anliegen.core.clock import BERLIN
from anliegen.core.errors import Conflict
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.servicecenter import calls, routing
from anliegen.servicecenter.models import AgentDay, CallRecord, RoutingDecision
from tests.servicecenter.conftest import build_sc


def run_together(target, users):
    barrier = threading.Barrier(len(users))
    results: list[object] = []

    def attempt(user):
        try:
            scope = scope_for(user, user.memberships.first().organisation)
            barrier.wait()
            results.append(target(user, scope))
        except Conflict as exc:
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_routing_with_same_call_id_records_one_decision(travel):
    travel("2026-12-01 10:00")
    sc = build_sc()

    def target(user, scope):
        decision, _new = routing.route(
            actor=user, scope=scope, call_id="same", dialled="agency", topic="alg"
        )
        return decision.id

    results = run_together(target, [sc.tsb1, sc.tsb2, sc.tl])
    assert RoutingDecision.objects.count() == 1
    assert results == [RoutingDecision.objects.get().id] * 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_call_records_with_same_call_id_store_one(travel):
    travel("2026-12-01 10:00")
    sc = build_sc()
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)

    def target(user, scope):
        return calls.record_call(
            actor=user,
            scope=scope,
            data=calls.CallData(
                call_id="same",
                agent="tsb1",
                topic="alg",
                started_at=start,
                ended_at=start + dt.timedelta(minutes=4),
                resolved=True,
                escalation="none",
                customer_number=sc.customer.customer_number,
            ),
        )

    results = run_together(target, [sc.tsb1, sc.tl])
    assert sorted(type(r).__name__ for r in results) == ["CallRecord", "Conflict"]
    assert CallRecord.objects.count() == 1
    assert HistoryEntry.objects.filter(customer=sc.customer).count() == 1
    assert AgentDay.objects.get(agent=sc.tsb1).calls == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_calls_of_a_day_are_all_counted(travel):
    """The per-day counter the routing ranks by loses no call when two agents' first calls of
    the day (same agent) arrive at once."""
    travel("2026-12-01 10:00")
    sc = build_sc()
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)

    def target(user, scope):
        return calls.record_call(
            actor=user,
            scope=scope,
            data=calls.CallData(
                call_id=f"first-{user.username}",
                agent="tsb1",
                topic="alg",
                started_at=start,
                ended_at=start + dt.timedelta(minutes=4),
                resolved=True,
                escalation="none",
            ),
        )

    results = run_together(target, [sc.tsb1, sc.tl, sc.rl])
    assert all(isinstance(r, CallRecord) for r in results)
    assert AgentDay.objects.get(agent=sc.tsb1).calls == 3
