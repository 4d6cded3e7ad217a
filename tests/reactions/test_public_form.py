"""The public form of the portal (KRM-01): no login, plain text, spam protection, confirmation."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from anliegen.reactions.models import Reaction
from anliegen.reactions.views_public import issue_token

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def url(world):
    return reverse("reactions:public_form", args=[world.org.slug])


def fields(world, **extra):
    values = {
        "sender_name": "Erika Mustermann",
        "sender_email": "",
        "kind": "complaint",
        "text": "Ich warte seit sechs Wochen auf meinen Bescheid.",
        "token": issue_token(world.org),
        "website": "",
    }
    values.update(extra)
    return values


def test_form_renders_without_login_and_without_inline_script(world, url):
    response = Client().get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in html
    assert "onclick" not in html
    assert "style=" not in html
    assert 'name="website"' in html
    assert 'name="token"' in html


def test_sending_records_an_online_reaction_for_the_office(
    world, customer, url, travel, django_capture_on_commit_callbacks
):
    """KRM-01: channel online, routed to the management office; the thank-you page shows the
    reference; an e-mail confirmation goes out after commit."""
    travel("2026-11-23 10:00")
    data = fields(world, sender_email="erika@example.org", customer_number=customer.customer_number)
    travel("2026-11-23 10:01")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(url, data, follow=True)
    reaction = Reaction.objects.get()
    assert reaction.channel == "online"
    assert reaction.customer == customer
    assert reaction.item.assignee == world.office
    assert reaction.recorded_by is None
    html = response.content.decode()
    assert reaction.reference in html
    assert "Vielen Dank" in html
    confirmations = [m for m in mail.outbox if m.to == ["erika@example.org"]]
    assert len(confirmations) == 1
    assert reaction.reference in confirmations[0].body
    assert customer.customer_number not in confirmations[0].body
    # The management office is told of the new item (its own notification e-mail).
    assert [m.to for m in mail.outbox if m not in confirmations] == [[world.office.email]]


def test_unknown_customer_number_is_not_revealed(world, url, travel):
    """Whether a customer number exists is never told to the sender."""
    travel("2026-11-23 10:00")
    data = fields(world, customer_number="999999")
    travel("2026-11-23 10:01")
    response = Client().post(url, data, follow=True)
    assert response.status_code == 200
    reaction = Reaction.objects.get()
    assert reaction.customer is None
    assert "999999" in reaction.text
    assert "999999" not in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "Hallo <script>alert(1)</script>"}, "ohne HTML"),
        ({"sender_name": ""}, "Pflichtfeld"),
        ({"kind": "conduct_complaint"}, "gültige Auswahl"),
        ({"sender_email": "kein-mail"}, "E-Mail-Adresse"),
    ],
)
def test_bad_input_is_rejected_in_german(world, url, travel, change, message):
    travel("2026-11-23 10:00")
    data = fields(world, **change)
    travel("2026-11-23 10:01")
    response = Client().post(url, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Reaction.objects.count() == 0


def test_honeypot_and_timing(world, url, travel):
    """Spam protection: a filled honeypot, a form sent within 3 s, an expired or forged token."""
    travel("2026-11-23 10:00:00")
    data = fields(world)
    travel("2026-11-23 10:00:01")
    too_fast = Client().post(url, data)
    assert "zu schnell" in too_fast.content.decode()
    travel("2026-11-23 10:01:00")
    assert Client().post(url, {**data, "website": "http://spam"}).status_code == 422
    assert Client().post(url, {**data, "token": "forged"}).status_code == 422
    travel("2026-11-23 12:01:00")
    expired = Client().post(url, data)
    assert "abgelaufen" in expired.content.decode()
    assert Reaction.objects.count() == 0


def test_rate_limit_per_ip(world, url, travel):
    travel("2026-11-23 10:00")
    data = fields(world)
    travel("2026-11-23 10:01")
    client = Client()
    statuses = [client.post(url, {**data, "text": f"Nachricht {i}"}).status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]
    assert Reaction.objects.count() == 5


def test_rate_limit_behind_a_proxy_counts_per_client_address(world, url, travel, settings):
    """KRM-01 behind a reverse proxy (``ANLIEGEN_CLIENT_IP_HEADER``): every request comes from
    the proxy, but the limit counts per address in the proxy's header."""
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    travel("2026-11-23 10:00")
    data = fields(world)
    travel("2026-11-23 10:01")
    client = Client(REMOTE_ADDR="10.0.0.1")
    first = [
        client.post(url, {**data, "text": f"A {i}"}, HTTP_X_REAL_IP="192.0.2.1").status_code
        for i in range(6)
    ]
    other = client.post(url, {**data, "text": "B"}, HTTP_X_REAL_IP="192.0.2.2").status_code
    assert first == [302] * 5 + [429]
    assert other == 302
    assert Reaction.objects.count() == 6


def test_attachment_is_checked_by_content(world, url, travel):
    travel("2026-11-23 10:00")
    data = fields(world)
    travel("2026-11-23 10:01")
    fake = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100)
    fake.name = "bescheid.pdf"
    response = Client().post(url, {**data, "attachment": fake})
    assert response.status_code == 422
    assert Reaction.objects.count() == 0
    good = io.BytesIO(PNG)
    good.name = "foto.png"
    assert Client().post(url, {**data, "attachment": good}).status_code == 302
    assert Reaction.objects.get().attachments.get().content_type == "image/png"


def test_unknown_organisation_is_404(db):
    assert Client().get("/portal/gibt-es-nicht/anliegen/").status_code == 404


def test_office_assigns_an_online_reaction_to_a_team(world, url, travel):
    """An online reaction has no team yet; the management office sets the lead team and the
    reaction moves to that team's TL (KRM-03)."""
    from anliegen.org.scope import scope_for
    from anliegen.reactions.actions import set_teams

    travel("2026-11-23 10:00")
    data = fields(world)
    travel("2026-11-23 10:01")
    Client().post(url, data)
    reaction = Reaction.objects.get()
    assert list(reaction.teams.all()) == []
    assert reaction.item.team is None
    set_teams(
        actor=world.office,
        scope=scope_for(world.office, world.org),
        reaction=reaction,
        team_ids=[],
        lead_team_id=world.team.id,
    )
    reaction.refresh_from_db()
    assert reaction.lead_team == world.team
    assert reaction.item.assignee == world.tl
    assert reaction.item.team == world.team
