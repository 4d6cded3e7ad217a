"""Issue 9 defect 7, the shared form parts: required fields carry a visible marker, and the
errors are summarised at the form with links to the fields, so they stay next to their form."""

from __future__ import annotations

import re

from tests.web.helpers import html


def test_required_fields_are_marked_also_for_choices(as_user, world):  # type: ignore[no-untyped-def]
    page = html(as_user(world.tl).get(f"/o/{world.org.slug}/fristenrechner/"))
    # Text fields and the radio group (a fieldset legend) alike.
    assert re.search(r'for="id_n">Anzahl<span class="required" aria-hidden="true"> \*</span>', page)
    assert re.search(
        r'<legend class="field__label">Zählen in<span class="required" aria-hidden="true"> \*</span>',
        page,
    )
    # The optional field has no marker; the form says what the marker means.
    assert 'for="id_closing_days">Schließtage</label>' in page
    assert "markierte Felder sind Pflichtfelder." in page


def test_the_error_summary_sits_in_the_form_and_links_to_the_fields(as_user, world):  # type: ignore[no-untyped-def]
    params = {"received": "", "unit": "working_days", "n": "fünf", "state": "BE"}
    page = html(as_user(world.tl).get(f"/o/{world.org.slug}/fristenrechner/", params))
    form = page[
        page.index('<form id="calc-form"') : page.index("</form>", page.index('id="calc-form"'))
    ]
    assert "data-error-summary" in form
    assert 'tabindex="-1"' in form
    assert '<a href="#id_received">Eingangsdatum</a>' in form
    assert '<a href="#id_n">Anzahl</a>' in form
    assert 'id="id_received-error"' in form  # the messages stay next to their fields too
