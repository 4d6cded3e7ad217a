"""Control characters in the pages' input (issue 14 fault 2, NFR-04): a German 422 page,
nothing saved, the same answer on SQLite and PostgreSQL (which refuses NUL bytes)."""

from __future__ import annotations

import pytest

from anliegen.customers.models import HistoryEntry


@pytest.fixture
def as_user(client):  # type: ignore[no-untyped-def]
    def _login(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def note_url(world, customer):  # type: ignore[no-untyped-def]
    return f"/o/{world.org.slug}/kunden/{customer.customer_number}/vermerk/"


def _note(text: str) -> dict[str, str]:
    return {"kind": "consultation", "text": text, "contact_date": "2026-11-20"}


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x7f", "\x9b"])
def test_control_character_in_a_form_field_is_a_german_422(as_user, world, note_url, travel, char):
    travel("2026-11-23 09:00")
    response = as_user(world.worker).post(note_url, _note(f"Beratung{char}"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ungültige Eingabe" in page
    assert "Das Feld „text“: Enthält ein unzulässiges Steuerzeichen" in page
    assert f"U+{ord(char):04X}" in page
    assert "Es wurde nichts gespeichert." in page
    assert not HistoryEntry.objects.exists()


def test_line_breaks_and_tabs_are_allowed_in_a_form_field(as_user, world, note_url, travel):
    travel("2026-11-23 09:00")
    response = as_user(world.worker).post(note_url, _note("Zeile 1\r\nZeile 2\tEnde"))
    assert response.status_code == 302
    assert HistoryEntry.objects.get().text.splitlines() == ["Zeile 1", "Zeile 2\tEnde"]


@pytest.mark.parametrize("query", ["q=Mus%00ter", "q=Zeile%0Azwei", "q%00=x"])
def test_control_character_in_a_query_parameter_of_a_page_is_422(as_user, world, query):
    response = as_user(world.worker).get(f"/o/{world.org.slug}/kunden/?{query}")
    assert response.status_code == 422
    assert "Steuerzeichen" in response.content.decode()


def test_control_character_in_a_page_path_is_422(as_user, world):
    response = as_user(world.worker).get(f"/o/{world.org.slug}/kunden/K1%00/")
    assert response.status_code == 422
