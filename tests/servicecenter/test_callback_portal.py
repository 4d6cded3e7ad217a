"""The callback portal (SOC-05): no login, identity check with a neutral message, the free times
of the customer's OS team, a thank-you page and an .ics that only its token opens; the public
form's spam protection (honeypot, fill time, rate limit)."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client

from anliegen.servicecenter.callbacks.models import Callback
from anliegen.servicecenter.callbacks.portal import GUARD, SALT
from tests.servicecenter.test_callback_views import make_place

URL = "/portal/sc-test/rueckruf/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def places(sc):
    return [make_place(sc.os_potsdam, "Platz 1", sc.os1)]


def step1(sc, **extra):
    data = {
        "name": "Jana Beispiel",
        "customer_number": sc.customer.customer_number,
        "birth_date": "",
        "phone": "0331 445566",
        "email": "jana@example.org",
        "purpose": "benefits_consultation",
        "token": GUARD.issue_token(sc.org),
        "website": "",
    }
    data.update(extra)
    return data


def later(travel, minutes=1):
    travel(f"2026-12-01 10:{minutes:02d}")


def text(response) -> str:
    return response.content.decode()


def test_form_without_login_and_without_staff_links(sc):
    response = Client().get(URL)
    html = text(response)
    assert response.status_code == 200
    assert "Rückruf buchen" in html
    assert 'name="website"' in html
    assert "/o/sc-test/" not in html  # no staff navigation or links
    assert "Abmelden" not in html
    assert "<script>" not in html
    assert "style=" not in html


def test_unknown_or_job_centre_org_is_404(sc, world):
    assert Client().get("/portal/nope/rueckruf/").status_code == 404
    assert Client().get(f"/portal/{world.org.slug}/rueckruf/").status_code == 404


def test_customer_books_a_callback(sc, places, travel, django_capture_on_commit_callbacks):
    client = Client()
    data = step1(sc)
    later(travel)
    page = text(client.post(URL, data))
    assert "Zeit wählen" in page
    assert "Leistungsberatung (30 Min.): Wir rufen Sie unter 0331 445566 an." in page
    assert "Mittwoch, 02.12.2026" in page
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"ticket": ticket, "start": "2026-12-02T09:00:00+01:00"})
    assert response.status_code == 302
    callback = Callback.objects.get()
    assert callback.source == "portal"
    assert callback.customer == sc.customer
    assert callback.team == sc.os_potsdam
    assert callback.created_by is None
    thanks = text(client.get(response["Location"]))
    assert "Vielen Dank, Ihr Rückruf ist gebucht" in thanks
    assert "02.12.2026, 09:00–09:30 Uhr" in thanks
    ics = re.search(r'href="([^"]+termin\.ics[^"]+)"', thanks).group(1).replace("&amp;", "&")
    download = client.get(ics)
    assert download["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in download.content
    # The same ticket again books nothing more (idempotent).
    client.post(URL, {"ticket": ticket, "start": "2026-12-02T09:00:00+01:00"})
    assert Callback.objects.count() == 1


def test_ics_and_thanks_only_with_the_bookings_token(sc, places, travel):
    travel("2026-12-01 10:00")
    other = signing.dumps(999999, salt=SALT + ".booking")
    assert Client().get(URL + "danke/", {"t": other}).status_code == 404
    assert Client().get(URL + "termin.ics", {"t": "forged"}).status_code == 404
    assert Client().get(URL + "termin.ics").status_code == 404


def test_identity_by_date_of_birth_and_name_variants(sc, places, travel):
    data = step1(sc, customer_number="", birth_date="1985-02-03", name="beispiel, JANA")
    later(travel)
    assert "Zeit wählen" in text(Client().post(URL, data))


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "Erika Muster"},  # wrong name for an existing number
        {"customer_number": "000-0000"},  # no such customer
        {"customer_number": "", "birth_date": "1990-01-01"},  # no such date of birth
    ],
)
def test_mismatch_gets_one_neutral_message(sc, places, travel, fields):
    data = step1(sc, **fields)
    later(travel)
    response = Client().post(URL, data)
    assert response.status_code == 422
    html = text(response)
    assert "Wir konnten Ihre Angaben nicht zuordnen." in html
    assert "Beispiel" not in html.replace(data["name"], "")
    assert Callback.objects.count() == 0


def test_required_fields_in_german(sc, travel):
    data = step1(sc, customer_number="", birth_date="", phone="")
    later(travel)
    html = text(Client().post(URL, data))
    assert "Geben Sie Ihre Kundennummer oder Ihr Geburtsdatum an." in html
    assert "Dieses Feld ist zwingend erforderlich." in html


def test_honeypot_and_too_fast_are_refused(sc, places, travel):
    travel("2026-12-01 10:00")
    response = Client().post(URL, step1(sc))  # sent at once
    assert response.status_code == 422
    assert "zu schnell" in text(response)
    data = step1(sc, website="http://spam.example")
    later(travel)
    response = Client().post(URL, data)
    assert response.status_code == 422
    assert "Zeit wählen" not in text(response)


def test_rate_limit_counts_identity_checks(sc, places, travel):
    data = step1(sc, name="Erika Muster")
    later(travel)
    client = Client()
    statuses = [client.post(URL, data).status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    assert "zu viele Anfragen" in text(client.post(URL, step1(sc)))


def test_taken_time_and_expired_ticket(sc, places, travel):
    client = Client()
    data = step1(sc)
    later(travel)
    page = text(client.post(URL, data))
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    bad = client.post(URL, {"ticket": ticket, "start": "2026-12-02T09:05:00+01:00"})
    assert bad.status_code == 422
    assert Callback.objects.count() == 0
    travel("2026-12-01 11:00")
    expired = client.post(URL, {"ticket": ticket, "start": "2026-12-02T09:00:00+01:00"})
    assert "Ihre Eingaben sind abgelaufen." in text(expired)
    assert Callback.objects.count() == 0


def test_portal_at_a_day_without_service_places_says_so(sc, travel):
    data = step1(sc)
    later(travel)
    page = text(Client().post(URL, data))
    assert "In den nächsten drei Wochen ist keine Rückrufzeit frei." in page
