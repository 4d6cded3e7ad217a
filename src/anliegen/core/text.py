"""Which characters a text input may hold (NFR-04, issue 14 faults 2 and 8): the one rule for the
API and the HTML forms.

Control characters (Unicode category ``Cc``: NUL, the C0 and C1 controls, DEL) and lone
surrogates (``Cs``, which cannot be stored as UTF-8) are refused in every text input, because
PostgreSQL refuses NUL bytes while SQLite stores them, and the two databases must give the same
answer. Tab, line feed and carriage return are allowed where a text may span lines (request
bodies and form fields), never in a single-line value (paths, query parameters, headers).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput

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


# --- No markup in names and texts (issue 14, fault 8) ---------------------------------------------

#: An HTML (or XML) tag: ``<svg onload=…>``, ``</b>``, ``<!-- …>``, ``<?xml …>``. A lone ``<``
#: as in "Einkommen < 500 €" or "<3" is no tag.
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")


def markup_message() -> str:
    """German: what the field holds that it may not."""
    return _("Please enter plain text without HTML tags.")


def markup_errors(**fields: str | None) -> dict[str, str]:
    """For names and free texts given as ``field=value``: the German message of each field
    holding an HTML tag (field → message); empty if all are plain text."""
    return {
        name: markup_message() for name, value in fields.items() if value and HTML_TAG.search(value)
    }


def ensure_plain(**fields: str | None) -> None:
    """Refuse names and free texts holding HTML tags, before anything is saved: the one check
    the actions run, so the API (422 problem) and the forms (field error) give the same German
    answer. Values are stored as typed otherwise, and escaped whenever shown."""
    errors = markup_errors(**fields)
    if errors:
        raise InvalidInput(markup_message(), errors=errors)
