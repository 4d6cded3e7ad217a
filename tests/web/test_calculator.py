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
    assert 'name="closing_days" value="24.12."' in page  # German notation (issue 9 defect 7)
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
        ({"closing_days": "32.12."}, "closing_days", "Ungültiger Schließtag „32.12.“"),
        ({"closing_days": "Heiligabend"}, "closing_days", "erwartet wird „TT.MM.“"),
        ({"n": "0"}, "n", "Eine Frist von 0 Tagen oder Monaten gibt es nicht"),
        ({"n": "0", "unit": "months"}, "n", "Tag des Eingangs wird nicht mitgezählt"),
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


# --- Issue 9, defect 7: months as a unit, closing days in German notation, n = 0 explained ----


def test_objection_period_of_one_month(as_user, world, url):  # type: ignore[no-untyped-def]
    """§ 188 (2) BGB: a notice received 15.01.2026 + 1 month → Sunday 15.02. → Monday 16.02."""
    params = {"received": "2026-01-15", "unit": "months", "n": "1", "state": "BE"}
    page = html(as_user(world.tl).get(url, params))
    assert "Montag, 16.02.2026" in page
    assert "plus 1 Monat (Berlin)" in page
    assert "§ 188 Abs. 2, 3 BGB" in page
    assert "Sonntag, 15.02.2026, ist kein Arbeitstag" in page


def test_a_month_ends_on_the_last_day_of_a_shorter_month(as_user, world, url):  # type: ignore[no-untyped-def]
    """§ 188 (3) BGB: 31.03.2027 + 1 month = 30.04.2027 (a Friday)."""
    params = {"received": "31.03.2027", "unit": "months", "n": "1", "state": "BE"}
    page = html(as_user(world.tl).get(url, params))
    assert "Freitag, 30.04.2027" in page


def test_closing_days_in_german_notation_count_and_are_shown_so(as_user, world, url):  # type: ignore[no-untyped-def]
    params = {**CHRISTMAS, "closing_days": "24.12., 31.12.2026"}
    page = html(as_user(world.tl).get(url, params))
    assert "Dienstag, 05.01.2027" in page  # the same as with 12-24, 12-31
    assert "Schließtage: 24.12., 31.12.2026" in page
    assert "Schließtag" in page


def test_the_number_field_explains_that_zero_is_no_deadline(as_user, world, url):  # type: ignore[no-untyped-def]
    page = html(as_user(world.tl).get(url))
    assert "Mindestens 1: Die Frist beginnt am Tag nach dem Eingang." in page
    assert 'aria-describedby="id_n-help"' in page or 'id="id_n-help"' in page
    assert '<input type="radio" name="unit" value="months"' in page


def test_months_through_the_shared_function(db):  # type: ignore[no-untyped-def]
    from anliegen.core.errors import InvalidInput
    from anliegen.work.calculator import compute_deadline, parse_closing_days

    result = compute_deadline(received="2026-01-31", months=1, state="BE")
    # § 188 (3) BGB: 28.02.2026, a Saturday, so the next working day (§ 193 BGB).
    assert (str(result.rolled_from), str(result.due_date)) == ("2026-02-28", "2026-03-02")
    assert parse_closing_days("24.12., 31.12.2026; 12-31") == ("12-24", "2026-12-31", "12-31")
    with pytest.raises(InvalidInput) as caught:
        compute_deadline(received="2026-01-31", calendar_days=0, state="BE")
    assert "calendar_days" in caught.value.errors
