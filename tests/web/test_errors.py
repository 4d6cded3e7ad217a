"""The view helper turns domain errors into German responses (NotFound → 404, Forbidden → 403,
InvalidInput/Conflict → a message and back); the error pages are German."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory

from anliegen.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from anliegen.web.views.base import org_view
from tests.web.helpers import heading, html


def _request(user, method="get", **extra):  # type: ignore[no-untyped-def]
    request = getattr(RequestFactory(), method)("/o/jc-test/x/", **extra)
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = user
    return request


def _view(error):  # type: ignore[no-untyped-def]
    @org_view
    def view(request, scope):  # type: ignore[no-untyped-def]
        raise error

    return view


def test_not_found_becomes_404(world):  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        _view(NotFound("weg"))(_request(world.tl), world.org.slug)


def test_forbidden_becomes_403(world):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _view(Forbidden("Nein"))(_request(world.tl), world.org.slug)


@pytest.mark.parametrize("error", [InvalidInput("Falsch."), Conflict("Schon erledigt.")])
def test_invalid_input_and_conflict_become_a_message_and_a_redirect(world, error):  # type: ignore[no-untyped-def]
    request = _request(world.tl, "post", HTTP_REFERER="http://testserver/o/jc-test/postkorb/")
    response = _view(error)(request, world.org.slug)
    assert response.status_code == 302
    assert response.url == "http://testserver/o/jc-test/postkorb/"
    assert [str(m) for m in get_messages(request)] == [error.message]


def test_redirect_never_leaves_the_site(world):  # type: ignore[no-untyped-def]
    request = _request(world.tl, "post", HTTP_REFERER="https://evil.example/")
    response = _view(Conflict("x"))(request, world.org.slug)
    assert response.url == f"/o/{world.org.slug}/postkorb/"


def test_htmx_requests_get_a_client_redirect(world):  # type: ignore[no-untyped-def]
    request = _request(world.tl, "post", HTTP_HX_REQUEST="true")
    request.htmx = True  # set by django-htmx's middleware in a real request
    response = _view(Conflict("x"))(request, world.org.slug)
    assert response.headers["HX-Redirect"] == f"/o/{world.org.slug}/postkorb/"


def test_non_members_get_404(world, other):  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        _view(NotFound())(_request(other.tl), world.org.slug)


def test_404_page_is_german(as_user, world):  # type: ignore[no-untyped-def]
    response = as_user(world.tl).get("/o/jc-test/gibt-es-nicht/")
    assert response.status_code == 404
    assert heading(response) == "Seite nicht gefunden"
    assert '<html lang="de">' in html(response)


def test_403_and_500_pages_are_german(rf, world):  # type: ignore[no-untyped-def]
    from django.views.defaults import permission_denied, server_error

    request = rf.get("/")
    request.user = world.tl
    denied = permission_denied(request, PermissionDenied("Nur für Teamleitungen."))
    assert denied.status_code == 403
    assert "Zugriff verweigert" in denied.content.decode()
    assert "Nur für Teamleitungen." in denied.content.decode()
    assert server_error(request).status_code == 500
    assert "Etwas ist schiefgegangen" in render_to_string("500.html")
