"""The UI is German (FND-12): every message id of every app has a German translation, and the
compiled catalogue shipped next to it contains it."""

import gettext
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "anliegen"
CATALOGUES = sorted(SRC.glob("*/locale/de/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 8


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    missing = [
        e.msgid
        for e in po
        if not e.obsolete
        and (
            "fuzzy" in e.flags
            or not (all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr)
        )
    ]
    assert missing == [], f"untranslated or fuzzy in {po_path}"
    compiled = gettext.GNUTranslations(po_path.with_suffix(".mo").open("rb"))
    stale = [
        e.msgid
        for e in po
        if not e.obsolete
        and not e.msgid_plural
        and (compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid))
        != e.msgstr
    ]
    assert stale == [], f"{po_path.with_suffix('.mo')} is older than its .po (run make messages)"
