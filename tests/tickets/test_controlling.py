"""TKT-09 … TKT-12: team controlling, retention, repeated overruns, spot checks."""

import datetime as dt

import pytest

from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import complete_ticket, record_commitment
from anliegen.tickets.controlling import (
    detect_violations,
    draw_spot_checks,
    purge_completions,
    raise_overrun_flags,
    record_overrun_talk,
    record_spot_check,
)
from anliegen.tickets.models import Completion, OverrunFlag, SpotCheck
from anliegen.tickets.queries import team_controlling


def test_team_figures_per_person(world, new_ticket, travel):
    """TKT-09: open, amber, red, commitments, violations and completions per person."""
    travel("2026-11-23 09:00")
    a, b, c = new_ticket(), new_ticket(), new_ticket()
    scope = scope_for(world.worker, world.org)
    complete_ticket(actor=world.worker, scope=scope, ticket=a, resolution="ok")
    record_commitment(
        actor=world.worker,
        scope=scope,
        ticket=b,
        promised_date=dt.date(2026, 12, 10),
        note="Zusage",
    )
    travel("2026-12-01 09:00")
    detect_violations()
    rows = {f.user.username if f.user else None: f for f in team_controlling(world.team)}
    worker = rows["worker"]
    assert (worker.open, worker.red, worker.amber, worker.with_commitment) == (2, 1, 0, 1)
    assert worker.violations == 1
    assert worker.completed_month == 0  # completed in November
    assert rows["worker2"].open == 0
    del c


def test_retention_deletes_completion_records_after_one_month(world, new_ticket, travel):
    """TKT-10: completion info is kept one month; history stays; a second run deletes nothing."""
    travel("2026-11-02 09:00")
    complete_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=new_ticket(),
        resolution="erledigt",
    )
    travel("2026-12-01 09:00")
    assert purge_completions() == 0
    travel("2026-12-03 09:00")
    assert purge_completions() == 1
    assert purge_completions() == 0
    assert not Completion.objects.exists()
    assert HistoryEntry.objects.filter(kind="ticket").count() == 2


def test_repeated_overruns_flag_the_worker_until_the_talk(world, new_ticket, travel):
    """TKT-11: 3 violations within 90 days flag the case worker to the TL."""
    travel("2026-11-02 09:00")
    for _ in range(3):
        new_ticket()
    travel("2026-11-20 09:00")
    assert detect_violations() == 3
    assert raise_overrun_flags() == 1
    assert raise_overrun_flags() == 0
    flag = OverrunFlag.objects.get(user=world.worker)
    assert flag.violation_count == 3
    assert world.tl.notifications.filter(kind="overrun_flagged").exists()
    with pytest.raises(Forbidden):
        record_overrun_talk(
            actor=world.worker2, scope=scope_for(world.worker2, world.org), flag=flag, note="x"
        )
    with pytest.raises(InvalidInput):
        record_overrun_talk(
            actor=world.tl, scope=scope_for(world.tl, world.org), flag=flag, note=" "
        )
    record_overrun_talk(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        flag=flag,
        note="Arbeitsrückstand besprochen, Unterstützung vereinbart",
    )
    with pytest.raises(Conflict):
        record_overrun_talk(
            actor=world.tl, scope=scope_for(world.tl, world.org), flag=flag, note="nochmal"
        )
    assert raise_overrun_flags() == 0  # the old violations do not flag again after the talk


def test_spot_checks_sample_ten_percent_at_least_two(world, agent, travel):
    """TKT-12: a monthly random sample of Integration completions for the TL."""
    from anliegen.org.models import Membership
    from anliegen.tickets.actions import create_ticket
    from tests.factories import make_customer

    travel("2026-11-02 09:00")
    scope = scope_for(world.av, world.org)
    for n in range(25):
        customer = make_customer(world, contact_person=world.av)
        ticket, _ = create_ticket(
            actor=agent,
            scope=scope_for(agent, world.org),
            area="integration",
            customer_number=customer.customer_number,
            concern=f"Anliegen {n}",
        )
        complete_ticket(actor=world.av, scope=scope, ticket=ticket, resolution=f"Lösung {n}")
    assert draw_spot_checks(month=dt.date(2026, 11, 1)) == 3  # ceil(10 % of 25)
    assert draw_spot_checks(month=dt.date(2026, 11, 1)) == 0  # drawn once per month
    check = SpotCheck.objects.first()
    assert check.team == world.team_integration
    assert check.resolution.startswith("Lösung")
    with pytest.raises(InvalidInput):
        record_spot_check(
            actor=world.tl_integration,
            scope=scope_for(world.tl_integration, world.org),
            spot_check=check,
            result="not_ok",
            note="",
        )
    with pytest.raises(Forbidden):
        record_spot_check(
            actor=world.tl, scope=scope_for(world.tl, world.org), spot_check=check, result="ok"
        )
    record_spot_check(
        actor=world.tl_integration,
        scope=scope_for(world.tl_integration, world.org),
        spot_check=check,
        result="ok",
    )
    check.refresh_from_db()
    assert check.result == "ok"
    del Membership


def test_small_month_still_gets_the_minimum(world, agent, travel):
    from anliegen.tickets.actions import create_ticket
    from tests.factories import make_customer

    travel("2026-11-02 09:00")
    for _ in range(2):
        customer = make_customer(world, contact_person=world.av)
        ticket, _ = create_ticket(
            actor=agent,
            scope=scope_for(agent, world.org),
            area="integration",
            customer_number=customer.customer_number,
            concern="x",
        )
        complete_ticket(
            actor=world.av, scope=scope_for(world.av, world.org), ticket=ticket, resolution="ok"
        )
    assert draw_spot_checks(month=dt.date(2026, 11, 1)) == 2


# --- Issue 9, defect 5: a violation counts on the day it happens (TKT-04, TKT-11) ----------


def test_overdue_ticket_counts_as_violation_before_the_periodic_job(world, new_ticket, travel):
    """TKT-04/TKT-09: red without a commitment is a violation at once, not after the job;
    the job stores it later and nothing is counted twice."""
    from anliegen.tickets.queries import team_controlling, violation_count

    travel("2026-12-01 09:00")
    ticket = new_ticket()  # Leistung, due Tuesday 8.12.
    travel("2026-12-09 09:00")
    figures = {f.user: f for f in team_controlling(world.team)}
    assert figures[world.worker].red == 1
    assert figures[world.worker].violations == 1
    assert violation_count(ticket) == 1
    assert detect_violations() == 1
    figures = {f.user: f for f in team_controlling(world.team)}
    assert figures[world.worker].violations == 1
    assert violation_count(ticket) == 1
    assert detect_violations() == 0


def test_unassigned_overdue_ticket_counts_for_the_team_inbox(world, new_ticket, travel):
    from anliegen.tickets.queries import team_controlling
    from tests.factories import make_customer

    travel("2026-12-01 09:00")
    stranger = make_customer(world)  # no contact person: the team inbox
    new_ticket(customer=stranger)
    travel("2026-12-09 09:00")
    inbox = [f for f in team_controlling(world.team) if f.user is None]
    assert len(inbox) == 1
    assert inbox[0].violations == 1
    assert inbox[0].red == 1


def test_ticket_due_today_is_no_violation_yet(world, new_ticket, travel):
    from anliegen.tickets.queries import team_controlling

    travel("2026-12-01 09:00")
    new_ticket()
    travel("2026-12-08 17:00")
    figures = {f.user: f for f in team_controlling(world.team)}
    assert figures[world.worker].violations == 0


def test_late_commitment_and_the_job_count_one_violation(world, new_ticket, travel):
    """The late commitment stores the violation of the old deadline; the job and the live
    count do not add another for the same deadline (unique per ticket and date)."""
    from anliegen.tickets.queries import team_controlling, violation_count

    travel("2026-12-01 09:00")
    ticket = new_ticket()
    travel("2026-12-09 09:00")
    assert violation_count(ticket) == 1
    record_commitment(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        promised_date=dt.date(2026, 12, 11),
        note="Rückruf: bis Freitag",
    )
    assert detect_violations() == 0
    assert violation_count(ticket) == 1
    figures = {f.user: f for f in team_controlling(world.team)}
    assert figures[world.worker].violations == 1
