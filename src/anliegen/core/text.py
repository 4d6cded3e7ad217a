"""Which characters a text input may hold (NFR-04, issue 14 fault 2): the one rule for the API
and the HTML forms.

Control characters (Unicode category ``Cc``: NUL, the C0 and C1 controls, DEL) and lone
surrogates (``Cs``, which cannot be stored as UTF-8) are refused in every text input, because
PostgreSQL refuses NUL bytes while SQLite stores them, and the two databases must give the same
answer. Tab, line feed and carriage return are allowed where a text may span lines (request
bodies and form fields), never in a single-line value (paths, query parameters, headers).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _

#: Whitespace controls a multi-line text may hold.
LINE_CONTROLS = frozenset("\t\n\r")


def bad_character(value: str, *, multiline: bool) -> str | None:
    """The first character ``value`` may not hold, or None."""
    for char in value:
        if char.isprintable() or char == " ":
            continue
        if multiline and char in LINE_CONTROLS:
            continue
        if unicodedata.category(char) in {"Cc", "Cs"}:
            return char
    return None


def character_message(char: str) -> str:
    """German: which character was refused (as U+XXXX, since it cannot be shown)."""
    return _("Contains a control character that is not allowed (U+%(code)04X).") % {
        "code": ord(char)
    }


def first_bad(pairs: Iterable[tuple[str, str]], *, multiline: bool) -> tuple[str, str] | None:
    """For ``(name, value)`` pairs: the first name whose name or value holds a character it may
    not, with the German message."""
    for name, value in pairs:
        char = bad_character(name, multiline=False) or bad_character(value, multiline=multiline)
        if char is not None:
            return name, character_message(char)
    return None
