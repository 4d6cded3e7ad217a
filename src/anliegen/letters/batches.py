"""Many letters as one PDF, made by the background worker (issue 21; KON-06).

A procedure hands over the filled Word documents (:func:`start_batch`, inside its request); the
worker converts them one by one through LibreOffice (:func:`anliegen.letters.pdf.docx_to_pdf`)
and joins the PDFs in order (:func:`convert_batch`). A weekly plan of 60 invitations takes about
a minute warm (``docs/benchmarks.md``), too long for a request. Converting is a pure function of
the stored documents: a task that runs twice (a retry, a worker killed mid-run and the periodic
job enqueuing it again) makes the same PDF, and only the first finished run is stored.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.letters.kinds import letter_kind
from anliegen.letters.models import PdfBatch
from anliegen.letters.pdf import PdfUnavailable, docx_to_pdf
from anliegen.org.models import Organisation, User
from anliegen.org.scope import Scope

#: More letters than this in one batch are refused (a weekly plan has at most ~60).
MAX_LETTERS = 500
#: A batch still pending after this long is enqueued again by the periodic job.
RETRY_AFTER = dt.timedelta(minutes=15)


def pack(documents: Sequence[bytes]) -> bytes:
    """The Word documents as a ZIP, in order (``0001.docx``, ``0002.docx``, …)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(documents, start=1):
            archive.writestr(f"{number:04d}.docx", document)
    return out.getvalue()


def unpack(archive: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as documents:
        return [documents.read(name) for name in sorted(documents.namelist())]


def join_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """One PDF of the letters in order, for printing (each letter starts on a new page)."""
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def start_batch(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    title: str,
    filename: str,
    documents: Sequence[bytes],
) -> PdfBatch:
    """A new batch of ``documents`` (filled ``.docx`` of letter kind ``kind``); the worker
    converts it after the caller's transaction commits."""
    if letter_kind(kind) is None:
        raise InvalidInput(_("Unknown kind of letter."))
    if not documents:
        raise InvalidInput(_("There are no letters to convert."))
    if len(documents) > MAX_LETTERS:
        raise InvalidInput(
            _("At most %(max)d letters can be converted at once.") % {"max": MAX_LETTERS}
        )
    batch = PdfBatch.objects.create(
        organisation=organisation,
        kind=kind,
        title=title[:200],
        filename=filename[-200:],
        created_by=actor,
        created_at=clock.now(),
        letters=len(documents),
        documents=pack(documents),
    )
    record(
        actor=actor,
        organisation=organisation,
        action="letters.pdf_batch_started",
        obj=batch,
        new={"kind": kind, "letters": batch.letters},
    )
    transaction.on_commit(partial(enqueue, batch.id))
    return batch


def enqueue(batch_id: int) -> None:
    from anliegen.letters.tasks import convert_pdf_batch

    convert_pdf_batch.enqueue(batch_id)


def convert_batch(batch_id: int) -> str:
    """Convert a pending batch; the new state (``done``/``failed``), or ``skipped`` if it was not
    pending (already finished by another run)."""
    batch = PdfBatch.objects.filter(id=batch_id, state=PdfBatch.State.PENDING).first()
    if batch is None:
        return "skipped"
    finished: dict[str, object]
    try:
        pdf = join_pdfs([docx_to_pdf(document) for document in unpack(bytes(batch.documents))])
    except PdfUnavailable as exc:
        finished = {"state": PdfBatch.State.FAILED, "error": exc.message}
    else:
        finished = {"state": PdfBatch.State.DONE, "pdf": pdf, "documents": b""}
    updated = PdfBatch.objects.filter(id=batch_id, state=PdfBatch.State.PENDING).update(
        finished_at=clock.now(), **finished
    )
    return str(finished["state"]) if updated else "skipped"


def stale_batches() -> list[int]:
    """Pending batches older than :data:`RETRY_AFTER` (their task was lost or its worker died)."""
    before = clock.now() - RETRY_AFTER
    return list(
        PdfBatch.objects.filter(state=PdfBatch.State.PENDING, created_at__lte=before).values_list(
            "id", flat=True
        )
    )


def batch_for(scope: Scope, batch_id: int) -> PdfBatch:
    """A batch the scope's person asked for, in the scope's organisation; else NotFound."""
    batch = (
        PdfBatch.objects.filter(id=batch_id, organisation=scope.organisation, created_by=scope.user)
        .defer("documents", "pdf")
        .first()
    )
    if batch is None:
        raise NotFound(_("This PDF does not exist or is not yours."))
    return batch


def batch_pdf(scope: Scope, batch_id: int) -> tuple[bytes, str]:
    """The finished PDF of a batch and its file name."""
    batch = batch_for(scope, batch_id)
    pdf = PdfBatch.objects.filter(id=batch.id).values_list("pdf", flat=True).first()
    if batch.state != PdfBatch.State.DONE or pdf is None:
        raise NotFound(_("This PDF is not ready yet."))
    return bytes(pdf), batch.filename
