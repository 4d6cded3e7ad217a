"""The shared upload check (core.uploads): content type by magic numbers, size, count, and the
stored name takes the extension of the detected type (issue 14, fault 7)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anliegen.core.errors import InvalidInput
from anliegen.core.uploads import check_files, clean_name

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def _check(*files, already=0, max_count=3):
    return check_files(
        list(files), already=already, max_count=max_count, too_many="zu viele", field="files"
    )


@pytest.mark.parametrize(
    ("name", "content_type", "stored"),
    [
        ("evil.html", "application/pdf", "evil.pdf"),
        ("bescheid.PDF", "application/pdf", "bescheid.PDF"),
        ("scan", "application/pdf", "scan.pdf"),
        ("foto.jpeg", "image/jpeg", "foto.jpeg"),
        ("foto.png", "image/jpeg", "foto.jpg"),
        ("seite.tiff", "image/tiff", "seite.tiff"),
        ("../../etc/passwd", "image/png", "passwd.png"),
        ('C:\\Users\\x\\"a".svg', "image/png", "a.png"),
        ("", "application/pdf", "Anhang.pdf"),
        ("x" * 300 + ".html", "application/pdf", "x" * 146 + ".pdf"),
    ],
)
def test_stored_name_takes_the_detected_extension(name, content_type, stored):
    assert clean_name(name, content_type) == stored


def test_pdf_uploaded_as_html_is_stored_as_pdf():
    [checked] = _check(SimpleUploadedFile("evil.html", PDF, content_type="text/html"))
    assert (checked.filename, checked.content_type) == ("evil.pdf", "application/pdf")


def test_count_includes_what_is_already_there():
    _check(SimpleUploadedFile("a.pdf", PDF), already=2)
    with pytest.raises(InvalidInput) as exc:
        _check(SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG), already=2)
    assert exc.value.message == "zu viele"
    assert "files" in exc.value.errors


def test_html_is_refused_whatever_its_name():
    with pytest.raises(InvalidInput) as exc:
        _check(SimpleUploadedFile("bescheid.pdf", b"<html><script>x</script></html>"))
    assert "PDF, PNG, JPEG oder TIFF" in exc.value.errors["files"]


def test_size_limit(settings):
    settings.ANLIEGEN_MAX_ATTACHMENT_BYTES = 64
    with pytest.raises(InvalidInput) as exc:
        _check(SimpleUploadedFile("gross.jpg", JPEG + b"\x00" * 100))
    assert "zu groß" in exc.value.message
