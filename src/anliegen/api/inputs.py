"""Strict input for every API operation, applied once when the URLs are built (issue 14,
faults 2, 3 and 4; NFR-04).

The handlers' schemas say what a field is (``str``, ``int``, ``datetime``); this module adds what
every such field of every operation must also satisfy, so no router has to remember it:

* **Texts** hold no control characters (:mod:`anliegen.core.text`); tab and line breaks only in
  request bodies, never in paths, query parameters or headers.
* **Whole numbers** lie in the signed 32-bit range, which every integer column of both databases
  holds (a larger ``offset`` or id is a 422, not a database error).
* **Dates** are ``YYYY-MM-DD`` strings and **times of day** local ``HH:MM[:SS[.ffffff]]`` strings
  without an offset: no numbers, which pydantic would read as Unix timestamps (``0`` → 1970-01-01)
  or as seconds with a UTC offset that no local time of day has.
* **Datetimes** are ISO 8601 strings (no Unix timestamps), with an offset of at most ±14:00, in
  the years 2000–2100. A value without an offset is wall time in Europe/Berlin, as appointments
  have always read it; the ambiguous hour of the autumn switch means its first occurrence
  (summer time, +02:00); a time in the missing hour of the spring switch is read with the offset
  before the switch (+01:00), so 02:30 is 03:30 summer time.

Pydantic models are hardened in place (their fields get validators, then the model is rebuilt),
nested models and containers included; values typed ``Any`` are checked as JSON.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Annotated, Any

from annotated_types import Ge, Gt, Le, Lt
from django.utils.translation import gettext as _
from ninja.params.models import HeaderModel, PathModel, QueryModel
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from pydantic.fields import FieldInfo

from anliegen.core.clock import BERLIN
from anliegen.core.text import bad_character, character_message

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
YEAR_MIN = 2000
YEAR_MAX = 2100
MAX_OFFSET_MINUTES = 14 * 60

DATETIME_NOTE = (
    "ISO 8601 (e.g. `2026-11-23T09:30:00+01:00`), years 2000–2100, offset at most ±14:00. "
    "Without an offset: wall time in Europe/Berlin (the ambiguous hour of the autumn switch is "
    "its first occurrence, +02:00; a time in the missing hour of the spring switch is read "
    "with +01:00, i.e. 02:30 is 03:30 summer time)."
)

_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
    r"(?P<offset>Z|[+-](?P<hours>\d{2}):?(?P<minutes>\d{2}))?",
    re.IGNORECASE,
)


#: What the rules above allow, as patterns in the OpenAPI document (ECMA regex), so that clients
#: and fuzzers know them: texts without control characters, datetimes in 2000–2100.
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
MULTI_LINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
_SINGLE_LINE_CHAR = r"[^\u0000-\u001f\u007f-\u009f]"
_MULTI_LINE_CHAR = r"[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]"
#: The same, for a text its action refuses when blank: at least one character that is no space.
SINGLE_LINE_NON_BLANK_PATTERN = (
    rf"^{_SINGLE_LINE_CHAR}*[^\s\u0000-\u001f\u007f-\u009f]{_SINGLE_LINE_CHAR}*$"
)
MULTI_LINE_NON_BLANK_PATTERN = (
    rf"^{_MULTI_LINE_CHAR}*[^\s\u0000-\u001f\u007f-\u009f]{_MULTI_LINE_CHAR}*$"
)
_NON_BLANK = "x-anliegen-non-blank"


#: A decimal given as a string (``"7.5"``); as a JSON number it needs no pattern.
DECIMAL_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"

#: An ISO week as the API takes it (``2026-W49``); the actions say why another one is refused.
ISO_WEEK_PATTERN = r"^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$"


def documented(param: Any, **schema: Any) -> Any:
    """A parameter (``Query``, ``Path`` …, which take no ``json_schema_extra``) whose OpenAPI
    schema also states ``schema``: a rule its action checks with its own German message, so
    pydantic does not check it a second time. E.g. ``documented(Query(None), minimum=1)``.
    (A body ``Field`` takes ``json_schema_extra={…}`` directly.)"""
    extra = param.json_schema_extra
    if callable(extra):
        raise TypeError("documented() needs a parameter without a json_schema_extra function")
    param.json_schema_extra = {**(extra or {}), **schema}
    return param


def required_text(**kwargs: Any) -> Any:
    """A ``Field`` for a text its action refuses when blank ("Pflichtfeld"): the OpenAPI document
    states it with a pattern (see :data:`MULTI_LINE_NON_BLANK_PATTERN`). The action keeps the
    check and its German message, so API and forms answer alike."""
    return Field(json_schema_extra={_NON_BLANK: True}, **kwargs)


#: A time of day as the API reads and writes it: ``08:00``, ``08:00:00``, ``08:00:00.5``.
LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCAL_TIME = re.compile(LOCAL_TIME_PATTERN)
#: Days per month as the calendar has them (the 29 February of a common year aside).
_MONTH_DAY = (
    r"((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31|02-29)"
)
DATETIME_PATTERN = (
    rf"^(20[0-9]{{2}}|2100)-{_MONTH_DAY}[Tt ]([01][0-9]|2[0-3])"
    r":[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?([Zz]|[+-]((0[0-9]|1[0-3]):?[0-5][0-9]|14:?00))?$"
)


_NON_BLANK_OF = {
    SINGLE_LINE_PATTERN: SINGLE_LINE_NON_BLANK_PATTERN,
    MULTI_LINE_PATTERN: MULTI_LINE_NON_BLANK_PATTERN,
}


def _documented(pattern: str, *, replace_format: bool) -> Callable[[dict[str, Any]], None]:
    """A ``json_schema_extra`` that gives the string schemas of a field ``pattern`` (also inside
    ``anyOf`` for optional fields); fields with a pattern or codes of their own keep them, and
    a format stays unless ``replace_format`` (a datetime may come without an offset, which the
    RFC 3339 ``date-time`` format does not allow; the pattern says what is accepted)."""

    def extra(schema: dict[str, Any]) -> None:
        wanted = pattern
        if schema.pop(_NON_BLANK, False):
            wanted = _NON_BLANK_OF.get(pattern, pattern)
        for node in [schema, *schema.get("anyOf", [])]:
            if node.get("type") != "string" or "pattern" in node or "enum" in node:
                continue
            if "format" in node and not replace_format:
                continue
            node.pop("format", None)
            node["pattern"] = wanted

    return extra


def _combined(first: Any, second: Any) -> Any:
    """Two ``json_schema_extra`` (a dict, a callable or None) applied one after the other."""
    if not first:
        return second

    def both(schema: dict[str, Any]) -> None:
        for extra in (first, second):
            if callable(extra):
                extra(schema)
            elif extra:
                schema.update(extra)

    return both


# --- The checks -------------------------------------------------------------------------------


def _text_check(*, multiline: bool) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, str):
            char = bad_character(value, multiline=multiline)
            if char is not None:
                raise ValueError(character_message(char))
        return value

    return check


def _int_check(value: Any) -> Any:
    """For numbers inside values typed ``Any`` (typed fields get documented bounds instead)."""
    if isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
        raise ValueError(
            _("Out of range (from %(min)s to %(max)s).") % {"min": INT_MIN, "max": INT_MAX}
        )
    return value


def _int_bounds(metadata: Iterable[Any] = ()) -> list[Any]:
    """``minimum``/``maximum`` of the 32-bit range where the field has no tighter bound of its
    own: they are checked and appear in the OpenAPI document."""
    given = list(metadata)
    bounds: list[Any] = []
    if not any(isinstance(m, Ge | Gt) for m in given):
        bounds.append(Ge(INT_MIN))
    if not any(isinstance(m, Le | Lt) for m in given):
        bounds.append(Le(INT_MAX))
    return bounds


def _datetime_message() -> str:
    return _(
        "Not a valid date and time (ISO 8601 between the years 2000 and 2100, "
        "e.g. 2026-11-23T09:30:00+01:00)."
    )


def _iso_only(value: Any) -> Any:
    """Before pydantic parses: a string in ISO 8601 with a plausible offset, nothing else."""
    if value is None or isinstance(value, dt.datetime):
        return value
    match = _ISO_DATETIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(_datetime_message())
    hours, minutes = match["hours"], match["minutes"]
    if hours is not None and int(hours) * 60 + int(minutes) > MAX_OFFSET_MINUTES:
        raise ValueError(_datetime_message())
    return value


def _string_only(
    kind: type, pattern: re.Pattern[str], message: Callable[[], str]
) -> Callable[[Any], Any]:
    """Before pydantic parses: a ``kind`` arrives as a string matching ``pattern`` (or already
    as a ``kind``), never as a number pydantic would read as a timestamp or seconds."""

    def check(value: Any) -> Any:
        if value is None or isinstance(value, kind):
            return value
        if not (isinstance(value, str) and pattern.fullmatch(value)):
            raise ValueError(message())
        return value

    return check


_date_only = _string_only(dt.date, _ISO_DATE, lambda: _("Not a valid date (YYYY-MM-DD)."))
_local_time_only = _string_only(
    dt.time,
    _LOCAL_TIME,
    lambda: _("Not a valid time of day (HH:MM or HH:MM:SS, without offset)."),
)


def _berlin_in_range(value: Any) -> Any:
    """After parsing: naive → Berlin wall time (``fold=0``); the year within 2000–2100."""
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=BERLIN, fold=0)
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValueError(_datetime_message())
    return value


def _json_check(*, multiline: bool) -> Callable[[Any], Any]:
    """For values typed ``Any``: every text (keys too) and every number inside."""
    text = _text_check(multiline=multiline)

    def check(value: Any) -> Any:
        if isinstance(value, dict):
            for key, item in value.items():
                text(key)
                check(item)
        elif isinstance(value, list | tuple):
            for item in value:
                check(item)
        else:
            text(value)
            _int_check(value)
        return value

    return check


# --- Hardening the types ----------------------------------------------------------------------


def _leaf_validators(tp: Any, *, multiline: bool) -> list[Any] | None:
    """The validators of a leaf type; None if ``tp`` is not a leaf we check."""
    if tp is str:
        pattern = MULTI_LINE_PATTERN if multiline else SINGLE_LINE_PATTERN
        return [
            AfterValidator(_text_check(multiline=multiline)),
            Field(json_schema_extra=_documented(pattern, replace_format=False)),
        ]
    if tp is int:
        return _int_bounds()
    if tp is dt.datetime:
        return [
            BeforeValidator(_iso_only),
            AfterValidator(_berlin_in_range),
            Field(json_schema_extra=_documented(DATETIME_PATTERN, replace_format=True)),
        ]
    if tp is Decimal:
        return [Field(json_schema_extra=_documented(DECIMAL_PATTERN, replace_format=False))]
    if tp is dt.date:
        return [BeforeValidator(_date_only)]
    if tp is dt.time:
        return [BeforeValidator(_local_time_only)]
    if tp is Any:
        return [AfterValidator(_json_check(multiline=multiline))]
    return None


def _optional_leaf(tp: Any) -> Any:
    """``X`` for ``X | None`` and for ``X``; None for anything else."""
    if typing.get_origin(tp) in {typing.Union, types.UnionType}:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else None
    return tp


_MARK = "__anliegen_hardened__"


def _models_in(tp: Any) -> Iterable[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp
    for arg in typing.get_args(tp):
        yield from _models_in(arg)


class _Hardener:
    def model(self, model: type[BaseModel], *, multiline: bool) -> bool:
        """Harden ``model`` (once per class, however many operations use it); whether it
        changed, so that the models containing it are rebuilt too."""
        if _MARK in model.__dict__:
            return bool(model.__dict__[_MARK])
        setattr(model, _MARK, False)
        changed = False
        for field in model.model_fields.values():
            changed = self.field(field, multiline=multiline) or changed
        if changed:
            model.model_rebuild(force=True)
        setattr(model, _MARK, changed)
        return changed

    def field(self, field: FieldInfo, *, multiline: bool) -> bool:
        leaf = _optional_leaf(field.annotation)
        validators = _leaf_validators(leaf, multiline=multiline)
        if leaf is int:
            validators = _int_bounds(field.metadata)
        if validators is not None:
            # As metadata of the field, so its own constraints (max_length …) keep their errors;
            # the schema note goes to the field itself unless it has one of its own.
            for validator in validators:
                if isinstance(validator, FieldInfo):
                    field.json_schema_extra = _combined(
                        field.json_schema_extra, validator.json_schema_extra
                    )
                else:
                    field.metadata.append(validator)
            if leaf is dt.datetime:
                own = (field.description or "").rstrip(".")
                field.description = f"{own}. {DATETIME_NOTE}" if own else DATETIME_NOTE
            return True
        hardened = self.annotation(field.annotation, multiline=multiline)
        if hardened is not field.annotation:
            field.annotation = hardened
            return True
        # A nested model that changed was rebuilt; the model holding it must be rebuilt too.
        return any(model.__dict__.get(_MARK) for model in _models_in(hardened))

    def annotation(self, tp: Any, *, multiline: bool) -> Any:
        """``tp`` with validators on its leaves; ``tp`` itself if nothing inside is checked."""
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            self.model(tp, multiline=multiline)
            return tp
        validators = _leaf_validators(tp, multiline=multiline)
        if validators is not None:
            return Annotated[tp, *validators]
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is None or not args:
            return tp
        if origin is Annotated:
            inner = self.annotation(args[0], multiline=multiline)
            return tp if inner is args[0] else Annotated[inner, *tp.__metadata__]
        if origin is typing.Literal:
            return tp
        new_args = tuple(self.annotation(arg, multiline=multiline) for arg in args)
        if all(new is old for new, old in zip(new_args, args, strict=True)):
            return tp
        if origin in {typing.Union, types.UnionType}:
            return typing.Union[new_args]  # noqa: UP007 - built from a tuple
        if origin in {list, set, frozenset, dict, tuple}:
            return origin[new_args if len(new_args) > 1 else new_args[0]]
        return tp


def harden(models: Iterable[type[BaseModel]]) -> None:
    """Harden an operation's parameter models (path, query, header, body, form)."""
    hardener = _Hardener()
    for model in models:
        single_line = issubclass(model, PathModel | QueryModel | HeaderModel)
        hardener.model(model, multiline=not single_line)
