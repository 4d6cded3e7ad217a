"""NFR-05: German login with rate limiting (django-axes) and a German lockout page."""

from __future__ import annotations

from tests.factories import PASSWORD
from tests.web.helpers import heading, html


def test_login_page_is_german_and_labelled(client, world):  # type: ignore[no-untyped-def]
    response = client.get("/anmelden/")
    assert response.status_code == 200
    assert heading(response) == "Anmelden"
    page = html(response)
    assert '<label class="field__label" for="id_username">Benutzername' in page
    assert '<label class="field__label" for="id_password">Passwort' in page


def test_login_leads_to_the_worklist(client, world):  # type: ignore[no-untyped-def]
    """Given the TL's password, when they log in, then they land in their Postkorb."""
    response = client.post("/anmelden/", {"username": "tl", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == f"/o/{world.org.slug}/postkorb/"
    assert heading(response) == "Mein Postkorb"


def test_wrong_password_shows_a_german_error(client, world):  # type: ignore[no-untyped-def]
    response = client.post("/anmelden/", {"username": "tl", "password": "falsch"})
    assert response.status_code == 200
    page = html(response)
    assert 'role="alert"' in page
    assert "Benutzername" in page
    assert "Passwort" in page
    assert "Bitte Benutzername und Passwort eingeben" in page


def test_repeated_failures_lock_the_login_with_a_german_page(client, world, settings):  # type: ignore[no-untyped-def]
    """NFR-05: after the configured number of failures the login is locked (axes)."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/anmelden/", {"username": "tl", "password": "falsch"})
    response = client.post("/anmelden/", {"username": "tl", "password": PASSWORD})
    assert response.status_code == 429
    assert heading(response) == "Anmeldung vorübergehend gesperrt"
    assert "Fehlversuchen gesperrt" in html(response)
    assert '<html lang="de">' in html(response)
