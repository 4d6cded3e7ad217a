"""Build the shipped default templates of the customer-reaction letters (``defaults/*.docx``):
the acknowledgement of receipt (KRM-05) and the reply (KRM-08), with the letters service's helpers.

Run ``python -m anliegen.reactions.build_defaults`` after changing this file; the ``.docx`` files
are committed. The reply is signed by its author (``author_name``), not by the person responsible
for the reaction (issue 9).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from anliegen.letters.build_defaults import build, head, new_document, paragraph

DEFAULTS = Path(__file__).resolve().parent / "defaults"


def acknowledgement() -> Document:
    document = new_document()
    head(
        document,
        [
            ("Unser Zeichen:", "{{ reference }}"),
            ("Eingang Ihres Anliegens:", "{{ received_date }}"),
            ("Datum:", "{{ today }}"),
        ],
    )
    paragraph(document, "Guten Tag {{ customer_name }},")
    paragraph(
        document,
        "vielen Dank für Ihr Schreiben, das am {{ received_date }} bei uns eingegangen ist. "
        "Wir bestätigen Ihnen hiermit den Eingang. Ihr Anliegen wurde zur Kenntnis genommen und "
        "wird geprüft. Sobald die Prüfung abgeschlossen ist, erhalten Sie Nachricht von uns.",
    )
    paragraph(
        document,
        "Bei Rückfragen wenden Sie sich bitte an {{ contact_name }}"
        "{% if contact_phone %}, Telefon {{ contact_phone }}{% endif %}"
        "{% if contact_email %}, E-Mail {{ contact_email }}{% endif %}. "
        "Bitte geben Sie dabei unser Zeichen {{ reference }} an.",
    )
    document.add_paragraph("")
    paragraph(document, "Mit freundlichen Grüßen")
    paragraph(document, "Im Auftrag")
    paragraph(document, "{{ contact_name }}")
    return document


def reply() -> Document:
    document = new_document()
    head(
        document,
        [
            ("Unser Zeichen:", "{{ reference }}"),
            ("Ihr Schreiben vom:", "{{ received_date }}"),
            ("Datum:", "{{ today }}"),
        ],
    )
    paragraph(document, "Guten Tag {{ customer_name }},")
    paragraph(
        document,
        "wir kommen zurück auf Ihr Anliegen vom {{ received_date }}, das wir inzwischen geprüft "
        "haben.",
    )
    paragraph(document, "[Hier steht die Antwort auf Ihr Anliegen.]")
    paragraph(
        document,
        "Bei Rückfragen wenden Sie sich bitte an {{ contact_name }}"
        "{% if contact_phone %}, Telefon {{ contact_phone }}{% endif %}"
        "{% if contact_email %}, E-Mail {{ contact_email }}{% endif %}.",
    )
    document.add_paragraph("")
    paragraph(document, "Mit freundlichen Grüßen")
    paragraph(document, "{{ author_name }}")
    return document


BUILDERS = {
    "reaction_acknowledgement": acknowledgement,
    "reaction_reply": reply,
}


if __name__ == "__main__":  # pragma: no cover
    for written_path in build(DEFAULTS, BUILDERS):
        print(written_path)
