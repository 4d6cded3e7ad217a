"""Errors of the HTTP API as ``application/problem+json`` (RFC 9457) with German text (FND-12).

Every error the API returns goes through :func:`problem`: domain errors raised by actions and
scoped getters (:mod:`anliegen.core.errors`), ninja's validation errors (translated field by
field), a missing or bad token, unknown routes and methods, and unexpected failures.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from anliegen.core.errors import (
    RETRY_AFTER_SECONDS,
    DomainError,
    database_unavailable,
    lock_conflict,
)
from anliegen.core.validation import field_message

logger = logging.getLogger("anliegen.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "/api/v1/problems/"

#: Problem types: code → (HTTP status, German title). ``type`` is PROBLEM_BASE + code.
PROBLEM_TYPES: dict[str, tuple[int, Any]] = {
    "bad-request": (400, gettext_lazy("Bad request")),
    "unauthenticated": (401, gettext_lazy("Authentication required")),
    "forbidden": (403, gettext_lazy("Not allowed")),
    "not-found": (404, gettext_lazy("Not found")),
    "method-not-allowed": (405, gettext_lazy("Method not allowed")),
    "conflict": (409, gettext_lazy("Conflict")),
    "content-too-large": (413, gettext_lazy("Request too large")),
    "invalid-input": (422, gettext_lazy("Invalid input")),
    "too-many-requests": (429, gettext_lazy("Too many requests")),
    "server-error": (500, gettext_lazy("Internal error")),
    "service-unavailable": (503, gettext_lazy("Service unavailable")),
}
_CODE_BY_STATUS = {status: code for code, (status, _title) in PROBLEM_TYPES.items()}


class Problem(Schema):
    """An error (RFC 9457). ``detail`` is German; ``errors`` maps input fields to messages."""

    type: str = Field(
        description="URI reference of the problem type, e.g. /api/v1/problems/not-found"
    )
    title: str = Field(description="Short German summary of the problem type")
    status: int
    detail: str = Field(description="German explanation of this occurrence")
    errors: dict[str, str] | None = Field(
        None,
        description="Invalid input only: field name (dotted for nested fields) → German message",
    )
    instance: str | None = Field(None, description="The path of the request")


def problem(
    request: HttpRequest | None,
    status: int,
    detail: str,
    *,
    errors: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    code = _CODE_BY_STATUS.get(status, "bad-request" if status < 500 else "server-error")
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": str(PROBLEM_TYPES[code][1]),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    if request is not None:
        body["instance"] = request.path
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE
    )
    response["Content-Language"] = "de"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unauthenticated(request: HttpRequest | None) -> HttpResponse:
    return problem(
        request,
        401,
        _("Please authenticate with a valid API token (header “Authorization: Bearer …”)."),
        headers={"WWW-Authenticate": 'Bearer realm="anliegen"'},
    )


def not_found(request: HttpRequest | None) -> HttpResponse:
    return problem(request, 404, _("There is nothing at this address."))


def method_not_allowed(request: HttpRequest, allowed: Iterable[str]) -> HttpResponse:
    methods = ", ".join(sorted(allowed))
    return problem(
        request,
        405,
        _("The method %(method)s is not allowed here. Allowed: %(allowed)s.")
        % {"method": request.method, "allowed": methods},
        headers={"Allow": methods},
    )


def field_name(loc: Iterable[Any]) -> str:
    """``("body", "payload", "data", "amber_share")`` → ``"data.amber_share"``.

    Handlers call their body parameter ``payload``; its name is not part of the field name.
    """
    parts = [str(p) for p in loc]
    source, rest = (parts[0], parts[1:]) if parts else ("body", [])
    if source == "body" and rest and rest[0] == "payload":
        rest = rest[1:]
    return ".".join(rest) or "body"


def validation_errors(errors: Iterable[Any], *, prefix: str | None = None) -> dict[str, str]:
    """Field → German message. ``prefix`` set: plain pydantic errors of a nested value (their
    ``loc`` has no source), named ``prefix.field``."""
    result: dict[str, str] = {}
    for error in errors:
        loc = error.get("loc", ())
        name = field_name(loc) if prefix is None else ".".join([prefix, *map(str, loc)])
        result.setdefault(name, field_message(error))
    return result


# --- Exception handlers ---------------------------------------------------------------------


def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem(request, exc.status, exc.message, errors=exc.errors or None)


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(request, 422, _("The input is invalid."), errors=validation_errors(exc.errors))


def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return unauthenticated(request)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    texts = {
        400: _("The request body is not valid JSON."),
        403: _("You are not allowed to do this."),
        404: _("There is nothing at this address."),
        429: _("Too many requests. Please wait a moment and try again."),
    }
    return problem(
        request,
        exc.status_code,
        texts.get(exc.status_code, _("The request could not be processed.")),
    )


def _http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return not_found(request)


def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(
        request,
        413,
        _("The request is too large (at most %(size)s MB without files).")
        % {"size": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:.1f}".replace(".", ",")},
    )


def _unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body the framework cannot read: a multipart body without boundary, a broken upload,
    too many fields (Django's SuspiciousOperation family)."""
    return problem(request, 400, _("The request body cannot be read."))


def _database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    """A deadlock or serialisation failure is a lost race (409), a database that cannot be
    reached 503 with ``Retry-After``; anything else a 500."""
    conflict = lock_conflict(exc)
    if conflict is not None:
        logger.warning("lost race on %s %s: %s", request.method, request.path, exc)
        return _domain_error(request, conflict)
    unavailable = database_unavailable(exc)
    if unavailable is not None:
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        return problem(request, 503, unavailable, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return _unexpected(request, exc)


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem(request, 500, _("An internal error occurred. Please try again later."))


def install_handlers(api: NinjaAPI) -> None:
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (DomainError, _domain_error),
        (ValidationError, _validation_error),
        (AuthenticationError, _authentication_error),
        (HttpError, _http_error),
        (Http404, _http404),
        (RequestDataTooBig, _too_large),
        (MultiPartParserError, _unreadable),
        (UnreadablePostError, _unreadable),
        (SuspiciousOperation, _unreadable),
        (DatabaseError, _database_error),
        (Exception, _unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def error_responses(*statuses: int) -> dict[int, type[Problem]]:
    """Document error statuses of an operation in the OpenAPI document."""
    return dict.fromkeys(statuses, Problem)
