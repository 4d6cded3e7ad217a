"""Internal notes and attachments on tickets (issue 9, "as reactions already have"); attachments
checked by the shared upload check, and a PDF named ``evil.html`` stored as ``evil.pdf``
(issue 14, fault 7). Who may add and read them."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.customers.models import HistoryEntry
from anliegen.org.scope import scope_for
from anliegen.tickets import notes
from anliegen.tickets.models import TicketAttachment, TicketNote
from tests.api.conftest import assert_problem
from tests.web.helpers import html

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def pdf(name="bescheid.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_assignee_adds_an_internal_note_not_in_the_history(world, new_ticket):
    ticket = new_ticket()
    before = HistoryEntry.objects.count()
    note = notes.add_note(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        ticket=ticket,
        text="  Rückfrage bei der Leistungsabteilung läuft  ",
    )
    assert note.text == "Rückfrage bei der Leistungsabteilung läuft"
    assert HistoryEntry.objects.count() == before
    assert AuditEntry.objects.filter(action="ticket.note_added").count() == 1


def test_empty_note_is_refused(world, new_ticket):
    with pytest.raises(InvalidInput) as exc:
        notes.add_note(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            ticket=new_ticket(),
            text=" ",
        )
    assert "text" in exc.value.errors
    assert not TicketNote.objects.exists()


@pytest.mark.parametrize("who", ["worker2", "av", "tl_integration"])
def test_who_may_not_act_may_not_add(world, new_ticket, who):
    ticket = new_ticket()
    user = getattr(world, who)
    with pytest.raises(Forbidden):
        notes.add_note(actor=user, scope=scope_for(user, world.org), ticket=ticket, text="x")
    assert not TicketNote.objects.exists()


def test_attachments_checked_and_named_by_content(world, new_ticket):
    ticket = new_ticket()
    scope = scope_for(world.worker, world.org)
    [a] = notes.add_attachments(
        actor=world.worker, scope=scope, ticket=ticket, files=[pdf("evil.html")]
    )
    assert (a.filename, a.content_type) == ("evil.pdf", "application/pdf")
    with pytest.raises(InvalidInput):
        notes.add_attachments(
            actor=world.worker,
            scope=scope,
            ticket=ticket,
            files=[pdf("ok.pdf"), SimpleUploadedFile("x.pdf", b"<html></html>")],
        )
    assert TicketAttachment.objects.count() == 1  # all or nothing


def test_at_most_ten_attachments(world, new_ticket):
    ticket = new_ticket()
    scope = scope_for(world.worker, world.org)
    notes.add_attachments(
        actor=world.worker, scope=scope, ticket=ticket, files=[pdf(f"{i}.pdf") for i in range(9)]
    )
    with pytest.raises(InvalidInput) as exc:
        notes.add_attachments(
            actor=world.worker, scope=scope, ticket=ticket, files=[pdf("a.pdf"), pdf("b.pdf")]
        )
    assert "höchstens 10" in exc.value.message
    assert TicketAttachment.objects.count() == 9


# --- API ---------------------------------------------------------------------------------------


def test_api_notes_and_attachments(api, world, other, new_ticket):
    ticket = new_ticket()
    base = f"/orgs/{world.org.slug}/tickets/{ticket.id}"
    created = api.post(f"{base}/notes", {"text": "Intern: Akte angefordert"}, user=world.worker)
    assert created.status_code == 201, created.content
    assert json.loads(api.get(f"{base}/notes", user=world.tl).content)[0]["text"] == (
        "Intern: Akte angefordert"
    )
    assert_problem(
        api.post(f"{base}/notes", {"text": ""}, user=world.worker), 422, fields=("text",)
    )
    assert api.post(f"{base}/notes", {"text": "x"}, user=world.av).status_code in (403, 404)
    upload = api.client.post(
        f"/api/v1{base}/attachments",
        {"files": [pdf("evil.html")]},
        HTTP_AUTHORIZATION=f"Bearer {api.token(world.worker)}",
    )
    assert upload.status_code == 201, upload.content
    [meta] = json.loads(upload.content)
    assert meta["filename"] == "evil.pdf"
    download = api.client.get(
        f"/api/v1{base}/attachments/{meta['id']}",
        HTTP_AUTHORIZATION=f"Bearer {api.token(world.tl)}",
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="evil.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download.content == PDF
    bad = api.client.post(
        f"/api/v1{base}/attachments",
        {"files": [SimpleUploadedFile("a.pdf", b"MZ\x90\x00" + b"\x00" * 40)]},
        HTTP_AUTHORIZATION=f"Bearer {api.token(world.worker)}",
    )
    assert_problem(bad, 422, fields=("attachments",))
    for user in (other.gf, world.provider):
        assert api.get(f"{base}/notes", user=user).status_code == 404
        assert api.get(f"{base}/attachments/{meta['id']}", user=user).status_code == 404


def test_api_sc_sender_sees_no_notes_or_attachments(api, world, sc, cust_for_sc):
    from anliegen.tickets.sending import send_ticket

    ticket, _created = send_ticket(
        actor=sc.agent,
        scope=scope_for(sc.agent, sc.org),
        area="benefits",
        customer_number=cust_for_sc.customer_number,
        concern="Frage",
    )
    notes.add_note(
        actor=world.worker, scope=scope_for(world.worker, world.org), ticket=ticket, text="intern"
    )
    base = f"/orgs/{world.org.slug}/tickets/{ticket.id}"
    assert api.get(f"{base}/notes", user=sc.agent).status_code == 404
    assert api.post(f"{base}/notes", {"text": "x"}, user=sc.agent).status_code == 404
    assert api.get(f"{base}/attachments", user=sc.agent).status_code == 404


@pytest.fixture
def cust_for_sc(world):
    from tests.factories import make_customer

    return make_customer(world, contact_person=world.worker)


# --- UI ----------------------------------------------------------------------------------------


def test_ui_note_and_attachment_on_the_ticket_page(client, world, new_ticket):
    ticket = new_ticket()
    url = f"/o/{world.org.slug}/tickets/{ticket.id}/"
    client.force_login(world.worker)
    page = html(client.get(url))
    assert "Interne Notizen" in page
    assert "Anhänge" in page
    response = client.post(f"{url}notiz/", {"note-text": "Akte beim Archiv angefordert"})
    assert response.status_code == 302
    response = client.post(f"{url}anhaenge/", {"attachments-attachments": [pdf("evil.html")]})
    assert response.status_code == 302
    attachment = TicketAttachment.objects.get()
    page = html(client.get(url))
    assert "Akte beim Archiv angefordert" in page
    assert "evil.pdf" in page
    download = client.get(f"{url}anhaenge/{attachment.id}/")
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="evil.pdf"' in download["Content-Disposition"]


def test_ui_bad_upload_stays_on_the_page_with_the_message(client, world, new_ticket):
    ticket = new_ticket()
    client.force_login(world.worker)
    response = client.post(
        f"/o/{world.org.slug}/tickets/{ticket.id}/anhaenge/",
        {"attachments-attachments": [SimpleUploadedFile("x.pdf", b"just text")]},
    )
    assert response.status_code == 200
    assert "kein PDF-, PNG-, JPEG- oder TIFF-Dokument" in html(response)
    assert not TicketAttachment.objects.exists()


def test_ui_who_may_not_act_gets_no_forms_and_403(client, world, new_ticket):
    ticket = new_ticket()
    client.force_login(world.worker2)
    url = f"/o/{world.org.slug}/tickets/{ticket.id}/"
    assert client.get(url).status_code == 404  # worker2 does not see the ticket at all
    client.force_login(world.av)
    assert client.post(f"{url}notiz/", {"note-text": "x"}).status_code == 404
    assert not TicketNote.objects.exists()
