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

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from anliegen.core.errors import DomainError

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
    "invalid-input": (422, gettext_lazy("Invalid input")),
    "too-many-requests": (429, gettext_lazy("Too many requests")),
    "server-error": (500, gettext_lazy("Internal error")),
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


# --- Validation errors: pydantic's error types in German -------------------------------------


def _limit(ctx: dict[str, Any], key: str) -> str:
    return str(ctx.get(key, ""))


def _allowed(ctx: dict[str, Any]) -> str:
    """pydantic's ``"'a', 'b' or 'c'"`` → ``"a, b, c"``."""
    expected = str(ctx.get("expected", ""))
    return expected.replace("' or '", "', '").replace("'", "")


def field_message(error: dict[str, Any]) -> str:
    """A German message for one pydantic error (the common types; a generic text otherwise)."""
    kind = str(error.get("type", ""))
    ctx: dict[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return _("Required.")
    if kind.startswith("datetime_"):
        return _("Not a valid date and time (ISO 8601, e.g. 2026-11-23T09:30:00+01:00).")
    if kind.startswith("date_"):
        return _("Not a valid date (YYYY-MM-DD).")
    if kind in {"literal_error", "enum"}:
        return _("Unknown code. Allowed: %(allowed)s.") % {"allowed": _allowed(ctx)}
    if kind in {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}:
        return _("Not a whole number.")
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return _("Not a number.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Must be true or false.")
    if kind == "string_too_long":
        return _("Too long (at most %(max)s characters).") % {"max": _limit(ctx, "max_length")}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return _("Must not be empty.")
        return _("Too short (at least %(min)s characters).") % {"min": _limit(ctx, "min_length")}
    if kind == "string_type":
        return _("Must be a text.")
    if kind == "string_pattern_mismatch":
        return _("Has the wrong format.")
    if kind in {"greater_than_equal", "greater_than"}:
        key = "ge" if kind == "greater_than_equal" else "gt"
        return (
            _("Must be at least %(limit)s.")
            if key == "ge"
            else _("Must be greater than %(limit)s.")
        ) % {"limit": _limit(ctx, key)}
    if kind in {"less_than_equal", "less_than"}:
        key = "le" if kind == "less_than_equal" else "lt"
        return (
            _("Must be at most %(limit)s.") if key == "le" else _("Must be less than %(limit)s.")
        ) % {"limit": _limit(ctx, key)}
    if kind in {"too_long"}:
        return _("Too many entries (at most %(max)s).") % {"max": _limit(ctx, "max_length")}
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Must be a list.")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return _("Must be a JSON object.")
    if kind == "value_error":
        # Our own validators raise German messages; pydantic prefixes them.
        return str(error.get("msg", "")).removeprefix("Value error, ") or _("Invalid value.")
    return _("Invalid value.")


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
        (Exception, _unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def error_responses(*statuses: int) -> dict[int, type[Problem]]:
    """Document error statuses of an operation in the OpenAPI document."""
    return dict.fromkeys(statuses, Problem)
