"""SOC-09, the staffing page: access (SC leads and the region's management), the forecast from
recorded calls or an uploaded CSV, the table, the chart, the queue-move table, the export and
the sample file; bad files are refused in German with line numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from anliegen.core.clock import BERLIN
from anliegen.servicecenter.models import CallRecord, DefaultQueue

PAGE = "/o/sc-test/servicecenter/personalbedarf/"
SAMPLE = "/o/sc-test/servicecenter/personalbedarf/beispiel.csv"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form(sc, **fields):
    values = {
        "centre": sc.centre.id,
        "day": "2026-12-02",
        "source": "csv",
        "weeks": 4,
        "aht_seconds": 180,
        "model": "erlang_c",
        "service_level": 80,
        "target_seconds": 20,
        "shrinkage": 0,
        "max_occupancy": 100,
        "patience_seconds": 120,
        "what_if": "",
    }
    values.update(fields)
    return values


def upload(content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("prognose.csv", content.encode("utf-8"), content_type="text/csv")


CSV = "weekday;time;calls;other_calls\nMi;08:00;100;20\nMi;08:30;40;10\n"


@pytest.mark.parametrize(
    ("who", "status"), [("tl", 200), ("rl", 200), ("tsb1", 403), ("fit", 403), ("os1", 403)]
)
def test_access(sc, who, status):
    assert login(getattr(sc, who)).get(PAGE).status_code == status
    assert login(getattr(sc, who)).get(SAMPLE).status_code == status


def test_other_organisation_is_404(sc, world):
    assert login(world.tl).get(PAGE).status_code == 404


def test_navigation_entry_for_leads_only(sc):
    assert "Personalbedarf" in text(login(sc.tl).get("/o/sc-test/servicecenter/warteschlangen/"))
    assert "Personalbedarf" not in text(login(sc.tsb1).get("/o/sc-test/servicecenter/gespraech/"))


def test_first_visit_without_recorded_calls_says_so(sc):
    page = text(login(sc.tl).get(PAGE))
    assert "<h1>Personalbedarf</h1>" in page
    assert "keine Anrufe erfasst" in page
    assert "Format der Prognosedatei" in page
    assert "Beispielprognose herunterladen" in page


def test_first_visit_computes_from_recorded_calls(sc):
    """Default: tomorrow (Wednesday 2 December), the same weekday of the last 4 weeks."""
    DefaultQueue.objects.create(organisation=sc.org, agent=sc.tsb1, queue="soc_l")
    start = dt.datetime(2026, 11, 25, 9, 5, tzinfo=BERLIN)
    for i in range(8):
        CallRecord.objects.create(
            organisation=sc.org,
            call_id=f"p-{i}",
            agent=sc.tsb1,
            topic="alg",
            started_at=start + dt.timedelta(minutes=2 * i),
            ended_at=start + dt.timedelta(minutes=2 * i + 3),
            resolved=True,
            escalation="none",
        )
    page = text(login(sc.tl).get(PAGE))
    assert "Bedarf je Intervall am Mittwoch, 02.12.2026" in page
    assert '<th scope="row">09:00</th>' in page
    assert 'role="img"' in page  # the chart
    assert "Umverteilung zwischen den Queues um 09:00" in page
    assert "Modell: Erlang C." in page


def test_upload_computes_table_chart_and_moves(sc):
    DefaultQueue.objects.create(organisation=sc.org, agent=sc.tsb1, queue="soc_l")
    page = text(login(sc.tl).post(PAGE, {**form(sc), "file": upload(CSV)}))
    assert "140 Alg-Anrufe prognostiziert; Ziel: 80,0 % der Anrufe innerhalb von 20 s" in page
    assert "88,8 %" in page  # 14 agents for 100 calls
    assert "13 fehlen" in page
    assert "Intervalle mit zu wenigen geplanten qualifizierten Kräften: 2." in page
    assert "1 von allgemein zu SOC-L" in page
    assert "nicht möglich" in page
    assert 'name="csv_text"' in page  # kept for export and recomputing


def test_bad_upload_lists_line_numbers(sc):
    bad = "weekday;time;calls\nMi;08:00;viele\nMi;08:00;3\nMi;08:00;4\n"
    page = text(login(sc.tl).post(PAGE, {**form(sc), "file": upload(bad)}))
    assert "Zeile 2: „viele“ in der Spalte „calls“ ist keine Zahl." in page
    assert "Zeile 4: das Intervall Mi 08:00 steht schon in Zeile 3." in page
    assert "Bedarf je Intervall" not in page


def test_missing_file_and_bad_parameters(sc):
    page = text(login(sc.tl).post(PAGE, form(sc)))
    assert "Bitte eine Prognosedatei (CSV) wählen." in page
    page = text(login(sc.tl).post(PAGE, {**form(sc, service_level=120), "file": upload(CSV)}))
    assert "Bedarf je Intervall" not in page


def test_erlang_a_shows_hang_ups(sc):
    fields = form(sc, model="erlang_a", patience_seconds=60)
    page = text(login(sc.tl).post(PAGE, {**fields, "file": upload(CSV)}))
    assert "Modell: Erlang A" in page
    assert "Aufleger laut Planung" in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export(sc, fmt):
    client = login(sc.tl)
    response = client.post(PAGE, {**form(sc), "file": upload(CSV), "export": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        content = response.content.decode("utf-8-sig").splitlines()
        assert content[0].startswith("Intervall;Alg-Anrufe;Bearbeitungszeit (s);Bedarf am Telefon")
        assert content[1].startswith("08:00;100,0;180,0;14;14;0,8884;0,7143;0;0,0;20,0")
        assert len(content) == 3
    else:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    # the kept forecast exports without a new upload
    again = client.post(PAGE, {**form(sc), "csv_text": CSV, "export": "csv"})
    assert again.content.decode("utf-8-sig").splitlines()[1].startswith("08:00;100,0;")


def test_sample_file_is_a_valid_forecast(sc):
    response = login(sc.tl).get(SAMPLE)
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode()
    assert content.startswith("weekday;time;calls;aht_seconds;other_calls;other_aht_seconds")
    monday = form(sc, day="2026-11-30")
    page = text(login(sc.tl).post(PAGE, {**monday, "file": upload(content)}))
    assert "Bedarf je Intervall am Montag, 30.11.2026" in page
