"""Background tasks of the letters service (Django Tasks API): converting a batch of letters
into one PDF (issue 21). Tasks take ids and are idempotent (:mod:`anliegen.letters.batches`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from anliegen.core.periodic import register
from anliegen.letters import batches


@task()
def convert_pdf_batch(batch_id: int) -> str:
    """Convert one batch of letters into a PDF (``done``, ``failed`` or ``skipped``)."""
    return batches.convert_batch(batch_id)


@register(
    "letters.pdf_batches",
    every=dt.timedelta(minutes=15),
    description="Enqueue PDF batches of letters again whose conversion was lost.",
)
def retry_pdf_batches() -> dict[str, Any]:
    ids = batches.stale_batches()
    for batch_id in ids:
        convert_pdf_batch.enqueue(batch_id)
    return {"requeued": len(ids)}
