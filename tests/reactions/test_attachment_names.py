"""Issue 14, fault 7 (KRM-01): a PDF uploaded as ``evil.html`` is stored and downloaded as
``evil.pdf``, never as HTML."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from anliegen.org.scope import scope_for
from anliegen.reactions.attachments import add_attachments
from anliegen.reactions.models import Attachment

PDF = b"%PDF-1.7\n%%EOF\n"


def test_pdf_named_html_is_stored_as_pdf(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    [attachment] = add_attachments(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        reaction=reaction,
        files=[SimpleUploadedFile("evil.html", PDF, content_type="text/html")],
    )
    assert attachment.filename == "evil.pdf"
    assert Attachment.objects.get().content_type == "application/pdf"


def test_api_download_is_named_pdf(api, world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    response = api.client.post(
        f"/api/v1/orgs/{world.org.slug}/reactions/{reaction.id}/attachments",
        {"files": [SimpleUploadedFile("evil.html", PDF, content_type="text/html")]},
        HTTP_AUTHORIZATION=f"Bearer {api.token(world.tl)}",
    )
    assert response.status_code == 201, response.content
    [created] = json.loads(response.content)
    assert created["filename"] == "evil.pdf"
    download = api.client.get(
        f"/api/v1/orgs/{world.org.slug}/reactions/{reaction.id}/attachments/{created['id']}",
        HTTP_AUTHORIZATION=f"Bearer {api.token(world.tl)}",
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="evil.pdf"' in download["Content-Disposition"]
    assert ".html" not in download["Content-Disposition"]
