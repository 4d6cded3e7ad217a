"""FND-05 via the API: ``POST …/customers/{number}/notes`` appends a note or consultation note
(audited); a correction references the old entry; bad input changes nothing (NFR-04)."""

from __future__ import annotations

import pytest

from anliegen.audit.models import AccessEntry, AuditEntry
from anliegen.customers.models import HistoryEntry
from tests.api.conftest import assert_problem, german
from tests.factories import make_customer

INVALID = "Die Eingabe ist ungültig."
EMPTY = "Der Vermerk darf nicht leer sein."
FUTURE = "Das Kontaktdatum liegt in der Zukunft."


def _path(customer) -> str:  # type: ignore[no-untyped-def]
    return f"/orgs/jc-test/customers/{customer.customer_number}/notes"


def test_note_is_created_and_audited(api, world, customer, travel):
    travel("2026-11-23 10:00")
    response = api.post(
        _path(customer), {"kind": "note", "text": "Anruf: Bescheid unklar"}, world.worker
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "note"
    assert data["text"] == "Anruf: Bescheid unklar"
    assert data["author"] == "worker"
    assert data["at"] == "2026-11-23T10:00:00+01:00"
    assert data["contact_date"] is None
    entry = HistoryEntry.objects.get(id=data["id"])
    assert (entry.customer, entry.author) == (customer, world.worker)
    audit = AuditEntry.objects.get(action="customer.note_added")
    assert (audit.actor, audit.object_id) == (world.worker, str(entry.id))
    assert not AccessEntry.objects.exists()


def test_consultation_with_contact_date(api, world, customer, travel):
    travel("2026-11-23 10:00")
    body = {
        "kind": "consultation",
        "text": "Beratung zur Weiterbildung",
        "contact_date": "2026-11-20",
    }
    data = api.post(_path(customer), body, world.worker).json()
    assert (data["kind"], data["contact_date"]) == ("consultation", "2026-11-20")


def test_consultation_defaults_to_today(api, world, customer, travel):
    travel("2026-11-23 10:00")
    data = api.post(
        _path(customer), {"kind": "consultation", "text": "Gespräch"}, world.worker
    ).json()
    assert data["contact_date"] == "2026-11-23"


def test_correction_references_the_old_entry(api, world, customer):
    first = api.post(
        _path(customer), {"kind": "note", "text": "Termin am 3.11."}, world.worker
    ).json()
    response = api.post(
        _path(customer),
        {"kind": "note", "text": "Termin am 4.11.", "corrects": first["id"]},
        world.worker,
    )
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["corrects"]) == ("correction", first["id"])


@pytest.mark.parametrize(
    ("body", "field", "message", "detail"),
    [
        ({"kind": "note", "text": "   "}, "text", EMPTY, EMPTY),
        ({"kind": "note"}, "text", "Pflichtfeld.", INVALID),
        (
            {"kind": "memo", "text": "x"},
            "kind",
            "Unbekannter Code. Erlaubt: note, consultation.",
            INVALID,
        ),
        ({"kind": "correction", "text": "x"}, "kind", None, INVALID),
        ({"text": "x"}, "kind", "Pflichtfeld.", INVALID),
        (
            {"kind": "note", "text": "x" * 20001},
            "text",
            "Zu lang (höchstens 20000 Zeichen).",
            INVALID,
        ),
        (
            {"kind": "note", "text": "x", "contact_date": "2031-01-01"},
            "contact_date",
            FUTURE,
            FUTURE,
        ),
        (
            {"kind": "note", "text": "x", "contact_date": "gestern"},
            "contact_date",
            "Kein gültiges Datum (JJJJ-MM-TT).",
            INVALID,
        ),
        (
            {"kind": "note", "text": "x", "corrects": 999999},
            "corrects",
            "Unbekannt oder für Sie nicht sichtbar.",
            "Nicht gefunden.",
        ),
        (
            {"kind": "note", "text": "x", "corrects": "eins"},
            "corrects",
            "Keine ganze Zahl.",
            INVALID,
        ),
        ({"kind": "note", "text": "x", "author": "gf"}, "author", "Unbekanntes Feld.", INVALID),
    ],
)
def test_bad_notes_are_422_in_german_and_change_nothing(
    api, world, customer, unchanged, body, field, message, detail
):
    """NFR-04: the status, a German detail and field message, and not a row more."""
    with unchanged():
        response = api.post(_path(customer), body, world.worker)
    problem = assert_problem(response, 422, detail, fields=(field,))
    if message is not None:
        assert problem["errors"][field] == message


def test_correction_of_another_customers_entry_is_rejected(api, world, customer, unchanged):
    other_customer = make_customer(world)
    theirs = api.post(_path(other_customer), {"kind": "note", "text": "fremd"}, world.worker).json()
    with unchanged():
        response = api.post(
            _path(customer), {"kind": "note", "text": "x", "corrects": theirs["id"]}, world.worker
        )
    assert_problem(response, 422, german("Not found."), ("corrects",))


def test_unknown_customer_is_404(api, world, unchanged):
    with unchanged():
        response = api.post(
            "/orgs/jc-test/customers/K0000/notes", {"kind": "note", "text": "x"}, world.worker
        )
    assert_problem(response, 404, german("Customer not found."))


def test_note_on_another_organisations_customer_is_404(api, world, other, unchanged):
    theirs = make_customer(other, customer_number="K8888")
    with unchanged():
        response = api.post(
            "/orgs/jc-other/customers/K8888/notes", {"kind": "note", "text": "x"}, world.worker
        )
    assert_problem(response, 404)
    assert not theirs.history.exists()
