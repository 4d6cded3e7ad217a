"""Build the shipped default letter templates (``defaults/<kind>.docx``) with python-docx.
Procedures ship the templates of the kinds they register themselves (the contact invitation:
``anliegen.contacts.build_invitation``).

Run ``python -m anliegen.letters.build_defaults`` after changing this file; the ``.docx`` files are
committed. The templates carry docxtpl (Jinja) tags: ``{%p … %}`` tags stand alone in a paragraph
and repeat or drop paragraphs; ``{{ … }}`` are placeholders. Every template has the letterhead at
the top (``letterhead``: list of lines), the address window (``customer_name``, ``address_lines``),
a small table with reference and date, subject, body and contact.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

DEFAULTS = Path(__file__).resolve().parent / "defaults"


def _paragraph(document: Document, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _head(document: Document, rows: list[tuple[str, str]]) -> None:
    _paragraph(document, "{%p for line in letterhead %}")
    _paragraph(document, "{{ line }}", right=True)
    _paragraph(document, "{%p endfor %}")
    document.add_paragraph("")
    _paragraph(document, "{{ customer_name }}")
    _paragraph(document, "{%p for line in address_lines %}")
    _paragraph(document, "{{ line }}")
    _paragraph(document, "{%p endfor %}")
    document.add_paragraph("")
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_paragraph("")
    _paragraph(document, "{{ subject }}", bold=True)
    document.add_paragraph("")


def _new_document() -> Document:
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    return document


def acknowledgement() -> Document:
    document = _new_document()
    _head(
        document,
        [
            ("Unser Zeichen:", "{{ reference }}"),
            ("Eingang Ihres Anliegens:", "{{ received_date }}"),
            ("Datum:", "{{ today }}"),
        ],
    )
    _paragraph(document, "Guten Tag {{ customer_name }},")
    _paragraph(
        document,
        "vielen Dank für Ihr Schreiben, das am {{ received_date }} bei uns eingegangen ist. "
        "Wir bestätigen Ihnen hiermit den Eingang. Ihr Anliegen wurde zur Kenntnis genommen und "
        "wird geprüft. Sobald die Prüfung abgeschlossen ist, erhalten Sie Nachricht von uns.",
    )
    _paragraph(
        document,
        "Bei Rückfragen wenden Sie sich bitte an {{ contact_name }}"
        "{% if contact_phone %}, Telefon {{ contact_phone }}{% endif %}"
        "{% if contact_email %}, E-Mail {{ contact_email }}{% endif %}. "
        "Bitte geben Sie dabei unser Zeichen {{ reference }} an.",
    )
    document.add_paragraph("")
    _paragraph(document, "Mit freundlichen Grüßen")
    _paragraph(document, "Im Auftrag")
    _paragraph(document, "{{ contact_name }}")
    return document


def reply() -> Document:
    document = _new_document()
    _head(
        document,
        [
            ("Unser Zeichen:", "{{ reference }}"),
            ("Ihr Schreiben vom:", "{{ received_date }}"),
            ("Datum:", "{{ today }}"),
        ],
    )
    _paragraph(document, "Guten Tag {{ customer_name }},")
    _paragraph(
        document,
        "wir kommen zurück auf Ihr Anliegen vom {{ received_date }}, das wir inzwischen geprüft "
        "haben.",
    )
    _paragraph(document, "[Hier steht die Antwort auf Ihr Anliegen.]")
    _paragraph(
        document,
        "Bei Rückfragen wenden Sie sich bitte an {{ contact_name }}"
        "{% if contact_phone %}, Telefon {{ contact_phone }}{% endif %}"
        "{% if contact_email %}, E-Mail {{ contact_email }}{% endif %}.",
    )
    document.add_paragraph("")
    _paragraph(document, "Mit freundlichen Grüßen")
    _paragraph(document, "{{ contact_name }}")
    return document


BUILDERS = {
    "reaction_acknowledgement": acknowledgement,
    "reaction_reply": reply,
}


def build(target: Path = DEFAULTS) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, builder in BUILDERS.items():
        path = target / f"{kind}.docx"
        builder().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for written_path in build():
        print(written_path)
