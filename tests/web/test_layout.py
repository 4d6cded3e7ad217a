"""FND-12/NFR-05: every page is German, accessible in structure, and loads nothing from outside."""

from __future__ import annotations

import pytest

from tests.factories import build_org, make_customer
from tests.web.helpers import html, make_item, resources


def _pages(world, customer) -> list[str]:  # type: ignore[no-untyped-def]
    o = f"/o/{world.org.slug}"
    return [
        f"{o}/postkorb/",
        f"{o}/team/{world.team.id}/",
        f"{o}/kunden/",
        f"{o}/kunden/{customer.customer_number}/",
        f"{o}/kunden/neu/",
        f"{o}/kunden/{customer.customer_number}/bearbeiten/",
        f"{o}/fristenrechner/",
        f"{o}/abwesenheiten/",
        f"{o}/benachrichtigungen/",
    ]


@pytest.fixture
def pages(world, customer):  # type: ignore[no-untyped-def]
    make_item(world, assignee=world.tl, light="red", customer=customer)
    return _pages(world, customer)


def test_every_page_is_german_with_landmarks_and_skip_link(as_user, world, pages):  # type: ignore[no-untyped-def]
    """FND-12: lang="de", a skip link to <main>, a labelled main navigation."""
    client = as_user(world.tl)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = html(response)
        assert '<html lang="de">' in page, url
        assert 'href="#main"' in page, url
        assert '<main id="main"' in page, url
        assert '<nav class="main-nav" aria-label="Hauptnavigation">' in page, url


def test_no_external_urls_inline_scripts_or_style_attributes(as_user, world, pages, client):  # type: ignore[no-untyped-def]
    """NFR-05: nothing from the internet at run time; the CSP forbids inline scripts and styles."""
    as_user(world.tl)
    for url in [*pages, "/anmelden/"]:
        if url == "/anmelden/":
            client.logout()
        found = resources(client.get(url))
        assert found.urls, url
        assert not [u for u in found.urls if u.startswith(("http://", "https://", "//"))], url
        assert found.inline_scripts == 0, url
        assert found.style_attributes == 0, url


def test_csp_and_no_store_headers(as_user, world, pages):  # type: ignore[no-untyped-def]
    """NFR-05: a strict Content-Security-Policy; pages with social data are never cached."""
    client = as_user(world.tl)
    for url in pages:
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "no-store" in response.headers["Cache-Control"], url


def test_htmx_comes_from_our_static_files_and_is_configured_for_the_csp(as_user, world):  # type: ignore[no-untyped-def]
    page = html(as_user(world.tl).get(f"/o/{world.org.slug}/postkorb/"))
    assert 'src="/static/django_htmx/htmx-2.min.js"' in page
    assert '"includeIndicatorStyles":false' in page
    assert '"historyCacheSize":0' in page  # no social data in the browser's localStorage


@pytest.mark.parametrize(
    ("who", "team", "customers", "admin"),
    [("tl", True, True, False), ("worker", False, True, False), ("provider", False, False, False)],
)
def test_navigation_follows_the_role(as_user, world, who, team, customers, admin):  # type: ignore[no-untyped-def]
    """FND-02: Team only for leads, Kunden not for providers, Verwaltung only for staff users."""
    page = html(as_user(getattr(world, who)).get(f"/o/{world.org.slug}/postkorb/"))
    assert ">Mein Postkorb<" in page
    assert (f'href="/o/{world.org.slug}/team/"' in page) is team
    assert (f'href="/o/{world.org.slug}/kunden/"' in page) is customers
    assert (f'href="/o/{world.org.slug}/tickets/"' in page) is customers
    assert ('href="/admin/"' in page) is admin
    assert ">Fristenrechner<" in page
    assert ">Abwesenheiten<" in page
    assert "Benachrichtigungen" in page


def test_staff_users_see_the_administration_link(as_user, world):  # type: ignore[no-untyped-def]
    world.admin.is_staff = True
    world.admin.save()
    page = html(as_user(world.admin).get(f"/o/{world.org.slug}/postkorb/"))
    assert 'href="/admin/">Verwaltung<' in page


def test_current_page_is_marked_in_the_navigation(as_user, world):  # type: ignore[no-untyped-def]
    page = html(as_user(world.tl).get(f"/o/{world.org.slug}/fristenrechner/"))
    assert f'href="/o/{world.org.slug}/fristenrechner/" aria-current="page"' in page


def test_logout_is_a_post_form(as_user, world, client):  # type: ignore[no-untyped-def]
    page = html(as_user(world.tl).get(f"/o/{world.org.slug}/postkorb/"))
    assert '<form method="post" action="/abmelden/">' in page
    response = client.post("/abmelden/")
    assert response.status_code == 302
    assert response.url == "/anmelden/"
    assert client.get(f"/o/{world.org.slug}/postkorb/").status_code == 302


def test_root_redirects_to_the_first_organisation(as_user, world):  # type: ignore[no-untyped-def]
    response = as_user(world.tl).get("/")
    assert response.status_code == 302
    assert response.url == f"/o/{world.org.slug}/postkorb/"


def test_anonymous_users_are_sent_to_the_login(client, world):  # type: ignore[no-untyped-def]
    response = client.get(f"/o/{world.org.slug}/postkorb/")
    assert response.status_code == 302
    assert response.url.startswith("/anmelden/?next=")


def test_user_of_two_organisations_switches_between_them(as_user, world, db):  # type: ignore[no-untyped-def]
    """FND-01: the header offers an organisation switcher; URLs are organisation-scoped."""
    from anliegen.org.models import Membership

    second = build_org("jc-zwei", state="BB", prefix="zwei_")
    Membership.objects.create(
        user=world.tl, organisation=second.org, team=second.team, role="team_lead"
    )
    client = as_user(world.tl)
    page = html(client.get(f"/o/{world.org.slug}/postkorb/"))
    assert '<select id="org-switch" name="org">' in page
    assert f'<option value="{second.org.slug}"' in page
    response = client.get("/wechseln/", {"org": second.org.slug})
    assert response.url == f"/o/{second.org.slug}/postkorb/"
    assert client.get("/wechseln/", {"org": "gibt-es-nicht"}).status_code == 404


def test_unread_notifications_are_counted_in_the_navigation(as_user, world, customer):  # type: ignore[no-untyped-def]
    make_item(world, assignee=world.tl, light="green", customer=customer)
    make_item(world, assignee=world.tl, light="green", customer=customer)
    page = html(as_user(world.tl).get(f"/o/{world.org.slug}/postkorb/"))
    assert '<span class="badge">2<span class="visually-hidden"> ungelesen</span></span>' in page


def test_user_without_organisation_gets_a_german_explanation(client, db):  # type: ignore[no-untyped-def]
    from anliegen.org.models import User

    lonely = User.objects.create_user("lonely", password="x")
    client.force_login(lonely)
    response = client.get("/")
    assert response.status_code == 403
    assert "Sie gehören keiner Organisation an" in html(response)


def test_make_customer_helper_is_used(world):  # type: ignore[no-untyped-def]
    assert make_customer(world).organisation == world.org
