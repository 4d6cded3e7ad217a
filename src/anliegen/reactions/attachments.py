"""Attachments of customer reactions (KRM-01: "the text or a scan").

Files are checked by :mod:`anliegen.core.uploads` (content, size, count; the stored name takes
the extension of the detected type): only PDF, PNG, JPEG and TIFF, each at most
``ANLIEGEN_MAX_ATTACHMENT_BYTES``, at most :data:`MAX_PER_REACTION` per reaction. They are stored
in the database.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock, uploads
from anliegen.core.errors import Conflict, InvalidInput
from anliegen.core.uploads import ALLOWED_TYPES, DEFAULT_MAX_BYTES, CheckedFile, Upload, max_bytes
from anliegen.org.models import User
from anliegen.org.scope import Scope
from anliegen.reactions.models import Attachment, Reaction
from anliegen.work.locking import lock_with_item

__all__ = [
    "ALLOWED_TYPES",
    "DEFAULT_MAX_BYTES",
    "FIELD",
    "MAX_PER_REACTION",
    "CheckedFile",
    "Upload",
    "add_attachments",
    "check_files",
    "get_attachment",
    "max_bytes",
    "store",
]

MAX_PER_REACTION = 5
FIELD = "attachments"


def check_files(
    files: Sequence[Upload], *, already: int = 0, field: str = FIELD
) -> list[CheckedFile]:
    """Read and check uploads with the shared check (:mod:`anliegen.core.uploads`);
    ``InvalidInput`` (German, on ``field``) for the first bad one."""
    return uploads.check_files(
        files,
        already=already,
        max_count=MAX_PER_REACTION,
        too_many=_("A customer reaction takes at most %(n)d attachments.")
        % {"n": MAX_PER_REACTION},
        field=field,
    )


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
    locked = lock_with_item(reaction)  # the work item first, then the reaction
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
