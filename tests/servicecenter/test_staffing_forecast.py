"""SOC-09, the forecast: CSV parsing with German errors and line numbers, the forecast derived
from recorded calls, the qualified agents the queue plans put into SOC-L per interval, and the
queue-move table."""

from __future__ import annotations

import datetime as dt

import pytest

from anliegen.core.clock import BERLIN
from anliegen.core.errors import InvalidInput
from anliegen.org.models import Absence
from anliegen.servicecenter.models import CallRecord, DefaultQueue, QueuePlan
from anliegen.servicecenter.staffing import forecast, forecast_csv
from anliegen.servicecenter.staffing.erlang import Params

WEDNESDAY = dt.date(2026, 12, 2)


def refused(text: str | bytes) -> str:
    with pytest.raises(InvalidInput) as caught:
        forecast_csv.parse_csv(text)
    assert caught.value.message.startswith("Die Prognose konnte nicht gelesen werden.")
    return caught.value.errors["file"]


def test_weekday_forecast_with_all_columns():
    parsed = forecast_csv.parse_csv(forecast_csv.SAMPLE_CSV.encode("utf-8"))
    assert parsed.by == "weekday"
    assert parsed.has_other
    monday = parsed.for_day(dt.date(2026, 11, 30))
    assert [r.time for r in monday] == [dt.time(8), dt.time(8, 30), dt.time(9)]
    assert monday[2].calls == 61.5  # decimal comma
    assert monday[0].aht_seconds == 300
    assert monday[0].other_calls == 60
    assert monday[0].other_aht_seconds == 240


def test_date_forecast_with_bom_german_headers_and_dates():
    text = "\ufeffDatum;Uhrzeit;Anrufe\r\n02.12.2026;8:30;12\r\n2026-12-02;09:00;0\r\n\r\n"
    parsed = forecast_csv.parse_csv(text.encode("utf-8"))
    rows = parsed.for_day(WEDNESDAY)
    assert [(r.time, r.calls, r.aht_seconds) for r in rows] == [
        (dt.time(8, 30), 12, None),
        (dt.time(9), 0, None),
    ]
    with pytest.raises(InvalidInput) as caught:
        parsed.for_day(dt.date(2026, 12, 3))
    assert "keine Zeilen für Do 03.12.2026" in caught.value.message
    assert "02.12.2026" in caught.value.message


def test_bad_rows_are_listed_with_line_numbers():
    text = (
        "weekday;time;calls;aht_seconds\n"
        "Mo;08:00;12;300\n"  # 2 fine
        "Mo;08:30;zwölf;300\n"  # 3 non-numeric
        "Mo;09:00;-4;300\n"  # 4 negative
        "Mo;09:15;4;300\n"  # 5 off the grid
        "Mo;08:00;7;300\n"  # 6 duplicate of line 2
        "Xy;10:00;7;300\n"  # 7 unknown weekday
        "Mo;10:00;7;0\n"  # 8 handling time 0
        "Mo;10:30;7\n"  # 9 too few columns
        "Mo,11:00,7,300\n"  # 10 wrong delimiter
    )
    message = refused(text)
    assert "Zeile 3: „zwölf“ in der Spalte „calls“ ist keine Zahl." in message
    assert "Zeile 4: calls darf nicht negativ sein." in message
    assert "Zeile 5: unbekannte Uhrzeit „09:15“" in message
    assert "Zeile 6: das Intervall Mo 08:00 steht schon in Zeile 2." in message
    assert "Zeile 7: unbekannter Wochentag „Xy“" in message
    assert "Zeile 8: aht_seconds muss über 0" in message
    assert "Zeile 9: 3 Spalten statt 4." in message
    assert "Zeile 10: die Spalten sind nicht durch Semikolons (;) getrennt." in message
    assert "Zeile 2" not in message.replace("in Zeile 2", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("weekday,time,calls\nMo,08:00,3\n", "Zeile 1: Die Spalten sind durch „,“ getrennt"),
        ("weekday\ttime\tcalls\n", "Zeile 1: Die Spalten sind durch Tabulator getrennt"),
        ("\n\n", "Die Datei ist leer."),
        ("weekday;time;calls\n", "Die Datei enthält keine Intervalle."),
        ("weekday;time;calls;colour\nMo;08:00;1;rot\n", "Zeile 1: unbekannte Spalte „colour“."),
        ("weekday;calls\nMo;1\n", "Zeile 1: die Spalte „time“ fehlt."),
        ("date;weekday;time;calls\n", "genau eine der Spalten „date“ oder „weekday“"),
        ("date;time;calls\n31.02.2026;08:00;1\n", "Zeile 2: unbekanntes Datum „31.02.2026“"),
        ("weekday;time;calls\nMo;25:00;1\n", "Zeile 2: unbekannte Uhrzeit „25:00“"),
    ],
)
def test_bad_files(text, expected):
    assert expected in refused(text)


def test_too_many_errors_are_cut():
    text = "weekday;time;calls\n" + "".join(f"Mo;08:00;x{i}\n" for i in range(30))
    message = refused(text)
    assert "Zeile 21:" in message
    assert "Zeile 22:" not in message
    assert "… und 10 weitere." in message


def test_too_large_file():
    assert "größer als 1 MB" in refused(b"x" * (forecast_csv.MAX_CSV_BYTES + 1))


def _call(sc, agent, start, minutes, topic="alg", n=[0]):  # noqa: B006  (a counter)
    n[0] += 1
    return CallRecord.objects.create(
        organisation=sc.org,
        call_id=f"hist-{n[0]}",
        agent=agent,
        topic=topic,
        started_at=start,
        ended_at=start + dt.timedelta(minutes=minutes),
        resolved=True,
        escalation="none",
    )


def test_forecast_from_recorded_calls(sc):
    """The same weekday in each of the last 2 weeks; averages per interval, handling time from
    the durations; calls on other days and of other organisations are not counted."""
    wed1 = dt.datetime(2026, 11, 25, 8, 5, tzinfo=BERLIN)
    wed2 = dt.datetime(2026, 11, 18, 8, 20, tzinfo=BERLIN)
    _call(sc, sc.tsb1, wed1, 4)
    _call(sc, sc.tsb2, wed1 + dt.timedelta(minutes=3), 6)
    _call(sc, sc.tsb1, wed2, 5)
    _call(sc, sc.tsb3, wed1 + dt.timedelta(minutes=30), 2, topic="other")
    _call(sc, sc.tsb1, dt.datetime(2026, 11, 24, 8, 5, tzinfo=BERLIN), 9)  # Tuesday
    _call(sc, sc.tsb1, dt.datetime(2026, 11, 11, 8, 5, tzinfo=BERLIN), 9)  # 3 weeks back
    rows = forecast.from_history(sc.org, sc.centre, WEDNESDAY, weeks=2, alg_topic="alg")
    assert [r.time for r in rows] == [dt.time(8), dt.time(8, 30)]
    eight, half = rows
    assert eight.calls == 1.5
    assert eight.aht_seconds == pytest.approx(300)  # (4 + 6 + 5) / 3 minutes
    assert eight.other_calls == 0
    assert eight.other_aht_seconds == pytest.approx(120)  # the queue's mean
    assert half.calls == 0
    assert half.other_calls == 0.5
    assert half.aht_seconds == pytest.approx(300)  # no Alg call then: the queue's mean
    assert forecast.from_history(sc.org, sc.centre, WEDNESDAY, weeks=26, alg_topic="alg")
    assert (
        forecast.from_history(sc.org, sc.centre, dt.date(2026, 12, 3), weeks=1, alg_topic="alg")
        == []
    )
    with pytest.raises(InvalidInput):
        forecast.from_history(sc.org, sc.centre, WEDNESDAY, weeks=27, alg_topic="alg")


def test_planned_qualified_agents_per_interval(sc):
    """As routing counts: plan covering the moment, else default, else general; only qualified
    agents count in SOC-L; absent agents not at all."""
    DefaultQueue.objects.create(organisation=sc.org, agent=sc.tsb1, queue="soc_l")
    QueuePlan.objects.create(
        organisation=sc.org,
        agent=sc.tsb2,
        queue="soc_l",
        start=dt.datetime(2026, 12, 2, 12, tzinfo=BERLIN),
        end=dt.datetime(2026, 12, 2, 14, tzinfo=BERLIN),
    )
    # tsb3 is not qualified: in SOC-L by default, but not counted there
    DefaultQueue.objects.create(organisation=sc.org, agent=sc.tsb3, queue="soc_l")
    times = [dt.time(8), dt.time(12), dt.time(13, 30), dt.time(14)]
    planned = forecast.planned_agents(sc.org, sc.centre, WEDNESDAY, times)
    assert planned[dt.time(8)] == forecast.Planned(1, 1, 1)
    assert planned[dt.time(12)] == forecast.Planned(2, 0, 0)
    assert planned[dt.time(13, 30)] == forecast.Planned(2, 0, 0)
    assert planned[dt.time(14)] == forecast.Planned(1, 1, 1)
    Absence.objects.create(organisation=sc.org, user=sc.tsb1, start=WEDNESDAY, end=WEDNESDAY)
    planned = forecast.planned_agents(sc.org, sc.centre, WEDNESDAY, times)
    assert planned[dt.time(8)] == forecast.Planned(0, 1, 1)
    assert planned[dt.time(12)] == forecast.Planned(1, 0, 0)


def test_plan_and_queue_moves(sc):
    DefaultQueue.objects.create(organisation=sc.org, agent=sc.tsb1, queue="soc_l")
    rows = [
        forecast_csv.ForecastRow(dt.time(8), calls=10, other_calls=10),
        forecast_csv.ForecastRow(dt.time(8, 30), calls=30, aht_seconds=120, other_calls=5),
    ]
    result = forecast.plan(sc.org, sc.centre, WEDNESDAY, rows, Params(), aht_seconds=180)
    eight, half = result.intervals
    assert eight.aht_seconds == 180
    assert half.aht_seconds == 120
    assert eight.other_aht_seconds == 180
    assert eight.planned == forecast.Planned(1, 2, 1)
    assert eight.need.agents >= 2
    assert eight.gap == eight.need.agents - 1
    assert result.peak is half
    assert result.short_intervals == 2
    moves = {m.k: m for m in forecast.what_if(eight, Params())}
    assert sorted(moves) == [-3, -2, -1, 0, 1, 2, 3]
    assert moves[0].possible
    assert (moves[0].soc_l_agents, moves[0].general_agents) == (1, 2)
    assert moves[1].possible  # tsb2 is qualified and in the general queue
    assert moves[1].soc_l.service_level > moves[0].soc_l.service_level
    assert moves[1].general.service_level < moves[0].general.service_level
    assert not moves[2].possible  # only one qualified agent in the general queue
    assert moves[-1].possible
    assert moves[-1].soc_l.service_level == 0.0
    assert not moves[-2].possible
    with pytest.raises(InvalidInput):
        forecast.plan(sc.org, sc.centre, WEDNESDAY, [], Params(), aht_seconds=180)
