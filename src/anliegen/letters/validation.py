"""Checking uploaded Word documents: templates (KRM-05, KON-06) and reply drafts (KRM-08)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx as python_docx
import jinja2
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError

from anliegen.core.errors import InvalidInput
from anliegen.letters.models import LetterKind

#: Largest accepted upload.
MAX_DOCX_BYTES = 5 * 1024 * 1024

_ADDRESS = ["Musterstraße 1", "12345 Musterstadt"]
_COMMON: dict[str, Any] = {
    "letterhead": ["Jobcenter Musterstadt", "Hauptstraße 1", "12345 Musterstadt"],
    "organisation": "Jobcenter Musterstadt",
    "today": "01.12.2026",
    "customer_name": "Erika Mustermann",
    "address_lines": _ADDRESS,
    "customer_number": "K12345",
    "reference": "KRM-1",
}

#: A context with every placeholder a template of the kind may use (also the help text).
SAMPLE_CONTEXTS: dict[str, dict[str, Any]] = {
    LetterKind.REACTION_ACKNOWLEDGEMENT: {
        **_COMMON,
        "received_date": "24.11.2026",
        "contact_name": "Max Beispiel",
        "contact_phone": "01234 5678",
        "contact_email": "max.beispiel@example.org",
        "subject": "Eingangsbestätigung",
    },
    LetterKind.REACTION_REPLY: {
        **_COMMON,
        "received_date": "24.11.2026",
        "contact_name": "Max Beispiel",
        "contact_phone": "01234 5678",
        "contact_email": "max.beispiel@example.org",
        "subject": "Ihr Anliegen",
    },
    LetterKind.CONTACT_INVITATION: {
        **_COMMON,
        "appointment_date": "Dienstag, 01.12.2026",
        "appointment_time": "09:00",
        "place": "Hauptstraße 1, Raum 101",
        "case_worker": "Max Beispiel",
        "legal_basis": "SGB II",
    },
}


def placeholders(kind: str) -> list[str]:
    return sorted(SAMPLE_CONTEXTS[kind])


def check_docx(content: bytes, filename: str, *, field: str = "file") -> None:
    """A real Word document (``.docx``) of acceptable size; InvalidInput otherwise."""
    message = None
    if not content:
        message = _("Please choose a file.")
    elif len(content) > MAX_DOCX_BYTES:
        message = _("The file is larger than %(size)d MB.") % {"size": MAX_DOCX_BYTES // 2**20}
    elif not filename.lower().endswith(".docx"):
        message = _("Only Word documents (.docx) can be uploaded.")
    else:
        try:
            python_docx.Document(io.BytesIO(content))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
            message = _("The file is not a readable Word document (.docx).")
        except Exception:
            message = _("The file is not a readable Word document (.docx).")
    if message:
        raise InvalidInput(message, errors={field: message})


def check_template(content: bytes, filename: str, kind: str, *, field: str = "file") -> None:
    """A Word document that renders with a sample context of ``kind`` without template errors
    (syntax, unknown placeholders)."""
    from anliegen.letters.render import fill

    check_docx(content, filename, field=field)
    message = None
    try:
        fill(content, SAMPLE_CONTEXTS[kind], strict=True)
    except jinja2.TemplateSyntaxError as exc:
        message = _("The template has an error in a placeholder or tag: %(error)s") % {
            "error": exc.message or ""
        }
    except jinja2.UndefinedError as exc:
        found = re.search(r"'([^']+)' is undefined", exc.message or "")
        message = _("The template uses an unknown placeholder: %(error)s") % {
            "error": found.group(1) if found else (exc.message or "")
        }
    except Exception as exc:
        message = _("The template cannot be filled in: %(error)s") % {"error": str(exc)[:200]}
    if message:
        raise InvalidInput(message, errors={field: message})
