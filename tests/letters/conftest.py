import io

import docx
import pytest
from pypdf import PdfReader

from anliegen.org.scope import scope_for
from anliegen.reactions.actions import record_reaction
from tests.api.conftest import Api
from tests.reactions.conftest import at


@pytest.fixture
def api() -> Api:
    return Api()


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a Word document, one per line."""
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def make_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def new_reaction(world, customer):
    def _create(
        *,
        by=None,
        channel="letter",
        kind="complaint",
        received="2026-11-23 09:00",
        teams=None,
        text="Mein Antrag liegt seit Wochen unbearbeitet.",
        **extra,
    ):
        actor = by or world.office
        extra.setdefault("customer_number", customer.customer_number)
        return record_reaction(
            actor=actor,
            scope=scope_for(actor, world.org),
            channel=channel,
            kind=kind,
            received_at=at(received),
            team_ids=[world.team.id] if teams is None else teams,
            text=text,
            **extra,
        )

    return _create
