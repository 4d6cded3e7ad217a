"""FND-05/FND-08: notes, corrections and follow-ups on the customer page (NFR-04 bad input)."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.customers.models import HistoryEntry
from anliegen.work.models import WorkItem
from tests.web.helpers import html


@pytest.fixture
def urls(world, customer):  # type: ignore[no-untyped-def]
    base = f"/o/{world.org.slug}/kunden/{customer.customer_number}/"
    return {"page": base, "note": base + "vermerk/", "follow_up": base + "wiedervorlage/"}


def test_note_is_saved_and_shown(as_user, world, customer, urls, travel):  # type: ignore[no-untyped-def]
    """FND-05: a consultation note lands in the timeline with author and contact date."""
    travel("2026-11-23 09:00")
    client = as_user(world.worker)
    response = client.post(
        urls["note"],
        {"kind": "consultation", "text": "Beratung zu Bewerbungen.", "contact_date": "2026-11-20"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == urls["page"] + "#verlauf"
    entry = customer.history.get()
    assert (entry.kind, entry.text, entry.author) == (
        "consultation",
        "Beratung zu Bewerbungen.",
        world.worker,
    )
    assert entry.contact_date == dt.date(2026, 11, 20)
    page = html(response)
    assert "Der Vermerk wurde gespeichert." in page
    assert "Beratung zu Bewerbungen." in page
    assert "Kontakt am 20.11.2026" in page


def test_htmx_note_rerenders_timeline_and_a_fresh_form(as_user, world, customer, urls):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).post(
        urls["note"], {"kind": "note", "text": "Telefonat."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = html(response)
    assert page.startswith('<section id="notes"')
    assert '<div class="timeline__text">Telefonat.</div>' in page
    assert '<textarea name="text"' in page
    assert "Telefonat.</textarea>" not in page
    assert 'id="messages" class="messages" role="status" hx-swap-oob="innerHTML"' in page
    assert customer.history.count() == 1


def test_empty_note_shows_a_german_error_and_saves_nothing(as_user, world, customer, urls):  # type: ignore[no-untyped-def]
    """NFR-04: bad input → German message next to the field, nothing changed."""
    response = as_user(world.worker).post(urls["note"], {"kind": "note", "text": "   "})
    assert response.status_code == 200
    page = html(response)
    assert "Bitte korrigieren Sie die markierten Angaben." in page
    assert '<p class="field__error" id="id_text-error">' in page
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert 'aria-describedby="id_text-error" aria-invalid="true"' in page
    assert customer.history.count() == 0


def test_contact_date_in_the_future_is_rejected(as_user, world, customer, urls, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    response = as_user(world.worker).post(
        urls["note"],
        {"kind": "note", "text": "Termin", "contact_date": "2026-12-01"},
        HTTP_HX_REQUEST="true",
    )
    page = html(response)
    assert '<p class="field__error" id="id_contact_date-error">' in page
    assert customer.history.count() == 0


def test_unparseable_date_is_a_german_error(as_user, world, customer, urls):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).post(
        urls["note"], {"kind": "note", "text": "x", "contact_date": "morgen"}
    )
    assert "Bitte ein gültiges Datum eingeben." in html(response)
    assert customer.history.count() == 0


def test_correct_link_prefills_the_form(as_user, world, customer, urls):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    client.post(urls["note"], {"kind": "note", "text": "Falsche Angabe"})
    original = customer.history.get()
    page = html(client.get(urls["page"]))
    assert f'href="{urls["page"]}?korrektur={original.id}#vermerk">Korrigieren' in page

    page = html(client.get(urls["page"], {"korrektur": original.id}))
    assert "Vermerk korrigieren" in page
    assert f'name="corrects" value="{original.id}"' in page
    assert "Falsche Angabe</textarea>" in page


def test_correction_refers_to_the_original_which_stays(as_user, world, customer, urls):  # type: ignore[no-untyped-def]
    """FND-05: notes are append-only; a correction is a new note referencing the old one."""
    client = as_user(world.worker)
    client.post(urls["note"], {"kind": "note", "text": "Falsche Angabe"})
    original = customer.history.get()
    client.post(urls["note"], {"kind": "note", "text": "Richtige Angabe", "corrects": original.id})
    correction = customer.history.exclude(id=original.id).get()
    assert correction.kind == HistoryEntry.Kind.CORRECTION
    assert correction.corrects_id == original.id
    page = html(client.get(urls["page"]))
    assert "Falsche Angabe" in page
    assert "Richtige Angabe" in page
    assert "Korrigiert den Eintrag vom" in page
    assert "Später korrigiert" in page


def test_correction_of_another_customers_note_is_refused(as_user, world, customer, urls):  # type: ignore[no-untyped-def]
    from tests.factories import make_customer

    stranger = make_customer(world)
    client = as_user(world.worker)
    client.post(
        f"/o/{world.org.slug}/kunden/{stranger.customer_number}/vermerk/",
        {"kind": "note", "text": "A"},
    )
    foreign = stranger.history.get()
    response = client.post(urls["note"], {"kind": "note", "text": "B", "corrects": foreign.id})
    assert "Der zu korrigierende Vermerk wurde nicht gefunden." in html(response)
    assert customer.history.count() == 0


def test_follow_up_is_set(as_user, world, customer, urls, travel):  # type: ignore[no-untyped-def]
    """FND-08: a follow-up on the customer becomes an item in my worklist on that date."""
    travel("2026-11-23 09:00")
    response = as_user(world.worker).post(
        urls["follow_up"], {"on": "2026-11-30", "note": "Nachweise prüfen"}, follow=True
    )
    assert "Wiedervorlage für den 30.11.2026 gesetzt." in html(response)
    item = WorkItem.objects.get(kind="follow_up")
    assert (item.assignee, item.customer, item.visible_from) == (
        world.worker,
        customer,
        dt.date(2026, 11, 30),
    )
    assert item.note == "Nachweise prüfen"


def test_follow_up_in_the_past_is_rejected(as_user, world, customer, urls, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 09:00")
    response = as_user(world.worker).post(
        urls["follow_up"], {"on": "2026-11-01", "note": "Zu spät"}
    )
    assert response.status_code == 200
    assert '<p class="field__error" id="id_on-error">' in html(response)
    assert not WorkItem.objects.filter(kind="follow_up").exists()


def test_follow_up_without_note_is_rejected(as_user, world, customer, urls):  # type: ignore[no-untyped-def]
    response = as_user(world.worker).post(urls["follow_up"], {"on": "2030-01-01", "note": ""})
    assert '<p class="field__error" id="id_note-error">' in html(response)
    assert not WorkItem.objects.filter(kind="follow_up").exists()


def test_get_on_post_endpoints_redirects_to_the_customer(as_user, world, customer, urls):  # type: ignore[no-untyped-def]
    client = as_user(world.worker)
    assert client.get(urls["note"]).url == urls["page"]
    assert client.get(urls["follow_up"]).url == urls["page"]


def test_consultation_note_prompts_a_profile_check(client, world, customer):  # type: ignore[no-untyped-def]
    """KON-07: the consultation note asks whether profile and profiling need an update."""
    client.force_login(world.worker)
    url = f"/o/jc-test/kunden/{customer.customer_number}/vermerk/"
    response = client.post(
        url, {"kind": "consultation", "text": "Beratung zur Bewerbung"}, follow=True
    )
    page = response.content.decode()
    assert "Bitte prüfen Sie, ob Profillage (derzeit: Marktprofil) und Profiling" in page
    response = client.post(url, {"kind": "note", "text": "Telefonat"}, follow=True)
    assert "Bitte prüfen Sie, ob Profillage" not in response.content.decode()
