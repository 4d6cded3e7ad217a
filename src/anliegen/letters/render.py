"""Rendering letters: the organisation's Word template filled in with docxtpl, and a PDF of the
result drawn with fpdf2 (KRM-05, KRM-08, KON-06).

The signatures of :func:`render_docx` and :func:`docx_to_pdf` are used by other apps; keep them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import docx as python_docx
import jinja2
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from fpdf import FPDF

from anliegen.core import clock
from anliegen.letters.kinds import letter_kind
from anliegen.letters.models import LetterKind, LetterTemplate
from anliegen.org.models import Organisation

__all__ = ["LetterKind", "default_template", "docx_to_pdf", "render_docx", "template_bytes"]

DEFAULTS = Path(__file__).resolve().parent / "defaults"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"

#: Typographic characters outside Latin-1 (fpdf2's core fonts) and their plain equivalents.
LATIN1_EQUIVALENTS = {
    "\u201e": '"',  # „
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201a": "'",  # ‚
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u2039": "<",  # ‹
    "\u203a": ">",  # ›
    "\u2013": "-",  # –
    "\u2014": "-",  # —
    "\u2011": "-",  # non-breaking hyphen
    "\u2010": "-",
    "\u2026": "...",  # …
    "\u20ac": "EUR",  # €
    "\u2022": "-",  # •
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero width space
    "\u2009": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\t": " ",
}


def german_date(day: Any) -> str:
    return day.strftime("%d.%m.%Y")


def default_template(kind: str) -> bytes:
    """The shipped default template of ``kind``: the one its registered kind ships
    (:mod:`anliegen.letters.kinds`), else the service's own."""
    spec = letter_kind(kind)
    if spec is not None:
        return spec.default_template.read_bytes()
    return (DEFAULTS / f"{LetterKind(kind).value}.docx").read_bytes()


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


# --- PDF ----------------------------------------------------------------------------------------


def latin1(text: str) -> str:
    """``text`` in the characters fpdf2's core fonts can draw: typographic quotes and dashes
    become plain ones, € becomes EUR; umlauts and ß stay (they are Latin-1)."""
    for char, plain in LATIN1_EQUIVALENTS.items():
        text = text.replace(char, plain)
    return text.encode("latin-1", "replace").decode("latin-1")


def _blocks(document: Any) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables of the body in document order."""
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(element, document)
        elif tag == "tbl":
            yield Table(element, document)


def _align(paragraph: Paragraph) -> str:
    alignment = paragraph.alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        return "R"
    if alignment == WD_ALIGN_PARAGRAPH.CENTER:
        return "C"
    return "L"


def _bold(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _write_paragraph(pdf: FPDF, paragraph: Paragraph) -> None:
    text = latin1(paragraph.text)
    pdf.set_font("Helvetica", style="B" if _bold(paragraph) else "", size=11)
    if not text.strip():
        pdf.ln(4)
        return
    pdf.multi_cell(0, 5.5, text, align=_align(paragraph), new_x="LMARGIN", new_y="NEXT")


def _write_table(pdf: FPDF, table: Table) -> None:
    pdf.set_font("Helvetica", size=11)
    rows = [[latin1(cell.text) for cell in row.cells] for row in table.rows]
    if not rows:
        return
    width = max(len(row) for row in rows)
    with pdf.table(borders_layout="NONE", first_row_as_headings=False, line_height=5.5) as grid:
        for cells in rows:
            row = grid.row()
            for text in cells + [""] * (width - len(cells)):
                row.cell(text)


def docx_to_pdf(docx: bytes) -> bytes:
    """A PDF (fpdf2) of the rendered document's paragraphs and tables, A4, with the letterhead lines."""
    document = python_docx.Document(io.BytesIO(docx))
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_title(latin1(_("Letter")))
    pdf.add_page()
    # A letterhead kept in the page header of an uploaded template.
    for section in document.sections[:1]:
        for paragraph in section.header.paragraphs:
            if paragraph.text.strip():
                _write_paragraph(pdf, paragraph)
    for block in _blocks(document):
        if isinstance(block, Paragraph):
            _write_paragraph(pdf, block)
        else:
            _write_table(pdf, block)
    return bytes(pdf.output())
