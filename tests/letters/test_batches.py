"""Batches of letters converted into one PDF by the background worker, and an installation
without LibreOffice (issue 21; KON-06, KRM-05)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from anliegen.core.errors import InvalidInput
from anliegen.letters import batches
from anliegen.letters.models import PdfBatch
from anliegen.letters.render import render_docx
from anliegen.letters.tasks import retry_pdf_batches
from anliegen.letters.validation import sample_context
from tests.contacts.test_plan_views import CONFIRM, WEEK, setup  # noqa: F401
from tests.reactions.test_letters_acknowledgement import reaction  # noqa: F401

KIND = "contact_invitation"


def letters(world, count: int) -> list[bytes]:  # type: ignore[no-untyped-def]
    return [
        render_docx(world.org, KIND, {**sample_context(KIND), "customer_name": f"Zoë Ørsted {n}"})
        for n in range(count)
    ]


def start(world, documents: list[bytes]) -> PdfBatch:  # type: ignore[no-untyped-def]
    return batches.start_batch(
        actor=world.worker,
        organisation=world.org,
        kind=KIND,
        title="Einladungen",
        filename="einladungen.pdf",
        documents=documents,
    )


def test_a_batch_is_converted_once_in_order(world, unoserver):
    batch = start(world, letters(world, 2))
    assert batch.state == PdfBatch.State.PENDING  # converted after the commit
    assert batches.convert_batch(batch.id) == "done"
    assert batches.convert_batch(batch.id) == "skipped"  # a retry changes nothing
    batch.refresh_from_db()
    assert batch.documents == b""
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(batch.pdf)).pages)
    assert text.index("Zoë Ørsted 0") < text.index("Zoë Ørsted 1")


def test_without_libreoffice_the_batch_fails_with_a_german_message(world, no_libreoffice):
    batch = start(world, letters(world, 1))
    assert batches.convert_batch(batch.id) == "failed"
    batch.refresh_from_db()
    assert "nicht verfügbar" in batch.error
    assert batch.pdf is None


def test_bad_batches_are_refused_and_change_nothing(world):
    with pytest.raises(InvalidInput):
        start(world, [])
    with pytest.raises(InvalidInput):
        batches.start_batch(
            actor=world.worker,
            organisation=world.org,
            kind="no_such_kind",
            title="x",
            filename="x.pdf",
            documents=letters(world, 1),
        )
    assert not PdfBatch.objects.exists()


def test_only_the_requester_sees_the_batch(client, world, no_libreoffice):
    batch = start(world, letters(world, 1))
    batches.convert_batch(batch.id)
    url = reverse("letters:batch", args=[world.org.slug, batch.id])
    client.force_login(world.worker)
    page = client.get(url).content.decode()
    assert "nicht verfügbar" in page  # the failed batch says why
    client.force_login(world.worker2)
    assert client.get(url).status_code == 404
    pdf_url = reverse("letters:batch_pdf", args=[world.org.slug, batch.id])
    assert client.get(pdf_url).status_code == 404


def test_a_lost_batch_is_enqueued_again(world, travel, no_libreoffice):
    travel("2026-11-24 10:00")
    batch = start(world, letters(world, 1))
    travel("2026-11-24 10:20")
    assert retry_pdf_batches() == {"requeued": 1}  # the immediate backend runs it
    batch.refresh_from_db()
    assert batch.state == PdfBatch.State.FAILED


def test_plan_without_libreoffice_offers_word_and_says_why(client, world, setup, no_libreoffice):  # noqa: F811
    """The embedded default without LibreOffice: booked, Word letters, a German note, no PDF."""
    client.force_login(world.worker)
    numbers = [setup[0].customer_number]
    response = client.post(CONFIRM, {"case_worker": "worker", "week": WEEK, "customers": numbers})
    page = response.content.decode()
    assert "PDF-Briefe sind in dieser Installation nicht verfügbar" in page
    assert "Als PDF zum Drucken" not in page
    assert "(Word)" in page
    assert not PdfBatch.objects.exists()


def test_reaction_letters_without_libreoffice(client, world, reaction, customer, no_libreoffice):  # noqa: F811
    client.force_login(world.tl)
    detail = client.get(reverse("reactions:detail", args=["jc-test", reaction.id])).content.decode()
    assert "PDF-Briefe sind in dieser Installation nicht verfügbar" in detail
    assert reverse("reactions:acknowledgement_pdf", args=["jc-test", reaction.id]) not in detail
    docx_url = reverse("reactions:acknowledgement_docx", args=["jc-test", reaction.id])
    assert client.get(docx_url).status_code == 200
    # A PDF asked for anyway: back with the German message, nothing changed.
    pdf_url = reverse("reactions:acknowledgement_pdf", args=["jc-test", reaction.id])
    response = client.get(pdf_url, follow=True)
    assert "nicht verfügbar" in response.content.decode()
