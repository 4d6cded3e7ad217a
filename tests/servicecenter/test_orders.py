"""SOC-06: processing orders into the OS team's special inbox, 5 working days on the OS site's
calendar, traffic lights, assignment, completion with a resolution; foreign teams refused."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.servicecenter.models import ProcessingOrder
from anliegen.servicecenter.orders import actions as orders
from anliegen.work.models import WorkItem
from anliegen.work.queries import with_light, worklist_for_team


def send(sc, team=None, user=None, concern="Bitte Bewilligungszeitraum prüfen."):
    user = user or sc.tsb1
    return orders.create_order(
        actor=user,
        scope=scope_for(user, sc.org),
        team_id=(team or sc.os_potsdam).id,
        customer=sc.customer,
        concern=concern,
    )


def test_order_lands_in_the_os_team_inbox_with_five_working_days(sc):
    order = send(sc)
    item = order.item
    assert item.kind == "processing_order"
    assert item.team == sc.os_potsdam
    assert item.assignee is None
    # Tue 1.12.2026 + 5 working days in Brandenburg = Tue 8.12.2026
    assert item.due_date == dt.date(2026, 12, 8)
    assert with_light(WorkItem.objects.filter(id=item.id)).get().light == "green"
    assert HistoryEntry.objects.filter(customer=sc.customer, ref_id=order.id).exists()


def test_deadline_uses_the_os_sites_holidays(sc, travel):
    """Reformationstag (31.10.) is a holiday in Saxony-Anhalt, not in Berlin."""
    travel("2025-10-29 10:00")
    order = send(sc, team=sc.os_magdeburg)
    # Wed 29.10.2025 + 5 working days, skipping Fri 31.10. (holiday in ST) = Thu 6.11.2025
    assert order.item.due_date == dt.date(2025, 11, 6)


def test_order_to_a_foreign_or_non_os_team_is_refused(sc, other):
    for team in (other.team, sc.sc_team):
        with pytest.raises(InvalidInput) as exc:
            send(sc, team=team)
        assert "team" in exc.value.errors
    assert not ProcessingOrder.objects.exists()
    assert not WorkItem.objects.exists()


def test_empty_concern_is_refused(sc):
    with pytest.raises(InvalidInput) as exc:
        send(sc, concern="  ")
    assert "concern" in exc.value.errors


def test_os_staff_do_not_send_orders(sc):
    with pytest.raises(Forbidden):
        send(sc, user=sc.os1)


def test_order_in_team_worklist_with_light(sc, travel):
    order = send(sc)
    travel("2026-12-08 09:00")
    items = list(worklist_for_team(scope_for(sc.os_tl, sc.org), sc.os_potsdam))
    assert [i.id for i in items] == [order.item_id]


def test_member_takes_order_once(sc):
    order = send(sc)
    orders.assign_order(actor=sc.os1, scope=scope_for(sc.os1, sc.org), order=order, assignee=sc.os1)
    with pytest.raises(Conflict):
        orders.assign_order(
            actor=sc.os2, scope=scope_for(sc.os2, sc.org), order=order, assignee=sc.os2
        )
    assert WorkItem.objects.get(id=order.item_id).assignee == sc.os1


def test_lead_assigns_member_but_not_outsider(sc):
    order = send(sc)
    scope = scope_for(sc.os_tl, sc.org)
    orders.assign_order(actor=sc.os_tl, scope=scope, order=order, assignee=sc.os2)
    assert WorkItem.objects.get(id=order.item_id).assignee == sc.os2
    with pytest.raises(InvalidInput):
        orders.assign_order(actor=sc.os_tl, scope=scope, order=order, assignee=sc.os_md)


def test_member_may_not_assign_others(sc):
    order = send(sc)
    with pytest.raises(Forbidden):
        orders.assign_order(
            actor=sc.os1, scope=scope_for(sc.os1, sc.org), order=order, assignee=sc.os2
        )


def test_complete_with_resolution(sc):
    order = send(sc)
    scope = scope_for(sc.os1, sc.org)
    orders.assign_order(actor=sc.os1, scope=scope, order=order, assignee=sc.os1)
    with pytest.raises(InvalidInput):
        orders.complete_order(actor=sc.os1, scope=scope, order=order, resolution=" ")
    done = orders.complete_order(
        actor=sc.os1, scope=scope, order=order, resolution="Zahlung angewiesen."
    )
    assert done.resolution == "Zahlung angewiesen."
    assert WorkItem.objects.get(id=order.item_id).status == "done"
    with pytest.raises(Conflict):
        orders.complete_order(actor=sc.os1, scope=scope, order=order, resolution="nochmal")


def test_visibility_of_orders(sc):
    order = send(sc)
    assert orders.get_order_for(scope_for(sc.os1, sc.org), order.item_id) == order
    assert orders.get_order_for(scope_for(sc.tsb1, sc.org), order.item_id) == order  # sender
    with pytest.raises(NotFound):
        orders.get_order_for(scope_for(sc.os_md, sc.org), order.item_id)
    with pytest.raises(NotFound):
        orders.get_order_for(scope_for(sc.tsb2, sc.org), order.item_id)
