"""Attachments of customer reactions (KRM-01: "the text or a scan").

Files are checked by their content (magic numbers via ``filetype``), never by name or extension:
only PDF, PNG, JPEG and TIFF are accepted, each at most ``ANLIEGEN_MAX_ATTACHMENT_BYTES`` and at
most :data:`MAX_PER_REACTION` per reaction. They are stored in the database.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import filetype
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, InvalidInput
from anliegen.org.models import User
from anliegen.org.scope import Scope
from anliegen.reactions.models import Attachment, Reaction

ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
}
MAX_PER_REACTION = 5
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FIELD = "attachments"


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


def _clean_name(name: str, content_type: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = re.sub(r"[\x00-\x1f\x7f\"]", "", base)[:150] or _("attachment")
    return base


def _too_large_message(limit: int) -> str:
    return _("The file is too large (at most %(mb)s MB).") % {
        "mb": f"{limit / (1024 * 1024):.0f}"
        if limit >= 1024 * 1024
        else f"{limit / (1024 * 1024):.2f}"
    }


def check_files(
    files: Sequence[Upload], *, already: int = 0, field: str = FIELD
) -> list[CheckedFile]:
    """Read and check uploads; ``InvalidInput`` (German, on ``field``) for the first bad one."""
    if already + len(files) > MAX_PER_REACTION:
        raise InvalidInput(
            _("A customer reaction takes at most %(n)d attachments.") % {"n": MAX_PER_REACTION},
            errors={field: _("Too many files.")},
        )
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
        checked.append(CheckedFile(_clean_name(name, content_type), content_type, data))
    return checked


def store(
    *, actor: User | None, reaction: Reaction, files: Sequence[CheckedFile]
) -> list[Attachment]:
    """Save checked files (inside the caller's transaction)."""
    now = clock.now()
    return [
        Attachment.objects.create(
            reaction=reaction,
            filename=f.filename,
            content_type=f.content_type,
            size=len(f.data),
            data=f.data,
            uploaded_by=actor,
            uploaded_at=now,
        )
        for f in files
    ]


@transaction.atomic
def add_attachments(
    *, actor: User, scope: Scope, reaction: Reaction, files: Sequence[Upload]
) -> list[Attachment]:
    """Add files to a reaction the actor may act on; all or nothing."""
    from anliegen.reactions.actions import ensure_may_act

    ensure_may_act(scope, reaction)
    locked = Reaction.objects.select_for_update().get(id=reaction.id)
    if not files:
        raise InvalidInput(_("Please choose a file."), errors={FIELD: _("Required.")})
    checked = check_files(files, already=locked.attachments.count())
    if locked.item.status != "open" and locked.register_entry_at is not None:
        raise Conflict(_("This customer reaction has already been entered in the register."))
    created = store(actor=actor, reaction=locked, files=checked)
    record(
        actor=actor,
        organisation=scope.organisation,
        action="reaction.attachments_added",
        obj=locked,
        new={"attachments": [a.id for a in created]},
    )
    return created


def get_attachment(reaction: Reaction, attachment_id: int) -> Attachment:
    """An attachment of a reaction the caller has already fetched through ``get_reaction_for``."""
    from anliegen.core.errors import NotFound

    attachment = reaction.attachments.filter(id=attachment_id).first()
    if attachment is None:
        raise NotFound(_("Attachment not found."))
    return attachment
