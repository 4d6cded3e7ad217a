import io

import docx
from pypdf import PdfReader

# The reactions' and the API's fixtures, shared rather than copied.
from tests.api.conftest import api  # noqa: F401
from tests.reactions.conftest import new_reaction  # noqa: F401


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
