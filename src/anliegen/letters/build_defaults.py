"""Helpers to build the shipped default letter templates with python-docx.

Each procedure ships the defaults of the letter kinds it registers, built with these helpers
(``reactions.build_defaults``, ``contacts.build_invitation``); the ``.docx`` files are committed. The helpers (:func:`new_document`, :func:`head`, :func:`paragraph`, :func:`build`) are
shared with the procedures that ship their own defaults. The templates carry docxtpl (Jinja) tags: ``{%p … %}`` tags stand alone in a paragraph
and repeat or drop paragraphs; ``{{ … }}`` are placeholders. Every template has the letterhead at
the top (``letterhead``: list of lines), the address window (``customer_name``, ``address_lines``),
a small table with reference and date, subject, body and contact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt


def paragraph(document: Document, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def head(document: Document, rows: list[tuple[str, str]], subject: str = "{{ subject }}") -> None:
    paragraph(document, "{%p for line in letterhead %}")
    paragraph(document, "{{ line }}", right=True)
    paragraph(document, "{%p endfor %}")
    document.add_paragraph("")
    paragraph(document, "{{ customer_name }}")
    paragraph(document, "{%p for line in address_lines %}")
    paragraph(document, "{{ line }}")
    paragraph(document, "{%p endfor %}")
    document.add_paragraph("")
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_paragraph("")
    paragraph(document, subject, bold=True)
    document.add_paragraph("")


def new_document() -> Document:
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    return document


def build(target: Path, builders: Mapping[str, Callable[[], Document]]) -> list[Path]:
    """Write ``<kind>.docx`` of every builder to ``target``. Procedures ship the defaults of their
    letter kinds with their own builders (e.g. ``reactions.build_defaults``) and this helper."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, builder in builders.items():
        path = target / f"{kind}.docx"
        builder().save(str(path))
        written.append(path)
    return written
