"""Rendering letters: Word from the templates, PDF read back (KRM-05, KRM-08, KON-06); the PDF
itself is tested in ``test_pdf.py`` (issue 21)."""

import pytest

from anliegen.contacts.build_invitation import build as build_invitation
from anliegen.letters.build_defaults import build
from anliegen.letters.kinds import letter_kinds
from anliegen.letters.render import default_template, docx_to_pdf, render_docx
from anliegen.letters.validation import sample_context
from anliegen.quality.build_invitation import build as build_survey_invitation
from anliegen.reactions.build_defaults import BUILDERS as REACTION_BUILDERS
from anliegen.servicecenter.callbacks.letter import build as build_callback_letter
from tests.letters.conftest import docx_text, pdf_text

ACK = {
    "customer_name": "Jürgen Weiß",
    "address_lines": ["Große Straße 1", "74523 Schwäbisch Hall"],
    "reference": "KRM-77",
    "received_date": "20.11.2026",
    "contact_name": "Frau Groß",
    "contact_phone": "",
    "contact_email": "gross@example.org",
    "subject": "Ihr Anliegen „Bescheid“ – Eingangsbestätigung … 5 €",
}


def test_acknowledgement_docx_has_letterhead_address_and_data(world, travel):
    """KRM-05: letterhead, address window, reference, date of receipt, contact."""
    travel("2026-11-24 10:00")
    world.org.letterhead = "Jobcenter Schwäbisch Hall\nBahnhofstraße 14\n74523 Schwäbisch Hall"
    world.org.save()
    text = docx_text(render_docx(world.org, "reaction_acknowledgement", ACK))
    for expected in (
        "Jobcenter Schwäbisch Hall",
        "Bahnhofstraße 14",
        "Jürgen Weiß",
        "Große Straße 1",
        "KRM-77",
        "20.11.2026",
        "24.11.2026",  # today
        "Frau Groß",
        "gross@example.org",
        "wird geprüft",
    ):
        assert expected in text
    assert "Telefon" not in text  # empty phone: the clause is left out
    assert "{{" not in text
    assert "{%" not in text


@pytest.mark.parametrize("kind", [spec.code for spec in letter_kinds()])
def test_every_default_renders_the_sample(world, kind):
    """Every shipped default fills in with its sample context without leftovers."""
    sample = sample_context(kind)
    text = docx_text(render_docx(world.org, kind, sample))
    assert "{{" not in text
    assert "{%" not in text
    # Addressed letters name the addressee; anonymous ones (the survey invitation) name nobody.
    if "customer_name" in sample and "{{ customer_name }}" in docx_text(default_template(kind)):
        assert sample["customer_name"] in text


def test_invitation_has_appointment(world, unoserver):
    """KON-06: the invitation names date, time, place and case worker."""
    context = {
        "customer_name": "Erika Mustermann",
        "address_lines": ["Frankfurter Allee 1", "10247 Berlin"],
        "customer_number": "K4711",
        "appointment_date": "Dienstag, 01.12.2026",
        "appointment_time": "09:00",
        "place": "Raum 101",
        "case_worker": "Max Beispiel",
        "reference": "INV-1",
    }
    text = pdf_text(docx_to_pdf(render_docx(world.org, "contact_invitation", context)))
    for expected in ("Dienstag, 01.12.2026", "09:00", "Raum 101", "Max Beispiel", "K4711"):
        assert expected in text


def test_names_with_xml_characters_are_escaped(world):
    context = {**ACK, "customer_name": "Müller & Co <GmbH>"}
    text = docx_text(render_docx(world.org, "reaction_acknowledgement", context))
    assert "Müller & Co <GmbH>" in text


def test_build_script_remakes_the_defaults(tmp_path):
    """The committed script re-makes the shipped templates (same text)."""
    written = [
        *build(tmp_path, REACTION_BUILDERS),
        build_invitation(tmp_path / "contact_invitation.docx"),
        build_survey_invitation(tmp_path / "survey_invitation.docx"),
        *build_callback_letter(tmp_path),
    ]
    assert {p.name for p in written} == {f"{spec.code}.docx" for spec in letter_kinds()}
    for path in written:
        kind = path.stem
        assert docx_text(path.read_bytes()) == docx_text(default_template(kind))


def test_name_repeated_in_the_address_is_printed_once(world):
    context = {**ACK, "address_lines": ["Jürgen Weiß", "Große Straße 1", "74523 Hall"]}
    text = docx_text(render_docx(world.org, "reaction_acknowledgement", context))
    lines = text.splitlines()
    assert lines.count("Jürgen Weiß") == 1
    assert "Große Straße 1" in lines
