"""Attachments of customer reactions (KRM-01): checked by content, size and count; API."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.scope import scope_for
from anliegen.reactions.attachments import MAX_PER_REACTION, add_attachments, check_files
from anliegen.reactions.models import Attachment

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
TIFF = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60
ZIP = b"PK\x03\x04" + b"\x00" * 60


def up(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("data", "mime"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (TIFF, "image/tiff")],
)
def test_allowed_types_by_content_whatever_the_name(data, mime):
    [checked] = check_files([up("datei.txt", data)])
    assert checked.content_type == mime


@pytest.mark.parametrize("data", [EXE, ZIP, b"<html>hallo</html>", b"just text"])
def test_disguised_or_other_files_are_rejected(data):
    with pytest.raises(InvalidInput) as exc:
        check_files([up("bescheid.pdf", data)])
    assert "PDF, PNG, JPEG oder TIFF" in exc.value.errors["attachments"]


def test_size_limit_from_the_setting(settings):
    settings.ANLIEGEN_MAX_ATTACHMENT_BYTES = 100
    check_files([up("ok.pdf", PDF + b"\x00" * 50)])
    with pytest.raises(InvalidInput) as exc:
        check_files([up("big.pdf", PDF + b"\x00" * 200)])
    assert "zu groß" in exc.value.message


def test_at_most_five_per_reaction(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    scope = scope_for(world.tl, world.org)
    add_attachments(
        actor=world.tl,
        scope=scope,
        reaction=reaction,
        files=[up(f"{i}.pdf", PDF) for i in range(4)],
    )
    with pytest.raises(InvalidInput):
        add_attachments(
            actor=world.tl,
            scope=scope,
            reaction=reaction,
            files=[up("5.pdf", PDF), up("6.pdf", PDF)],
        )
    assert reaction.attachments.count() == 4
    add_attachments(actor=world.tl, scope=scope, reaction=reaction, files=[up("5.pdf", PDF)])
    assert reaction.attachments.count() == MAX_PER_REACTION


def test_a_bad_file_among_good_ones_saves_nothing(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    with pytest.raises(InvalidInput):
        add_attachments(
            actor=world.tl,
            scope=scope_for(world.tl, world.org),
            reaction=reaction,
            files=[up("a.pdf", PDF), up("b.pdf", EXE)],
        )
    assert Attachment.objects.count() == 0


def test_only_those_who_may_act_add(world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    with pytest.raises(Forbidden):
        add_attachments(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            reaction=reaction,
            files=[up("a.pdf", PDF)],
        )


def test_api_upload_and_download(api, world, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    path = f"/api/v1/orgs/jc-test/reactions/{reaction.id}/attachments"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.token(world.tl)}"}
    response = api.client.post(
        path, {"files": [up("scan.pdf", PDF), up("foto.png", PNG)]}, **headers
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [a["content_type"] for a in body] == ["application/pdf", "image/png"]
    download = api.client.get(f"{path}/{body[0]['id']}", **headers)
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    worker = {"HTTP_AUTHORIZATION": f"Bearer {api.token(world.worker)}"}
    assert api.client.get(f"{path}/{body[0]['id']}", **worker).status_code == 404
    bad = api.client.post(path, {"files": [up("x.pdf", EXE)]}, **headers)
    assert bad.status_code == 422
    assert "PDF, PNG, JPEG oder TIFF" in bad.content.decode()
    assert reaction.attachments.count() == 2


def test_other_organisation_sees_nothing(api, world, other, new_reaction, travel):
    travel("2026-11-23 10:00")
    reaction = new_reaction()
    add_attachments(
        actor=world.tl,
        scope=scope_for(world.tl, world.org),
        reaction=reaction,
        files=[up("a.pdf", PDF)],
    )
    attachment = reaction.attachments.get()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.token(other.gf)}"}
    path = f"/api/v1/orgs/jc-other/reactions/{reaction.id}/attachments/{attachment.id}"
    assert api.client.get(path, **headers).status_code == 404
    assert io.BytesIO(bytes(attachment.data)).read() == PDF
