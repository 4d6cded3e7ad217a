"""QS-04 pages: a wave with access codes, QR codes and invitation letters; the participants'
page with German messages; results after closing with export."""

from __future__ import annotations

import io
import re

import docx
import pytest
from pypdf import PdfReader

from anliegen.quality.models import Survey, SurveyAnswer, SurveyToken


def start_wave(client, world, tokens=6):  # type: ignore[no-untyped-def]
    return client.post(
        f"/o/{world.org.slug}/qualitaet/befragungen/",
        {
            "title": "Kundenbefragung",
            "audience": "customers",
            "site": world.site.pk,
            "channel": "Eingangszone",
            "service": "Leistung",
            "questions": "Wie zufrieden sind Sie?\nWie freundlich war man zu Ihnen?",
            "tokens": tokens,
        },
    )


def test_new_wave_shows_codes_once_with_qr_and_makes_letters(as_user, world):
    """QS-04: codes printed as link and QR code on a letter (letter kind survey_invitation)."""
    client = as_user(world.gf)
    response = start_wave(client, world)
    page = response.content.decode()
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    tokens = re.search(r'<textarea id="id_tokens"[^>]*>([^<]*)</textarea>', page).group(1).split()
    assert len(tokens) == 6
    assert "<svg" in page
    assert "/portal/befragung/" in page
    survey = Survey.objects.get()
    letters = client.post(
        f"/o/{world.org.slug}/qualitaet/befragungen/{survey.pk}/einladungen/",
        {"tokens": "\n".join(tokens[:2])},
    )
    assert letters.status_code == 200
    document = docx.Document(io.BytesIO(letters.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Ihr Zugangscode: {tokens[0]}" in text
    assert f"Ihr Zugangscode: {tokens[1]}" in text
    assert f"/portal/befragung/{tokens[1]}/" in text
    assert len(document.inline_shapes) == 2  # one QR code per letter


def test_letters_as_pdf_with_the_codes_and_qr_codes(as_user, world, unoserver):
    """Issue 21: the survey letters as PDF/A from LibreOffice, converted now, stored nowhere."""
    client = as_user(world.gf)
    page = start_wave(client, world).content.decode()
    tokens = re.search(r'<textarea id="id_tokens"[^>]*>([^<]*)</textarea>', page).group(1).split()
    assert "Einladungsschreiben (PDF)" in page
    survey = Survey.objects.get()
    letters = client.post(
        f"/o/{world.org.slug}/qualitaet/befragungen/{survey.pk}/einladungen/",
        {"tokens": "\n".join(tokens[:2]), "format": "pdf"},
    )
    assert letters.status_code == 200
    assert letters["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(letters.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert f"Ihr Zugangscode: {tokens[0]}" in text
    assert f"Ihr Zugangscode: {tokens[1]}" in text
    letter_pages = [p for p in reader.pages if "Zugangscode" in p.extract_text()]
    assert len(letter_pages) == 2
    assert all(p.images for p in letter_pages)  # the QR codes survive


def test_letters_as_pdf_without_libreoffice_keep_the_codes(as_user, world, no_libreoffice):
    client = as_user(world.gf)
    page = start_wave(client, world).content.decode()
    assert "Einladungsschreiben (PDF)" not in page
    assert "PDF-Briefe sind in dieser Installation nicht verfügbar" in page
    tokens = re.search(r'<textarea id="id_tokens"[^>]*>([^<]*)</textarea>', page).group(1).split()
    survey = Survey.objects.get()
    response = client.post(
        f"/o/{world.org.slug}/qualitaet/befragungen/{survey.pk}/einladungen/",
        {"tokens": "\n".join(tokens), "format": "pdf"},
    )
    assert response.status_code == 503
    again = response.content.decode()
    assert "nicht verfügbar" in again
    assert all(token in again for token in tokens)  # shown once: not lost by the failure


def test_letters_only_for_unused_codes_of_the_wave(as_user, world):
    client = as_user(world.gf)
    start_wave(client, world)
    survey = Survey.objects.get()
    response = client.post(
        f"/o/{world.org.slug}/qualitaet/befragungen/{survey.pk}/einladungen/",
        {"tokens": "erfunden"},
        follow=True,
    )
    assert "Einladungsschreiben werden nur für unbenutzte Zugangscodes" in response.content.decode()


def _tokens(client, world):  # type: ignore[no-untyped-def]
    page = start_wave(client, world, tokens=8).content.decode()
    return re.search(r'<textarea id="id_tokens"[^>]*>([^<]*)</textarea>', page).group(1).split()


def test_participant_answers_once_in_german(as_user, client, world):
    """QS-04: the participants' page; a used code gets a clear German message."""
    tokens = _tokens(as_user(world.gf), world)
    client.logout()
    url = f"/portal/befragung/{tokens[0]}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Wie zufrieden sind Sie?" in page.content.decode()
    assert "anonym" in page.content.decode()
    missing = client.post(url, {"q1": "4"})
    assert missing.status_code == 422
    assert "Bitte wählen Sie einen Wert von 1 bis 5." in missing.content.decode()
    assert not SurveyAnswer.objects.exists()
    done = client.post(url, {"q1": "4", "q2": "5"})
    assert "Vielen Dank" in done.content.decode()
    assert SurveyAnswer.objects.count() == 2
    again = client.post(url, {"q1": "1", "q2": "1"})
    assert again.status_code == 410
    assert "Dieser Zugangscode wurde bereits verwendet" in again.content.decode()
    assert SurveyAnswer.objects.count() == 2
    unknown = client.get("/portal/befragung/unbekannt/")
    assert unknown.status_code == 404
    assert "Dieser Zugangscode ist unbekannt" in unknown.content.decode()
    assert not client.cookies.get("sessionid")


def test_results_after_closing_with_export(as_user, client, world):
    gf = as_user(world.gf)
    tokens = _tokens(gf, world)
    for token in tokens[:6]:
        client.post(f"/portal/befragung/{token}/", {"q1": "5", "q2": "4"})
    survey = Survey.objects.get()
    gf = as_user(world.gf)
    detail = f"/o/{world.org.slug}/qualitaet/befragungen/{survey.pk}/"
    assert "Ergebnisse über die Wellen" not in gf.get(detail).content.decode()
    gf.post(f"{detail}schliessen/")
    page = gf.get(detail).content.decode()
    assert "Ergebnisse über die Wellen" in page
    assert "unterdrückt" in page
    csv = gf.get(detail, {"export": "csv"}).content.decode("utf-8-sig")
    assert "Wie zufrieden sind Sie?" in csv
    assert SurveyToken.objects.filter(used=True).count() == 6


@pytest.mark.parametrize("role", ["tl", "bl"])
def test_leads_see_but_do_not_run_surveys(as_user, world, role):
    client = as_user(getattr(world, role))
    page = client.get(f"/o/{world.org.slug}/qualitaet/befragungen/")
    assert page.status_code == 200
    assert "Neue Welle starten" not in page.content.decode()
    start_wave(client, world)
    assert not Survey.objects.exists()


def test_case_workers_do_not_see_surveys(as_user, world):
    assert (
        as_user(world.worker).get(f"/o/{world.org.slug}/qualitaet/befragungen/").status_code == 404
    )
