"""Build the shipped default template of the survey invitation (``letters/survey_invitation.docx``)
with python-docx. Run ``python -m anliegen.quality.build_invitation`` after changing this file;
the ``.docx`` is committed. The QR code is added below the letter when the letters are made
(:mod:`anliegen.quality.invitations`), so uploaded templates need no image placeholder."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from anliegen.letters.build_defaults import new_document
from anliegen.letters.build_defaults import paragraph as add_paragraph

TEMPLATE = Path(__file__).resolve().parent / "letters" / "survey_invitation.docx"


def build(target: Path = TEMPLATE) -> Path:
    document: Document = new_document()

    def paragraph(text: str, *, bold: bool = False, right: bool = False) -> None:
        add_paragraph(document, text, bold=bold, right=right)

    paragraph("{%p for line in letterhead %}")
    paragraph("{{ line }}", right=True)
    paragraph("{%p endfor %}")
    paragraph("{{ today }}", right=True)
    document.add_paragraph("")
    paragraph("{{ subject }}", bold=True)
    document.add_paragraph("")
    paragraph("Guten Tag,")
    paragraph(
        "wir möchten wissen, wie zufrieden Sie mit uns sind, und laden Sie herzlich zu unserer "
        "Befragung „{{ survey_title }}“ ein. Die Teilnahme ist freiwillig und dauert nur wenige "
        "Minuten."
    )
    paragraph(
        "Ihre Antworten sind anonym: Wir speichern weder Ihren Namen noch Ihren Zugangscode "
        "zusammen mit den Antworten, keine Uhrzeit und keine Internetadresse. Der Zugangscode "
        "gilt für eine einzige Teilnahme."
    )
    paragraph("So nehmen Sie teil: Öffnen Sie diesen Link oder scannen Sie den QR-Code unten.")
    paragraph("{{ link }}", bold=True)
    paragraph("Ihr Zugangscode: {{ token }}")
    document.add_paragraph("")
    paragraph("Vielen Dank für Ihre Unterstützung!")
    paragraph("Ihre {{ organisation }}")
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


if __name__ == "__main__":
    print(build())
