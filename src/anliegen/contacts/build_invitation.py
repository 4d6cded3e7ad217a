"""Build the shipped default invitation letter (``letter_templates/contact_invitation.docx``,
KON-06) with python-docx.

Run ``python -m anliegen.contacts.build_invitation`` after changing this file; the ``.docx`` is
committed. docxtpl (Jinja) tags: ``{%p … %}`` stand alone in a paragraph and repeat or drop
paragraphs; ``{{ … }}`` are placeholders (see :data:`anliegen.contacts.invitations.INVITATION_KIND`).

The notice of legal consequences (*Rechtsfolgenbelehrung*) is a block of the template in both
wordings; the placeholder ``legal_basis`` (``SGB II`` or ``SGB III``, by the organisation)
chooses one. An organisation that uploads its own template keeps or adapts the block.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from anliegen.letters.build_defaults import head, new_document
from anliegen.letters.build_defaults import paragraph as _paragraph

TARGET = Path(__file__).resolve().parent / "letter_templates" / "contact_invitation.docx"

NOTICE_TITLE = "Rechtsfolgenbelehrung"

NOTICE_SGB_II = [
    "Diese Einladung ist eine Meldeaufforderung nach § 59 Zweites Buch Sozialgesetzbuch "
    "(SGB II) in Verbindung mit § 309 Drittes Buch Sozialgesetzbuch (SGB III).",
    "Wenn Sie ohne wichtigen Grund nicht zu diesem Termin erscheinen, wird Ihr Bürgergeld um "
    "10 Prozent des für Sie maßgebenden Regelbedarfs gemindert (§ 32 SGB II). Die Minderung "
    "dauert einen Monat; sie beginnt mit dem Kalendermonat, der auf das Wirksamwerden des "
    "Bescheides folgt, der die Minderung feststellt.",
]

NOTICE_SGB_III = [
    "Diese Einladung ist eine Meldeaufforderung nach § 309 Drittes Buch Sozialgesetzbuch "
    "(SGB III).",
    "Wenn Sie ohne wichtigen Grund nicht zu diesem Termin erscheinen, tritt eine Sperrzeit von "
    "einer Woche ein (§ 159 Absatz 1 Satz 2 Nummer 8 und Absatz 6 SGB III). Während der "
    "Sperrzeit ruht Ihr Anspruch auf Arbeitslosengeld; die Dauer Ihres Anspruchs mindert sich "
    "um die Tage der Sperrzeit (§ 148 Absatz 1 Nummer 3 SGB III).",
]

NOTICE_COMMON = [
    "Haben Sie einen wichtigen Grund, nicht zu erscheinen, teilen Sie ihn uns bitte "
    "unverzüglich mit und weisen Sie ihn nach. Sind Sie am Tag des Termins arbeitsunfähig "
    "erkrankt, legen Sie bitte eine ärztliche Bescheinigung vor und melden Sie sich am ersten "
    "Tag Ihrer Arbeitsfähigkeit bei uns (§ 309 Absatz 3 SGB III).",
]


def _head(document: Document) -> None:
    head(
        document,
        [
            ("Kundennummer:", "{{ customer_number }}"),
            ("Unser Zeichen:", "{{ reference }}"),
            ("Datum:", "{{ today }}"),
        ],
        subject="Einladung zu einem Gespräch",
    )


def _notice(document: Document) -> None:
    _paragraph(document, NOTICE_TITLE, bold=True)
    _paragraph(document, '{%p if legal_basis == "SGB III" %}')
    for text in NOTICE_SGB_III:
        _paragraph(document, text)
    _paragraph(document, "{%p else %}")
    for text in NOTICE_SGB_II:
        _paragraph(document, text)
    _paragraph(document, "{%p endif %}")
    for text in NOTICE_COMMON:
        _paragraph(document, text)


def invitation() -> Document:
    document = new_document()
    _head(document)
    _paragraph(document, "Guten Tag {{ customer_name }},")
    _paragraph(
        document,
        "bitte kommen Sie am {{ appointment_date }} um {{ appointment_time }} Uhr zu einem "
        "Gespräch über Ihre berufliche Situation.",
    )
    _paragraph(document, "Ort: {{ place }}")
    _paragraph(document, "Ansprechperson: {{ case_worker }}")
    _paragraph(
        document,
        "Bitte bringen Sie dieses Schreiben und einen Ausweis mit. Wenn Sie den Termin nicht "
        "wahrnehmen können, teilen Sie uns dies bitte vorher mit.",
    )
    document.add_paragraph("")
    _notice(document)
    document.add_paragraph("")
    _paragraph(document, "Mit freundlichen Grüßen")
    _paragraph(document, "{{ case_worker }}")
    return document


def build(target: Path = TARGET) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    invitation().save(str(target))
    return target


if __name__ == "__main__":  # pragma: no cover
    print(build())
