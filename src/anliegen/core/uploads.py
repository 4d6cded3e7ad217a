"""The one check for uploaded documents (KRM-01 attachments, ticket attachments; issue 14).

Files are checked by their content (magic numbers via ``filetype``), never by name or extension:
only PDF, PNG, JPEG and TIFF are accepted, each at most ``ANLIEGEN_MAX_ATTACHMENT_BYTES``, and at
most ``max_count`` per object. The stored name keeps the uploaded base name but always takes the
extension of the detected type, so a PDF uploaded as ``evil.html`` is stored and downloaded as
``evil.pdf`` (issue 14, fault 7). Procedures store the :class:`CheckedFile` themselves.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import filetype
from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput

#: Accepted content types and the extension a stored name takes for each.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
}
#: Extensions that already name a detected type correctly (kept as written).
SYNONYMS = {"jpg": ("jpg", "jpeg"), "tif": ("tif", "tiff"), "pdf": ("pdf",), "png": ("png",)}
ACCEPT = ".pdf,.png,.jpg,.jpeg,.tif,.tiff"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NAME = 150


class Upload(Protocol):
    """What Django's ``UploadedFile`` offers (and a test double can)."""

    name: str | None
    size: int | None

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes


def max_bytes() -> int:
    return int(getattr(settings, "ANLIEGEN_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES))


def clean_name(name: str, content_type: str) -> str:
    """The base name without path and control characters, with the extension of the detected
    type: ``bescheid.PDF`` stays, ``evil.html`` becomes ``evil.pdf``, ``scan`` ``scan.pdf``."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = re.sub(r"[\x00-\x1f\x7f\"]", "", base).strip() or _("attachment")
    extension = ALLOWED_TYPES[content_type]
    stem, dot, current = base.rpartition(".")
    if dot and stem and current.lower() in SYNONYMS[extension]:
        return base[-MAX_NAME:] if len(base) > MAX_NAME else base
    stem = (stem if dot and stem else base).rstrip(". ") or _("attachment")
    return f"{stem[: MAX_NAME - len(extension) - 1]}.{extension}"


def _too_large_message(limit: int) -> str:
    return _("The file is too large (at most %(mb)s MB).") % {
        "mb": f"{limit / (1024 * 1024):.0f}"
        if limit >= 1024 * 1024
        else f"{limit / (1024 * 1024):.2f}"
    }


def check_files(
    files: Sequence[Upload],
    *,
    already: int = 0,
    max_count: int,
    too_many: str,
    field: str,
) -> list[CheckedFile]:
    """Read and check uploads; ``InvalidInput`` (German, on ``field``) for the first bad one.
    ``too_many`` is the message when ``already + len(files)`` exceeds ``max_count``."""
    if already + len(files) > max_count:
        raise InvalidInput(too_many, errors={field: _("Too many files.")})
    limit = max_bytes()
    checked = []
    for upload in files:
        name = upload.name or ""
        if upload.size is not None and upload.size > limit:
            raise InvalidInput(_too_large_message(limit), errors={field: _too_large_message(limit)})
        data = upload.read(limit + 1)
        if len(data) > limit:
            raise InvalidInput(_too_large_message(limit), errors={field: _too_large_message(limit)})
        if not data:
            message = _("The file %(name)s is empty.") % {"name": name}
            raise InvalidInput(message, errors={field: message})
        kind = filetype.guess(data)
        content_type = kind.mime if kind is not None else ""
        if content_type not in ALLOWED_TYPES:
            message = _(
                "The file %(name)s is not a PDF, PNG, JPEG or TIFF document. Only these are accepted."
            ) % {"name": name}
            raise InvalidInput(message, errors={field: message})
        checked.append(CheckedFile(clean_name(name, content_type), content_type, data))
    return checked


def download_response(*, data: bytes, content_type: str, filename: str, size: int) -> HttpResponse:
    """A stored document as a download: never rendered by the browser (``attachment``,
    ``nosniff``), under its stored name."""
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(size)
    return response


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the actions check their content with :func:`check_files`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []
