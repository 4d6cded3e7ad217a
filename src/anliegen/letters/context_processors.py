"""``pdf_available`` in every template: whether letters can be downloaded as PDF here (issue 21).
Looked up only when a template uses it (:func:`anliegen.letters.pdf.pdf_available`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from anliegen.letters.pdf import pdf_available


def pdf(request: HttpRequest) -> dict[str, Any]:
    return {"pdf_available": SimpleLazyObject(pdf_available)}
