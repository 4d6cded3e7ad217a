"""Issue 9, defect 3: the public complaint form (KRM-01) must not lock citizens out. Failed
validations do not count against the limit of 5 per hour, a corrected resubmission is not "too
fast" (the time check applies to the first render only), and portal error pages show no staff
links."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from anliegen.reactions.models import Reaction

TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):  # type: ignore[no-untyped-def]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def url(world):  # type: ignore[no-untyped-def]
    return reverse("reactions:public_form", args=[world.org.slug])


def token_of(response) -> str:  # type: ignore[no-untyped-def]
    found = TOKEN.search(response.content.decode())
    assert found
    return found.group(1)


def message(token: str, **extra: str) -> dict[str, str]:
    values = {
        "sender_name": "Erika Mustermann",
        "sender_email": "",
        "kind": "complaint",
        "text": "Ich warte seit sechs Wochen auf meinen Bescheid.",
        "token": token,
        "website": "",
    }
    values.update(extra)
    return values


def test_failed_validations_do_not_count_against_the_limit(world, url, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 10:00")
    client = Client()
    token = token_of(client.get(url))
    travel("2026-11-23 10:01")
    failed = [client.post(url, message(token, text="")).status_code for _ in range(6)]
    assert failed == [422] * 6
    accepted = [
        client.post(url, message(token, text=f"Nachricht {i}")).status_code for i in range(6)
    ]
    assert accepted == [302] * 5 + [429]
    assert Reaction.objects.count() == 5


def test_a_corrected_resubmission_is_not_too_fast(world, url, travel):  # type: ignore[no-untyped-def]
    """The citizen read the form for a minute, sent it with a mistake, corrected it and sent it
    again within a second: accepted, because the time check counts from the first render."""
    travel("2026-11-23 10:00:00")
    client = Client()
    first = token_of(client.get(url))
    travel("2026-11-23 10:01:00")
    rejected = client.post(url, message(first, sender_email="kein-mail"))
    assert rejected.status_code == 422
    again = token_of(rejected)
    travel("2026-11-23 10:01:01")
    accepted = client.post(url, message(again))
    assert accepted.status_code == 302
    assert Reaction.objects.count() == 1


def test_the_time_check_still_applies_to_the_first_render(world, url, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 10:00:00")
    client = Client()
    first = token_of(client.get(url))
    travel("2026-11-23 10:00:01")
    too_fast = client.post(url, message(first))
    assert too_fast.status_code == 422
    assert "zu schnell" in too_fast.content.decode()
    # Shown again with the original render time: sending it again after 3 s is accepted.
    travel("2026-11-23 10:00:04")
    assert client.post(url, message(token_of(too_fast))).status_code == 302


def test_an_expired_or_forged_token_is_replaced_on_the_page_shown_again(world, url, travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 10:00:00")
    client = Client()
    old = token_of(client.get(url))
    travel("2026-11-23 12:30:00")
    expired = client.post(url, message(old))
    assert "abgelaufen" in expired.content.decode()
    fresh = token_of(expired)
    assert fresh != old
    travel("2026-11-23 12:31:00")
    assert client.post(url, message(fresh)).status_code == 302
    forged = client.post(url, message("forged"))
    assert token_of(forged) != "forged"


@pytest.mark.parametrize("logged_in", [False, True])
def test_portal_404_pages_show_no_staff_links(world, client, logged_in):  # type: ignore[no-untyped-def]
    if logged_in:
        client.force_login(world.tl)
    response = client.get("/portal/gibt-es-nicht/anliegen/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in page
    assert "/postkorb/" not in page
    assert 'href="/"' not in page
    assert "/abmelden/" not in page
    assert "Hauptnavigation" not in page


def test_the_portal_form_shows_no_staff_header_to_a_logged_in_user(world, client, url):  # type: ignore[no-untyped-def]
    client.force_login(world.tl)
    page = client.get(url).content.decode()
    assert "/abmelden/" not in page
    assert "/postkorb/" not in page
