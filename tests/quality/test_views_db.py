"""The pages of QS-01/QS-07: overview "Qualitätsstandards", deviations, export, the public site
page, and the warning when hours are saved in the UI."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from anliegen.org.models import ClosingDay, Site
from anliegen.quality.models import Deviation

from .conftest import NO_AFTERNOON, set_hours


def overview_url(world):  # type: ignore[no-untyped-def]
    return f"/o/{world.org.slug}/qualitaet/"


def test_overview_shows_every_site_and_why(as_user, world, second):
    """QS-01: one page, every site green or red with the rule broken, in German."""
    set_hours(world.site, *NO_AFTERNOON)
    page = as_user(world.gf).get(overview_url(world)).content.decode()
    assert "<h1>Qualitätsstandards</h1>" in page
    assert "Hauptsitz" in page
    assert "Nebenstelle" in page
    assert "Kein Nachmittag mit Öffnung bis mindestens 18:00 Uhr" in page
    assert "verletzt" in page
    assert "erfüllt" in page
    # The navigation links to the page for those who may open it.
    assert f'href="{overview_url(world)}"' in page


@pytest.mark.parametrize("role", ["worker", "av", "provider", "deputy"])
def test_overview_is_not_for_case_workers(as_user, world, role):
    client = as_user(getattr(world, role))
    assert client.get(overview_url(world)).status_code == 404
    home = client.get(f"/o/{world.org.slug}/postkorb/")
    assert f'href="{overview_url(world)}"' not in home.content.decode()


@pytest.mark.parametrize("role", ["gf", "office", "admin", "bl", "tl"])
def test_overview_for_leadership(as_user, world, role):
    assert as_user(getattr(world, role)).get(overview_url(world)).status_code == 200


def test_export_csv_and_xlsx(as_user, world):
    """The overview can be exported."""
    set_hours(world.site, *NO_AFTERNOON)
    client = as_user(world.gf)
    csv = client.get(overview_url(world), {"export": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("Standort;QS-01 Öffnungszeiten")
    assert "Hauptsitz;verletzt;" in text
    xlsx = client.get(overview_url(world), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[-1][:2] == ["Hauptsitz", "verletzt"] or ["Hauptsitz", "verletzt"] in [
        r[:2] for r in rows
    ]


def test_propose_and_consent_in_the_ui(as_user, world):
    """QS-07 in the UI: the team lead proposes, GF and team lead consent → agreed."""
    set_hours(world.site, *NO_AFTERNOON)
    client = as_user(world.tl)
    response = client.post(
        f"{overview_url(world)}abweichungen/neu/",
        {
            "site": world.site.pk,
            "rule": "afternoon",
            "reason": "Nachmittags kein Bedarf",
            "valid_from": "2020-01-01",
            "valid_until": "",
        },
    )
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    url = f"{overview_url(world)}abweichungen/{deviation.pk}/zustimmen/"
    assert client.post(url).status_code == 302
    again = client.post(url, follow=True)
    assert "Sie haben bereits zugestimmt" in again.content.decode()
    as_user(world.gf).post(url)
    assert Deviation.objects.get().status == "agreed"
    page = as_user(world.gf).get(overview_url(world)).content.decode()
    assert "vereinbart" in page
    assert "Nachmittags kein Bedarf" in page


def test_bad_proposal_in_the_ui_shows_german_errors(as_user, world):
    response = as_user(world.gf).post(
        f"{overview_url(world)}abweichungen/neu/",
        {
            "site": world.site.pk,
            "rule": "afternoon",
            "reason": "",
            "valid_from": "2026-02-01",
            "valid_until": "2026-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Bitte geben Sie die Begründung der Abweichung an." in page
    assert not Deviation.objects.exists()


def test_saving_hours_in_the_ui_warns(as_user, world):
    """QS-01: "save with a warning, never silently" on the opening-hours page."""
    set_hours(world.site, *NO_AFTERNOON[:4])
    response = as_user(world.gf).post(
        f"/o/{world.org.slug}/standorte/{world.site.pk}/oeffnungszeiten/",
        {"weekday": 4, "opens": "08:00", "closes": "12:30"},
        follow=True,
    )
    page = response.content.decode()
    assert "Die Öffnungszeit wurde hinzugefügt" in page or "hinzugefügt" in page
    assert "Qualitätsstandard (Hauptsitz): Kein Nachmittag" in page


def test_public_page_hours_holidays_and_tandem_pointer(client, world, second, travel):
    """QS-01: the public page — hours, the next four weeks' holidays and closing days, and
    the tandem site's pointer to its main site."""
    travel("2026-05-28 09:00")  # Fronleichnam 2026 is Thursday, 4 June
    Site.objects.filter(pk=world.site.pk).update(state="NW")
    Site.objects.filter(pk=second["site"].pk).update(tandem_main=world.site, state="NW")
    set_hours(second["site"], *[(d, "09:00", "12:00") for d in (0, 2, 3)])
    ClosingDay.objects.create(
        organisation=world.org, date=dt.date(2026, 6, 5), label="Betriebsausflug"
    )
    response = client.get(f"/portal/{world.org.slug}/standorte/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "geschlossen am Fronleichnam (Donnerstag, 04.06.2026)" in page
    assert "geschlossen am Betriebsausflug (Freitag, 05.06.2026)" in page
    assert "Am Dienstag, Freitag besuchen Sie uns bitte in Hauptsitz." in page
    assert "09:00–12:00" in page


def test_public_page_of_unknown_organisation_is_404(client, db):
    assert client.get("/portal/gibt-es-nicht/standorte/").status_code == 404
