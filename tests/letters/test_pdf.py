"""Letters as PDF through the real LibreOffice (issue 21; KRM-05, KRM-08, KON-06, SOC-05, QS-04).

Every letter kind of the registry is filled with a name the customer register can hold,
converted by the session's unoserver and read back with pypdf: the name and the typography come
out exactly, every paragraph of the Word letter is in the PDF (the *Rechtsfolgenbelehrung* of the
invitation word for word), the fonts are embedded, the PDF is tagged and identifies itself as
PDF/A-2, and it has as many pages as LibreOffice's own rendering of the same document.
"""

from __future__ import annotations

import io
import re
import socket
import threading
import xmlrpc.client

import docx
import pytest
from pypdf import PdfReader

from anliegen.letters.kinds import letter_kinds
from anliegen.letters.pdf import PdfUnavailable, docx_to_pdf, pdf_available
from anliegen.letters.render import render_docx
from anliegen.letters.validation import sample_context
from anliegen.quality.invitations import KIND as SURVEY_KIND
from anliegen.quality.invitations import letters_docx as survey_letters
from anliegen.quality.models import Survey

NAME = "Şükrü Ağaoğlu-Łukasiewicz"
TYPOGRAPHY = "„Widerspruch“ – Erstattung 1.234,56 €"
PDFA_NS = "http://www.aiim.org/pdfa/ns/id/"


def filled_letter(world, kind: str) -> bytes:  # type: ignore[no-untyped-def]
    """The kind's default filled with its sample, the name and the typography test string."""
    if kind == SURVEY_KIND:
        # The survey letter names nobody; its title is printed in „…“ next to a QR code.
        survey = Survey(organisation=world.org, title=f"{NAME} {TYPOGRAPHY}")
        return survey_letters(world.org, survey, [("AbC123", "https://example.org/b/AbC123/")])
    context = dict(sample_context(kind))
    context["customer_name"] = NAME
    context["subject" if "subject" in context else "place"] = TYPOGRAPHY
    return render_docx(world.org, kind, context)


def paragraphs(document: bytes) -> list[str]:
    """The non-empty paragraphs and table cells of a Word document."""
    word = docx.Document(io.BytesIO(document))
    texts = [p.text for p in word.paragraphs]
    texts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return [text.strip() for text in texts if text.strip()]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(reader: PdfReader) -> str:
    return flat(" ".join(page.extract_text() for page in reader.pages))


def fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    """(base font, embedded) of every font used on a page."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


def pdfa_identification(reader: PdfReader) -> tuple[str, str]:
    """``pdfaid:part`` and ``pdfaid:conformance`` of the XMP metadata."""
    assert reader.xmp_metadata is not None, "no XMP metadata"
    root = reader.xmp_metadata.rdf_root
    values = {}
    for name in ("part", "conformance"):
        elements = root.getElementsByTagNameNS(PDFA_NS, name)
        if elements:
            values[name] = elements[0].firstChild.data.strip()
        else:  # written as attributes of rdf:Description by some producers
            for description in root.getElementsByTagNameNS("*", "Description"):
                if description.hasAttributeNS(PDFA_NS, name):
                    values[name] = description.getAttributeNS(PDFA_NS, name)
    return values.get("part", ""), values.get("conformance", "")


def libreoffice_own_pages(address: str, document: bytes) -> int:
    """Pages of LibreOffice's own rendering: its default PDF export, no options of ours."""
    proxy = xmlrpc.client.ServerProxy(f"http://{address}", allow_none=True)
    result = proxy.convert(
        None, xmlrpc.client.Binary(document), None, "pdf", None, [], False, None, None
    )
    return len(PdfReader(io.BytesIO(result.data)).pages)


@pytest.mark.parametrize("kind", [spec.code for spec in letter_kinds()])
def test_every_letter_kind_prints_every_name_as_tagged_pdfa(world, unoserver, kind):
    """Issue 21: the name, € and „…“ exactly; every paragraph; fonts embedded; tagged PDF/A-2;
    LibreOffice's page count."""
    document = filled_letter(world, kind)
    pdf = docx_to_pdf(document)
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(reader)

    assert NAME in text
    assert text.count("?") == flat(" ".join(paragraphs(document))).count("?")  # none for Ş, ğ, Ł
    assert "„Widerspruch“" in text
    assert "1.234,56 €" in text
    for paragraph in paragraphs(document):
        assert flat(paragraph) in text, paragraph

    used = fonts(reader)
    assert used
    assert all(embedded for _name, embedded in used), used

    part, conformance = pdfa_identification(reader)
    assert part == "2"
    assert conformance in {"B", "U"}
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])

    assert len(reader.pages) == libreoffice_own_pages(unoserver, document)


def test_invitation_keeps_the_notice_of_legal_consequences_word_for_word(world, unoserver):
    """KON-06: the *Rechtsfolgenbelehrung* of the approved template, in both wordings."""
    for basis, wording in (
        ("SGB II", "wird Ihr Bürgergeld um 10 Prozent des für Sie maßgebenden Regelbedarfs"),
        ("SGB III", "tritt eine Sperrzeit von einer Woche ein"),
    ):
        context = {**sample_context("contact_invitation"), "legal_basis": basis}
        document = render_docx(world.org, "contact_invitation", context)
        text = pdf_text(PdfReader(io.BytesIO(docx_to_pdf(document))))
        assert "Rechtsfolgenbelehrung" in text
        assert wording in text
        notice = [p for p in paragraphs(document) if "Meldeaufforderung" in p]
        assert notice
        assert all(flat(p) in text for p in notice)


def test_survey_letter_keeps_its_qr_code(world, unoserver):
    """The QR code (an image in the Word letter) is in the PDF; fpdf2 used to drop images."""
    reader = PdfReader(io.BytesIO(docx_to_pdf(filled_letter(world, SURVEY_KIND))))
    assert any(page.images for page in reader.pages)


def test_without_unoserver_a_cold_libreoffice_makes_the_same_pdf(world, unoserver, settings):
    """No unoserver listening: ``soffice --convert-to`` with the same options, same pages."""
    document = filled_letter(world, "contact_invitation")
    warm = PdfReader(io.BytesIO(docx_to_pdf(document)))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.ANLIEGEN_UNOSERVER = f"127.0.0.1:{probe.getsockname()[1]}"
    cold = PdfReader(io.BytesIO(docx_to_pdf(document)))
    assert pdfa_identification(cold)[0] == "2"
    assert len(cold.pages) == len(warm.pages)
    assert NAME in pdf_text(cold)


def test_without_libreoffice_no_pdf_and_a_german_message(world, no_libreoffice):
    assert pdf_available() is False
    with pytest.raises(PdfUnavailable) as caught:
        docx_to_pdf(filled_letter(world, "reaction_acknowledgement"))
    assert "LibreOffice" in caught.value.message
    assert "nicht verfügbar" in caught.value.message
    assert caught.value.status == 503


def test_a_server_that_does_not_answer_in_time_is_a_clear_german_error(world, settings):
    """A unoserver that accepts but never answers: the conversion gives up after ``timeout``."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    settings.ANLIEGEN_UNOSERVER = f"127.0.0.1:{listener.getsockname()[1]}"
    try:
        with pytest.raises(PdfUnavailable) as caught:
            docx_to_pdf(filled_letter(world, "reaction_acknowledgement"), timeout=1)
    finally:
        for connection in accepted:
            connection.close()
        listener.close()
    assert "innerhalb von 1 Sekunden" in caught.value.message
