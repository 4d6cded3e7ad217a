"""Rendering letters: the organisation's Word template filled in with docxtpl (KRM-05, KRM-08,
KON-06); the PDF of the result is LibreOffice's (:mod:`anliegen.letters.pdf`, issue 21).

The signatures of :func:`render_docx` and :func:`docx_to_pdf` are used by other apps; keep them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from anliegen.core import clock
from anliegen.letters.kinds import letter_kind
from anliegen.letters.models import LetterTemplate
from anliegen.letters.pdf import PDF_CONTENT_TYPE, docx_to_pdf
from anliegen.org.models import Organisation

__all__ = [
    "DOCX_CONTENT_TYPE",
    "PDF_CONTENT_TYPE",
    "default_template",
    "docx_to_pdf",
    "fill",
    "full_context",
    "german_date",
    "render_docx",
    "template_bytes",
]

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def german_date(day: Any) -> str:
    return day.strftime("%d.%m.%Y")


def default_template(kind: str) -> bytes:
    """The shipped default template of ``kind`` (from the letter-kind registry)."""
    spec = letter_kind(kind)
    if spec is None:
        raise ValueError(f"unknown letter kind {kind!r}")
    return Path(spec.default_template).read_bytes()


def template_bytes(organisation: Organisation, kind: str) -> bytes:
    """The organisation's active template of ``kind``, else the shipped default."""
    uploaded = (
        LetterTemplate.objects.filter(organisation=organisation, kind=kind, active=True)
        .values_list("docx", flat=True)
        .first()
    )
    return bytes(uploaded) if uploaded is not None else default_template(kind)


def letterhead_lines(organisation: Organisation) -> list[str]:
    lines = [line.strip() for line in organisation.letterhead.splitlines()]
    return [line for line in lines if line] or [organisation.name]


def fill(template: bytes, context: Mapping[str, Any], *, strict: bool = False) -> bytes:
    """``template`` rendered with ``context``; ``strict`` makes unknown placeholders an error
    (used to check uploaded templates)."""
    document = DocxTemplate(io.BytesIO(template))
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined if strict else jinja2.Undefined, autoescape=False
    )
    document.render(dict(context), jinja_env=environment, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def full_context(organisation: Organisation, context: Mapping[str, Any]) -> dict[str, Any]:
    """``context`` plus letterhead, organisation and today. The templates print
    ``customer_name`` above ``address_lines``: a name repeated as first address line is dropped."""
    address = list(context.get("address_lines") or [])
    name = str(context.get("customer_name") or "").strip()
    if address and name and str(address[0]).strip() == name:
        address = address[1:]
    return {
        **context,
        "address_lines": address,
        "letterhead": letterhead_lines(organisation),
        "organisation": organisation.name,
        "today": german_date(clock.today()),
    }


def render_docx(organisation: Organisation, kind: str, context: Mapping[str, Any]) -> bytes:
    """The organisation's template of `kind` (its uploaded LetterTemplate if any, else the shipped
    default) rendered with docxtpl; context gets `letterhead` (list of lines from
    organisation.letterhead), `organisation`, `today` (German date string) added."""
    return fill(template_bytes(organisation, kind), full_context(organisation, context))
