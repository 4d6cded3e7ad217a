"""Per-organisation letter templates (KRM-05, KON-06): upload validated (real .docx, renders with
a sample context, size), newest in use, older kept, revert to the default; GF, office, admin."""

import pytest
from django.urls import reverse

from anliegen.audit.models import AuditEntry
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.letters.letter_templates import revert_to_default, upload_template
from anliegen.letters.models import LetterTemplate
from anliegen.letters.render import default_template, render_docx
from anliegen.letters.validation import MAX_DOCX_BYTES
from anliegen.org.scope import scope_for
from tests.letters.conftest import docx_text, make_docx

ACK = "reaction_acknowledgement"
GOOD = make_docx("{% for line in letterhead %}{{ line }} {% endfor %}", "Hallo {{ customer_name }}")


def _upload(world, user, content, filename="vorlage.docx", kind=ACK):
    return upload_template(
        actor=user,
        scope=scope_for(user, world.org),
        kind=kind,
        content=content,
        filename=filename,
    )


def test_uploaded_template_is_used_and_older_versions_kept(world):
    _upload(world, world.office, GOOD)
    second = _upload(world, world.gf, make_docx("Version zwei für {{ customer_name }}"))
    assert LetterTemplate.objects.filter(organisation=world.org, kind=ACK).count() == 2
    assert list(LetterTemplate.objects.filter(active=True)) == [second]
    text = docx_text(render_docx(world.org, ACK, {"customer_name": "Erika Groß"}))
    assert text.strip() == "Version zwei für Erika Groß"
    assert AuditEntry.objects.filter(action="letters.template_uploaded").count() == 2


def test_revert_to_default(world):
    _upload(world, world.admin, GOOD)
    revert_to_default(actor=world.admin, scope=scope_for(world.admin, world.org), kind=ACK)
    assert not LetterTemplate.objects.filter(active=True).exists()
    assert LetterTemplate.objects.count() == 1
    context = {"customer_name": "Erika", "address_lines": [], "reference": "KRM-1"}
    assert "Eingang" in docx_text(render_docx(world.org, ACK, context))


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"", "a.docx", "Datei"),
        (b"plain text, not a zip", "a.docx", "Word"),
        (b"PK\x03\x04broken", "a.docx", "Word"),
        (make_docx("x"), "a.pdf", ".docx"),
        (make_docx("Hallo {{ customer_name "), "a.docx", "Platzhalter"),
        (make_docx("{% if x %}ohne Ende"), "a.docx", "Platzhalter"),
        (make_docx("Hallo {{ kundename }}"), "a.docx", "unbekannten Platzhalter"),
    ],
)
def test_bad_uploads_are_refused_in_german_and_change_nothing(world, content, filename, expected):
    from django.utils import translation

    with translation.override("de"), pytest.raises(InvalidInput) as caught:
        _upload(world, world.office, content, filename)
    assert expected in caught.value.errors["file"], caught.value.errors
    assert not LetterTemplate.objects.exists()


def test_size_limit(world, monkeypatch):
    monkeypatch.setattr("anliegen.letters.validation.MAX_DOCX_BYTES", 100)
    with pytest.raises(InvalidInput):
        _upload(world, world.office, GOOD)
    assert len(GOOD) < MAX_DOCX_BYTES


@pytest.mark.parametrize("role", ["tl", "bl", "worker", "provider"])
def test_only_management_office_and_admin(world, role):
    with pytest.raises(Forbidden):
        _upload(world, world.users[role], GOOD)


def test_templates_of_other_organisations_do_not_apply(world, other):
    _upload(world, world.office, make_docx("Nur jc-test"))
    context = {"customer_name": "Erika", "address_lines": [], "reference": "KRM-1"}
    assert "Nur jc-test" not in docx_text(render_docx(other.org, ACK, context))


def test_page_upload_download_revert(client, world):
    client.force_login(world.office)
    url = reverse("letters:templates", args=["jc-test"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Briefvorlagen" in page.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url,
        {"kind": ACK, f"{ACK}-file": SimpleUploadedFile("meine.docx", GOOD)},
    )
    assert response.status_code == 302
    download = client.get(reverse("letters:template", args=["jc-test", ACK]))
    assert download.content == GOOD
    bad = client.post(url, {"kind": ACK, f"{ACK}-file": SimpleUploadedFile("x.docx", b"kein Word")})
    assert bad.status_code == 422
    assert "kein lesbares Word-Dokument" in bad.content.decode()
    revert = reverse("letters:template_revert", args=["jc-test", ACK])
    client.post(revert, {})  # not confirmed: nothing happens
    assert LetterTemplate.objects.filter(active=True).exists()
    client.post(revert, {"confirm": "1"})
    assert not LetterTemplate.objects.filter(active=True).exists()
    assert client.get(reverse("letters:template", args=["jc-test", ACK])).content == (
        default_template(ACK)
    )


def test_page_forbidden_for_team_lead(client, world):
    client.force_login(world.tl)
    assert client.get(reverse("letters:templates", args=["jc-test"])).status_code == 403
