"""FND-06: the Fristenrechner in the UI (same function as GET /api/v1/deadlines)."""

from __future__ import annotations

import pytest

from anliegen.org.models import ClosingDay
from tests.web.helpers import heading, html

CHRISTMAS = {
    "received": "2026-12-23",
    "unit": "working_days",
    "n": "5",
    "state": "BB",
    "closing_days": "12-24, 12-31",
}


@pytest.fixture
def url(world):  # type: ignore[no-untyped-def]
    return f"/o/{world.org.slug}/fristenrechner/"


def test_defaults_come_from_the_organisation(as_user, world, url, travel):  # type: ignore[no-untyped-def]
    """The state of the main site and the organisation's closing days are preset."""
    travel("2026-11-23 09:00")
    ClosingDay.objects.create(organisation=world.org, every_year="12-24", label="Heiligabend")
    response = as_user(world.tl).get(url)
    assert heading(response) == "Fristenrechner"
    page = html(response)
    assert '<option value="BE" selected>Berlin</option>' in page
    assert 'name="closing_days" value="12-24"' in page
    assert 'name="received" value="2026-11-23"' in page


def test_working_days_over_christmas(as_user, world, url):  # type: ignore[no-untyped-def]
    """23.12.2026 + 5 working days in BB, closing 24.12./31.12. → Tuesday 05.01.2027."""
    page = html(as_user(world.tl).get(url, CHRISTMAS))
    assert "Dienstag, 05.01.2027" in page
    for skipped in ("Do, 24.12.2026", "Erster Weihnachtstag", "Zweiter Weihnachtstag", "Neujahr"):
        assert skipped in page
    assert "Schließtag" in page


def test_calendar_days_ending_on_a_weekend_roll_forward(as_user, world, url):  # type: ignore[no-untyped-def]
    """§193 BGB: 2026-11-20 + 8 calendar days = Sat 28.11. → Mon 30.11.2026."""
    params = {"received": "2026-11-20", "unit": "calendar_days", "n": "8", "state": "BE"}
    page = html(as_user(world.tl).get(url, params))
    assert "Montag, 30.11.2026" in page
    assert "Samstag, 28.11.2026, ist kein Arbeitstag" in page


def test_htmx_returns_the_result_and_the_fields(as_user, world, url):  # type: ignore[no-untyped-def]
    response = as_user(world.tl).get(url, CHRISTMAS, HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page
    assert "Dienstag, 05.01.2027" in page
    assert '<div id="calc-fields" hx-swap-oob="true">' in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"received": ""}, "received", "Dieses Feld ist zwingend erforderlich."),
        ({"received": "32.13.2026"}, "received", "Bitte ein gültiges Datum eingeben."),
        ({"n": "fünf"}, "n", "Bitte eine ganze Zahl eingeben."),
        ({"n": "-3"}, "n", "Dieser Wert muss größer oder gleich 0 sein."),
        ({"state": "XX"}, "state", "Bitte eine gültige Auswahl treffen."),
        ({"closing_days": "24.12."}, "closing_days", "Ungültiger Schließtag „24.12.“"),
    ],
)
def test_bad_input_is_shown_in_german_next_to_the_field(
    as_user, world, url, change, field, message
):  # type: ignore[no-untyped-def]
    response = as_user(world.tl).get(url, {**CHRISTMAS, **change})
    assert response.status_code == 200
    page = html(response)
    assert f'<p class="field__error" id="id_{field}-error">' in page
    assert message in page
    assert "Kein Ergebnis: Bitte korrigieren Sie die Eingaben." in page
    assert "05.01.2027" not in page
