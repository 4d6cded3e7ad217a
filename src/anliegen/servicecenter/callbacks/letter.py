"""Build the shipped default callback letter (``letter_templates/callback_appointment.docx``,
SOC-05) with the letters helpers.

Run ``python -m anliegen.servicecenter.callbacks.letter`` after changing this file; the
``.docx`` is committed. ``event`` (booked, rescheduled, cancelled, not_reached) chooses the
paragraph; placeholders: see :data:`anliegen.servicecenter.callbacks.messages.LETTER`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from anliegen.letters.build_defaults import build as build_all
from anliegen.letters.build_defaults import head, new_document, paragraph

TARGET = Path(__file__).resolve().parent / "letter_templates"

PARAGRAPHS = {
    "booked": "wir rufen Sie am {{ appointment_date }} zwischen {{ appointment_time }} und "
    "{{ appointment_end }} Uhr unter der Nummer {{ phone }} zurück ({{ purpose }}). Bitte halten "
    "Sie Ihre Unterlagen bereit. Passt Ihnen der Termin nicht, rufen Sie uns bitte an; wir "
    "verlegen oder stornieren ihn.",
    "rescheduled": "Ihr Rückruftermin wurde verlegt. Wir rufen Sie nun am {{ appointment_date }} "
    "zwischen {{ appointment_time }} und {{ appointment_end }} Uhr unter der Nummer {{ phone }} "
    "zurück ({{ purpose }}).",
    "cancelled": "Ihr Rückruftermin am {{ appointment_date }} um {{ appointment_time }} Uhr "
    "wurde storniert. Gern können Sie einen neuen Termin vereinbaren.",
    "not_reached": "wir haben am {{ appointment_date }} zweimal versucht, Sie unter der Nummer "
    "{{ phone }} zu erreichen, leider ohne Erfolg. Bitte melden Sie sich bei uns oder "
    "vereinbaren Sie einen neuen Rückruftermin.",
}


def callback_letter() -> Document:
    document = new_document()
    head(
        document,
        [
            ("Kundennummer:", "{{ customer_number }}"),
            ("Unser Zeichen:", "{{ reference }}"),
            ("Datum:", "{{ today }}"),
        ],
    )
    paragraph(document, "Guten Tag {{ customer_name }},")
    for position, (event, text) in enumerate(PARAGRAPHS.items()):
        keyword = "if" if position == 0 else "elif"
        paragraph(document, f'{{%p {keyword} event == "{event}" %}}')
        paragraph(document, text)
    paragraph(document, "{%p endif %}")
    document.add_paragraph("")
    paragraph(document, "Mit freundlichen Grüßen")
    paragraph(document, "{{ organisation }}")
    return document


def build(target: Path = TARGET) -> list[Path]:
    return build_all(target, {"callback_appointment": callback_letter})


if __name__ == "__main__":  # pragma: no cover
    print(build())
