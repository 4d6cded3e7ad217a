"""SOC-04: call records with their path, the warm-transfer reason, one record per call id, the
customer's history, and a processing order sent with the record."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core.clock import BERLIN
from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.servicecenter import calls, queries, routing
from anliegen.servicecenter.models import CallRecord, ProcessingOrder
from anliegen.servicecenter.orders import actions as orders

START = dt.datetime(2026, 12, 1, 9, 50, tzinfo=BERLIN)


def data(sc, **fields):
    values = {
        "call_id": "c-1",
        "agent": "tsb1",
        "topic": "alg",
        "started_at": START,
        "ended_at": START + dt.timedelta(minutes=6),
        "resolved": True,
        "escalation": "none",
        "customer_number": sc.customer.customer_number,
    }
    values.update(fields)
    return calls.CallData(**values)


def record(sc, user=None, **fields):
    user = user or sc.tsb1
    return calls.record_call(actor=user, scope=scope_for(user, sc.org), data=data(sc, **fields))


def test_call_is_recorded_and_written_to_history(sc):
    call = record(sc)
    assert call.resolved
    assert call.escalation == "none"
    entry = HistoryEntry.objects.get(customer=sc.customer)
    assert entry.author == sc.tsb1
    assert entry.text.startswith("Anruf im Service Center: Fragen zum Arbeitslosengeld.")
    assert "Im Erstkontakt geklärt." in entry.text
    assert entry.ref_id == call.id


def test_record_links_the_routing_decision(sc):
    decision, _new = routing.route(
        actor=sc.tsb1,
        scope=scope_for(sc.tsb1, sc.org),
        call_id="c-1",
        dialled="national",
        topic="alg",
    )
    assert record(sc).decision == decision


def test_warm_transfer_needs_a_reason(sc):
    with pytest.raises(InvalidInput) as exc:
        record(sc, escalation="warm_transfer", resolved=False, reason="  ")
    assert "reason" in exc.value.errors
    assert not CallRecord.objects.exists()
    assert not HistoryEntry.objects.exists()
    call = record(
        sc, escalation="warm_transfer", resolved=False, reason="Zahlung bleibt aus, Miete fällig"
    )
    assert "Grund: Zahlung bleibt aus" in HistoryEntry.objects.get(customer=sc.customer).text
    assert list(calls.warm_transfers(scope_for(sc.tl, sc.org))) == [call]


def test_warm_transfers_are_for_leads(sc):
    with pytest.raises(Forbidden):
        calls.warm_transfers(scope_for(sc.tsb1, sc.org))


def test_second_record_for_same_call_is_a_conflict(sc):
    record(sc)
    with pytest.raises(Conflict) as exc:
        record(sc, resolved=False)
    assert exc.value.message == "Dieser Anruf ist bereits erfasst."
    assert CallRecord.objects.count() == 1
    assert HistoryEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"topic": "weather"}, "topic"),
        ({"agent": "nobody"}, "agent"),
        ({"agent": "os1"}, "agent"),
        ({"customer_number": "NOPE"}, "customer_number"),
        ({"escalation": "fax"}, "escalation"),
        ({"ended_at": START - dt.timedelta(minutes=1)}, "ended_at"),
        ({"call_id": ""}, "call_id"),
    ],
)
def test_bad_input_changes_nothing(sc, fields, error):
    with pytest.raises(InvalidInput) as exc:
        record(sc, **fields)
    assert error in exc.value.errors
    assert not CallRecord.objects.exists()
    assert not HistoryEntry.objects.exists()


def test_agent_records_own_calls_lead_any(sc):
    with pytest.raises(Forbidden):
        record(sc, user=sc.tsb2)
    assert record(sc, user=sc.tl).agent == sc.tsb1


def test_os_staff_may_not_record(sc):
    with pytest.raises(Forbidden):
        record(sc, user=sc.os1)


def test_processing_order_sent_with_the_record(sc):
    call = record(
        sc,
        resolved=False,
        escalation="processing_order",
        order_team=sc.os_potsdam.id,
        order_concern="Nachweis der Arbeitsunfähigkeit liegt vor, bitte Zahlung prüfen.",
    )
    order = ProcessingOrder.objects.get()
    assert order.call == call
    assert order.call_ref == "c-1"
    assert order.team == sc.os_potsdam


def test_order_sent_with_a_call_is_checked_once_with_the_rules_read_once(sc, monkeypatch):
    """Issue 18: the call screen's order is validated and permission-checked once, with the
    call, and the region's rules are read once for both (SOC-04, SOC-06)."""
    counted = {"rules": 0, "validate": 0, "may_send": 0, "sc_staff": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            counted[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(calls, "rules_in_force", counting("rules", calls.rules_in_force))
    monkeypatch.setattr(orders, "rules_in_force", counting("rules", orders.rules_in_force))
    monkeypatch.setattr(orders, "validate_order", counting("validate", orders.validate_order))
    monkeypatch.setattr(orders, "ensure_may_send", counting("may_send", orders.ensure_may_send))
    monkeypatch.setattr(queries, "is_sc_staff", counting("sc_staff", queries.is_sc_staff))
    record(
        sc,
        resolved=False,
        escalation="processing_order",
        order_team=sc.os_potsdam.id,
        order_concern="Bitte Zahlung prüfen.",
    )
    order = ProcessingOrder.objects.get()
    assert order.item.due_date is not None
    assert counted == {"rules": 1, "validate": 1, "may_send": 0, "sc_staff": 1}


def test_processing_order_to_foreign_team_rejects_the_whole_record(sc, other):
    with pytest.raises(InvalidInput) as exc:
        record(
            sc,
            escalation="processing_order",
            order_team=other.team.id,
            order_concern="Bitte prüfen",
        )
    assert "order_team" in exc.value.errors
    assert not CallRecord.objects.exists()
    assert not ProcessingOrder.objects.exists()
