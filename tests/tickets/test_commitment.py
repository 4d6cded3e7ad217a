"""TKT-04: a dated commitment becomes the deadline; after the deadline it still counts the
violation; the worklist warns (amber) before the deadline."""

import datetime as dt

import pytest

from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.tickets.actions import complete_ticket, record_commitment
from anliegen.tickets.controlling import detect_violations
from anliegen.tickets.models import Commitment, Violation
from anliegen.work.queries import worklist_for_user


@pytest.fixture
def ticket(new_ticket, travel):
    travel("2026-11-23 09:00")  # Monday; Leistung due Monday 30 November
    return new_ticket(area="benefits")


def _commit(world, ticket, promised, note="Bescheid kommt bis dahin"):
    return record_commitment(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        promised_date=promised,
        note=note,
    )


def test_worklist_turns_amber_before_the_deadline(world, ticket, travel):
    assert ticket.item.due_date == dt.date(2026, 11, 30)
    travel("2026-11-26 09:00")
    assert worklist_for_user(scope_for(world.worker, world.org)).get().light == "green"
    travel("2026-11-29 09:00")
    assert worklist_for_user(scope_for(world.worker, world.org)).get().light == "amber"


def test_commitment_date_becomes_deadline_without_violation(world, ticket, travel):
    travel("2026-11-27 10:00")
    commitment = _commit(world, ticket, dt.date(2026, 12, 4))
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 12, 4)
    assert not commitment.late
    travel("2026-12-02 10:00")
    assert detect_violations() == 0
    assert HistoryEntry.objects.filter(kind="commitment").count() == 1


def test_commitment_after_the_deadline_still_counts_the_violation(world, ticket, travel):
    travel("2026-12-01 10:00")
    commitment = _commit(world, ticket, dt.date(2026, 12, 4))
    assert commitment.late
    assert (
        Violation.objects.filter(
            ticket=ticket, due_date=dt.date(2026, 11, 30), user=world.worker
        ).count()
        == 1
    )
    assert detect_violations() == 0  # counted once


def test_missed_deadline_without_commitment_is_a_violation(world, ticket, travel):
    travel("2026-12-01 06:00")
    assert detect_violations() == 1
    assert detect_violations() == 0


def test_missing_the_promised_date_is_another_violation(world, ticket, travel):
    travel("2026-11-27 10:00")
    _commit(world, ticket, dt.date(2026, 12, 2))
    travel("2026-12-03 06:00")
    assert detect_violations() == 1
    assert Violation.objects.get().due_date == dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("promised", "note", "field"),
    [(dt.date(2026, 11, 20), "x", "promised_date"), (dt.date(2026, 12, 4), "  ", "note")],
)
def test_bad_commitment_changes_nothing(world, ticket, promised, note, field):
    with pytest.raises(InvalidInput) as exc:
        _commit(world, ticket, promised, note)
    assert field in exc.value.errors
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 11, 30)
    assert not Commitment.objects.exists()


def test_commitment_on_completed_ticket_is_rejected(world, ticket):
    complete_ticket(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        resolution="erledigt",
    )
    with pytest.raises(Conflict):
        _commit(world, ticket, dt.date(2026, 12, 4))


def test_colleague_may_not_commit(world, ticket):
    with pytest.raises(Forbidden):
        record_commitment(
            actor=world.worker2,
            scope=scope_for(world.worker2, world.org),
            ticket=ticket,
            promised_date=dt.date(2026, 12, 4),
            note="x",
        )


# --- Issue 9, defect 7: commitments on a non-working day are not accepted silently ------------


@pytest.mark.parametrize(
    ("day", "reason", "suggested"),
    [
        (dt.date(2026, 12, 12), "Samstag", dt.date(2026, 12, 14)),
        (dt.date(2026, 12, 13), "Sonntag", dt.date(2026, 12, 14)),
        (dt.date(2026, 12, 25), "Erster Weihnachtstag", dt.date(2026, 12, 28)),
    ],
)
def test_non_working_day_is_refused_with_the_next_working_day(
    world, new_ticket, travel, day, reason, suggested
):
    """TKT-04 + defect 7: warn and suggest the next working day; nothing changes."""
    from anliegen.tickets.actions import NonWorkingDay
    from anliegen.tickets.models import Commitment

    travel("2026-12-01 09:00")
    ticket = new_ticket()
    with pytest.raises(NonWorkingDay) as exc:
        record_commitment(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            ticket=ticket,
            promised_date=day,
            note="Zusage",
        )
    assert exc.value.suggested == suggested
    assert "promised_date" in exc.value.errors
    assert reason in exc.value.message
    assert "kein Arbeitstag" in exc.value.message
    assert not Commitment.objects.exists()
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == ticket.rule_due_date


def test_non_working_day_can_be_confirmed(world, new_ticket, travel):
    travel("2026-12-01 09:00")
    ticket = new_ticket()
    record_commitment(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        promised_date=dt.date(2026, 12, 12),
        note="Samstag ausdrücklich vereinbart",
        confirm_non_working_day=True,
    )
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 12, 12)


def test_form_warns_offers_the_next_working_day_and_takes_it(client, world, new_ticket, travel):
    travel("2026-12-01 09:00")
    ticket = new_ticket()
    client.force_login(world.worker)
    url = f"/o/{world.org.slug}/tickets/{ticket.id}/zusage/"
    data = {"commitment-promised_date": "12.12.2026", "commitment-note": "Rückruf zugesagt"}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "kein Arbeitstag (Samstag)" in page
    assert 'name="take_suggestion" value="14.12.2026"' in page
    assert "trotzdem zusagen" in page
    response = client.post(url, {**data, "take_suggestion": "14.12.2026"})
    assert response.status_code == 302
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 12, 14)


def test_form_confirmation_keeps_the_saturday(client, world, new_ticket, travel):
    travel("2026-12-01 09:00")
    ticket = new_ticket()
    client.force_login(world.worker)
    response = client.post(
        f"/o/{world.org.slug}/tickets/{ticket.id}/zusage/",
        {
            "commitment-promised_date": "12.12.2026",
            "commitment-note": "Samstag vereinbart",
            "commitment-confirm_non_working_day": "on",
        },
    )
    assert response.status_code == 302
    ticket.item.refresh_from_db()
    assert ticket.item.due_date == dt.date(2026, 12, 12)


def test_api_accepts_with_a_warning_or_refuses_when_asked(api, world, new_ticket, travel):
    import json

    from tests.api.conftest import assert_problem

    travel("2026-12-01 09:00")
    ticket = new_ticket()
    url = f"/orgs/{world.org.slug}/tickets/{ticket.id}/commitment"
    strict = api.post(
        url,
        {"promised_date": "2026-12-12", "note": "x", "confirm_non_working_day": False},
        user=world.worker,
    )
    assert_problem(strict, 422, fields=("promised_date",))
    response = api.post(url, {"promised_date": "2026-12-12", "note": "x"}, user=world.worker)
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["due_date"] == "2026-12-12"
    assert len(body["warnings"]) == 1
    assert "Montag, 14.12.2026" in body["warnings"][0]
    fine = api.post(url, {"promised_date": "2026-12-15", "note": "y"}, user=world.worker)
    assert json.loads(fine.content)["warnings"] == []
