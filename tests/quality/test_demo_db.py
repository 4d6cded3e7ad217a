"""The demo of the quality standards: JobAgentur EN shows met, broken and proposed (QS)."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from anliegen.org.models import Organisation
from anliegen.quality import checks, overview
from anliegen.quality.models import Deviation, Survey


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    traveller = time_machine.travel("2026-11-24 10:00 +01:00", tick=False)
    traveller.start()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "--small", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    traveller.stop()


def test_jobagentur_en_demo(demo, db):
    en = Organisation.objects.get(slug="jobagentur-en")
    states = {c.site.name: c.state for c in checks.check_sites(en)}
    assert states["Regionalstelle Hattingen"] == "broken"
    assert states["Regionalstelle Breckerfeld"] == "broken"
    assert states["Regionalstelle Sprockhövel"] == "met"
    assert states["Regionalstelle Witten"] == "met"
    assert Deviation.objects.get(organisation=en).status == "proposed"
    survey = Survey.objects.get(organisation=en)
    assert survey.status == "closed"
    assert survey.responses == 60
    board = overview.build_overview(en)
    assert [s.code for s in board.standards] == [
        "QS-01",
        "QS-02",
        "QS-03",
        "QS-04",
        "QS-05",
        "QS-06",
        "QS-08",
    ]
    other = Organisation.objects.get(slug="jc-berlin-lichtenberg")
    assert not Survey.objects.filter(organisation=other).exists()
