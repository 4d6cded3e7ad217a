"""CSV and XLSX export of every list of the web UI (FND-12).

A list view describes its columns once and passes the (filtered, unpaged) rows to
:func:`export_response`. CSV is written for German spreadsheet programs (UTF-8 with BOM,
semicolons, dates as DD.MM.YYYY); XLSX keeps dates as real dates. Text that a spreadsheet would
run as a formula is neutralised in both (CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from anliegen.core import clock

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: StrOrPromise
    value: Callable[[Any], object]
    width: int = 16


def _plain(value: object) -> object:
    """Normalise a cell value: local naive datetimes, text for everything unusual."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(clock.BERLIN)
        return value.replace(tzinfo=None)
    if isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    return str(value)


def _csv_text(value: object) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    text = str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def _csv(rows: Iterable[Any], columns: Sequence[Column], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read UTF-8
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(c.header) for c in columns])
    for row in rows:
        writer.writerow([_csv_text(c.value(row)) for c in columns])
    return response


def _xlsx(
    rows: Iterable[Any], columns: Sequence[Column], filename: str, title: str
) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Export")
    for index, column in enumerate(columns):
        letter = chr(ord("A") + index) if index < 26 else "A" + chr(ord("A") + index - 26)
        sheet.column_dimensions[letter].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: object, *, header: bool = False) -> Any:
        value = _plain(value)
        result = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
        if isinstance(value, str):
            result.data_type = "s"  # never a formula, whatever the text starts with
        elif isinstance(value, dt.datetime):
            result.number_format = "DD.MM.YYYY HH:MM"
        elif isinstance(value, dt.date):
            result.number_format = "DD.MM.YYYY"
        if header:
            result.font = bold
        return result

    sheet.append([cell(c.header, header=True) for c in columns])
    for row in rows:
        sheet.append([cell(c.value(row)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(
    rows: Iterable[Any], columns: Sequence[Column], *, fmt: str, name: str, title: str
) -> HttpResponse:
    """The rows as a CSV or XLSX download named ``<name>-<today>.<fmt>``."""
    filename = f"{name}-{clock.today().isoformat()}"
    if fmt == "csv":
        return _csv(rows, columns, filename)
    if fmt == "xlsx":
        return _xlsx(rows, columns, filename, title)
    raise Http404(_("Unknown export format."))
