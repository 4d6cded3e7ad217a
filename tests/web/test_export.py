"""FND-12: the one export helper behind every list (CSV for German spreadsheets, XLSX)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from anliegen.web.export import Column, export_response
from tests.web.helpers import read_csv, read_xlsx

COLUMNS = [
    Column("Text", lambda r: r["text"]),
    Column("Datum", lambda r: r["date"]),
    Column("Zeit", lambda r: r["at"]),
    Column("Zahl", lambda r: r["n"]),
    Column("Ja/Nein", lambda r: r["flag"]),
]
ROWS = [
    {
        "text": '=HYPERLINK("http://evil")',
        "date": dt.date(2026, 11, 23),
        "at": dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC),
        "n": Decimal("0.5"),
        "flag": True,
    },
    {"text": "Müller; Meier", "date": None, "at": None, "n": 3, "flag": False},
]


def test_csv_is_german_and_neutralises_formulas(travel):  # type: ignore[no-untyped-def]
    travel("2026-11-23 10:00")
    response = export_response(ROWS, COLUMNS, fmt="csv", name="liste", title="Liste")
    assert response.content.startswith("\ufeff".encode())
    assert 'filename="liste-2026-11-23.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Text", "Datum", "Zeit", "Zahl", "Ja/Nein"]
    assert rows[1] == ['\'=HYPERLINK("http://evil")', "23.11.2026", "23.11.2026 09:30", "0,5", "ja"]
    assert rows[2] == ["Müller; Meier", "", "", "3", "nein"]


def test_xlsx_keeps_types_and_never_writes_formulas():  # type: ignore[no-untyped-def]
    import io

    import openpyxl

    response = export_response(ROWS, COLUMNS, fmt="xlsx", name="liste", title="Liste")
    rows = read_xlsx(response)
    assert rows[1][0] == '=HYPERLINK("http://evil")'
    assert rows[1][1].date() == dt.date(2026, 11, 23)  # type: ignore[union-attr]
    assert rows[1][2].time() == dt.time(9, 30)  # type: ignore[union-attr]  # Berlin time
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].number_format == "DD.MM.YYYY"
    assert sheet.title == "Liste"


def test_unknown_format_is_404():  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        export_response(ROWS, COLUMNS, fmt="pdf", name="liste", title="Liste")
