"""Survey invitations (QS-04): one letter per token with the link and its QR code (segno).

The letter kind ``survey_invitation`` is registered with the letters service
(``letters/kinds.py``); the letters are filled with the letters service's ``fill`` and
``full_context`` from the organisation's template of that kind, or the shipped default, and the
QR code is added below each letter. Tokens exist in clear only in the creator's hands: the
letters are made from tokens sent back by the creator, each checked against its digest.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping, Sequence
from typing import Any

import docx
import segno
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.shared import Cm

from anliegen.letters.kinds import LetterKindSpec
from anliegen.letters.render import fill, full_context, template_bytes
from anliegen.org.models import Organisation

from .build_invitation import TEMPLATE
from .models import Survey

KIND = "survey_invitation"
MAX_LETTERS = 500


def sample_context() -> Mapping[str, Any]:
    return {
        "subject": "Einladung zur Kundenbefragung",
        "survey_title": "Kundenbefragung 2026",
        "link": "https://anliegen.example/portal/befragung/AbC123xyZ/",
        "token": "AbC123xyZ",
    }


INVITATION_LETTER = LetterKindSpec(
    code=KIND,
    label=gettext_lazy("Survey invitation"),
    default_template=TEMPLATE,
    sample_context=sample_context,
    placeholders={
        "subject": gettext_lazy("Subject line"),
        "survey_title": gettext_lazy("Title of the survey"),
        "link": gettext_lazy("Link to the survey with the access code"),
        "token": gettext_lazy("Single-use access code"),
    },
)


def template_for(organisation: Organisation) -> bytes:
    """The organisation's active template of this kind, else the shipped default (letters)."""
    return template_bytes(organisation, KIND)


def qr_png(link: str) -> bytes:
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def qr_svg(link: str) -> str:
    """An inline SVG of the QR code for the printable page (with a German title)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(
        out,
        kind="svg",
        scale=3,
        border=2,
        xmldecl=False,
        svgns=True,
        title=_("QR code of the link"),
    )
    return out.getvalue().decode()


def letters_docx(
    organisation: Organisation, survey: Survey, links: Sequence[tuple[str, str]]
) -> bytes:
    """One letter per (token, link), each on its own page with its QR code."""
    template = template_for(organisation)
    master: Any = None
    for token, link in links:
        context = full_context(
            organisation,
            {
                "subject": _("Invitation to the survey"),
                "survey_title": survey.title,
                "link": link,
                "token": token,
            },
        )
        letter = docx.Document(io.BytesIO(fill(template, context)))
        if master is None:
            master = letter
        else:
            master.add_page_break()
            body = master.element.body
            for element in letter.element.body:
                if element.tag.endswith("}sectPr"):
                    continue
                body.insert(len(body) - 1, copy.deepcopy(element))
        master.add_picture(io.BytesIO(qr_png(link)), width=Cm(4))
    out = io.BytesIO()
    assert master is not None
    master.save(out)
    return out.getvalue()
