"""FND-05: one timeline per customer, newest first; notes are append-only, a correction is a
new note that references the old one."""

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.customers.actions import add_note
from anliegen.customers.models import HistoryEntry
from anliegen.customers.queries import history_of
from anliegen.org.scope import scope_for


def test_notes_form_a_timeline_newest_first(world, customer, travel):
    scope = scope_for(world.worker, world.org)
    travel("2026-11-02 09:00")
    first = add_note(
        actor=world.worker,
        scope=scope,
        customer=customer,
        kind="note",
        text="Anruf: Bescheid unklar",
    )
    travel("2026-11-03 09:00")
    second = add_note(
        actor=world.worker,
        scope=scope,
        customer=customer,
        kind="consultation",
        text="Beratung",
        contact_date=dt.date(2026, 11, 3),
    )
    assert list(history_of(customer)) == [second, first]
    assert second.author == world.worker
    assert AuditEntry.objects.filter(action="customer.note_added").count() == 2


def test_consultation_defaults_contact_date_to_today(world, customer, travel):
    travel("2026-11-05 15:00")
    note = add_note(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        customer=customer,
        kind="consultation",
        text="Gespräch",
    )
    assert note.contact_date == dt.date(2026, 11, 5)


def test_notes_cannot_be_edited(world, customer):
    note = add_note(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        customer=customer,
        kind="note",
        text="Original",
    )
    note.text = "geändert"
    with pytest.raises(ValueError, match="append-only"):
        note.save()
    assert HistoryEntry.objects.get(id=note.id).text == "Original"


def test_correction_references_the_old_note(world, customer):
    scope = scope_for(world.worker, world.org)
    original = add_note(
        actor=world.worker, scope=scope, customer=customer, kind="note", text="Termin am 3.11."
    )
    correction = add_note(
        actor=world.worker,
        scope=scope,
        customer=customer,
        kind="note",
        text="Termin am 4.11.",
        corrects=original,
    )
    assert correction.kind == "correction"
    assert HistoryEntry.objects.get(id=correction.id).corrects == original


@pytest.mark.parametrize(
    ("kind", "text", "contact_date", "field", "german"),
    [
        ("note", "   ", None, "text", "Der Vermerk darf nicht leer sein."),
        ("memo", "Text", None, "kind", "Die Art muss"),
        (
            "consultation",
            "Text",
            dt.date(2026, 12, 1),
            "contact_date",
            "Das Kontaktdatum liegt in der Zukunft.",
        ),
        ("note", "x" * 20001, None, "text", "Der Vermerk ist zu lang"),
    ],
)
def test_bad_notes_rejected_in_german(
    world, customer, travel, kind, text, contact_date, field, german
):
    travel("2026-11-02 09:00")
    with pytest.raises(InvalidInput) as exc:
        add_note(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            customer=customer,
            kind=kind,
            text=text,
            contact_date=contact_date,
        )
    assert field in exc.value.errors
    assert exc.value.message.startswith(german)
    assert not HistoryEntry.objects.exists()


def test_correction_of_other_customers_note_rejected(world, customer):
    from tests.factories import make_customer

    scope = scope_for(world.worker, world.org)
    someone_else = make_customer(world)
    foreign = add_note(
        actor=world.worker, scope=scope, customer=someone_else, kind="note", text="x"
    )
    with pytest.raises(InvalidInput):
        add_note(
            actor=world.worker,
            scope=scope,
            customer=customer,
            kind="note",
            text="y",
            corrects=foreign,
        )


def test_provider_may_not_write_notes(world, customer):
    with pytest.raises(Forbidden):
        add_note(
            actor=world.provider,
            scope=scope_for(world.provider, world.org),
            customer=customer,
            kind="note",
            text="x",
        )
