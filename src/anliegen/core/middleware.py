"""Security headers that Django 5.2 does not set itself (NFR-05); refusal of control characters
in the input of the HTML pages (NFR-04, issue 14 fault 2); a lost race between transactions as
a 409 page, not a 500 (NFR-03, issue 14 fault 1)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from anliegen.core.errors import RETRY_AFTER_SECONDS, database_unavailable, lock_conflict
from anliegen.core.text import first_bad

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.path.startswith(("/api/", "/o/", "/admin/")):
            # Social data (§35 SGB I) must not linger in shared caches or browser history.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class InputCharactersMiddleware:
    """The pages' side of :mod:`anliegen.core.text`: a path, query parameter or form field
    holding a control character is refused with a German 422 page before any view or form sees
    it, so nothing is saved and PostgreSQL and SQLite answer alike. Line breaks and tabs
    are allowed in form fields (text areas), never in the path or the query. The API checks its
    own input field by field (:mod:`anliegen.api.inputs`) and is skipped here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            bad = self.check(request)
            if bad is not None:
                field, message = bad
                return render(
                    request,
                    "core/invalid_characters.html",
                    {"field": field, "message": message},
                    status=422,
                )
        return self.get_response(request)

    @staticmethod
    def check(request: HttpRequest) -> tuple[str, str] | None:
        path = first_bad([("path", request.path_info)], multiline=False)
        query = first_bad(
            ((key, value) for key, values in request.GET.lists() for value in values),
            multiline=False,
        )
        if path or query or request.method in {"GET", "HEAD", "OPTIONS"}:
            return path or query
        # File names need no check: Django's multipart parser drops control characters.
        return first_bad(
            ((key, value) for key, values in request.POST.lists() for value in values),
            multiline=True,
        )


class LockConflictMiddleware:
    """The pages' side of :func:`anliegen.core.errors.lock_conflict`: a deadlock or
    serialisation failure that reaches no view's own handling is answered with a German 409
    page (nothing was saved; reload and try again); a database that cannot be reached (e.g. while
    PostgreSQL restarts) with a 503 page and ``Retry-After``. The API answers its own problems."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        conflict = lock_conflict(exception)
        if conflict is not None:
            return render(request, "core/conflict.html", {"message": conflict.message}, status=409)
        unavailable = database_unavailable(exception)
        if unavailable is None:
            return None
        # Rendered without the request: its context processors (user, navigation) would ask
        # the database that just failed.
        response = HttpResponse(
            render_to_string("core/unavailable.html", {"message": unavailable}), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
