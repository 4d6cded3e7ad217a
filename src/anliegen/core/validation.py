"""pydantic's validation errors in German (NFR-04), for the API and for every action that
validates typed data (e.g. rule sets)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _


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


def german_errors(errors: Iterable[Any], *, prefix: str | None = None) -> dict[str, str]:
    """Field (dotted path below ``prefix``) → German message, for plain pydantic errors."""
    result: dict[str, str] = {}
    for error in errors:
        name = ".".join([*([prefix] if prefix else []), *map(str, error.get("loc", ()))])
        result.setdefault(name or (prefix or "body"), field_message(error))
    return result
