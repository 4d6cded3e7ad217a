"""The forecast CSV of a centre (SOC-09): semicolon-separated, a header line, then one line per
30-minute interval, keyed by date or by weekday. Any bad line refuses the whole file with German
messages and line numbers (at most :data:`MAX_ERRORS` shown); nothing is stored."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput
from anliegen.servicecenter.staffing import erlang as staffing

INTERVAL_MINUTES = 30
INTERVALS = tuple(dt.time(h, m) for h in range(24) for m in (0, 30))
MAX_CSV_BYTES = 1_000_000
MAX_CSV_ROWS = 20_000
MAX_ERRORS = 20

#: Columns of the CSV (first line), English names and their German aliases.
COLUMNS = {
    "date": "date",
    "datum": "date",
    "weekday": "weekday",
    "wochentag": "weekday",
    "time": "time",
    "uhrzeit": "time",
    "calls": "calls",
    "anrufe": "calls",
    "aht_seconds": "aht_seconds",
    "other_calls": "other_calls",
    "other_aht_seconds": "other_aht_seconds",
}
WEEKDAYS = {
    "mo": 0, "montag": 0, "1": 0,
    "di": 1, "dienstag": 1, "2": 1,
    "mi": 2, "mittwoch": 2, "3": 2,
    "do": 3, "donnerstag": 3, "4": 3,
    "fr": 4, "freitag": 4, "5": 4,
    "sa": 5, "samstag": 5, "6": 5,
    "so": 6, "sonntag": 6, "7": 6,
}  # fmt: skip
WEEKDAY_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")

SAMPLE_CSV = (
    "weekday;time;calls;aht_seconds;other_calls;other_aht_seconds\r\n"
    "Mo;08:00;42;300;60;240\r\n"
    "Mo;08:30;55;310;75;240\r\n"
    "Mo;09:00;61,5;305;80;250\r\n"
    "Di;08:00;38;295;58;240\r\n"
)


@dataclass(frozen=True)
class ForecastRow:
    """One 30-minute interval: Alg calls (SOC-L) and other calls (general queue); a handling
    time of None means "the default the caller gives"."""

    time: dt.time
    calls: float
    aht_seconds: float | None = None
    other_calls: float = 0.0
    other_aht_seconds: float | None = None


@dataclass(frozen=True)
class ParsedCsv:
    """The rows of an uploaded forecast, keyed by date or by weekday (0 = Monday)."""

    by: str  # "date" or "weekday"
    rows: dict[dt.date | int, dict[dt.time, ForecastRow]]
    has_other: bool

    def keys_label(self) -> list[str]:
        if self.by == "date":
            return [k.strftime("%d.%m.%Y") for k in sorted(self.rows) if isinstance(k, dt.date)]
        return [WEEKDAY_SHORT[k] for k in sorted(self.rows) if isinstance(k, int)]

    def for_day(self, day: dt.date) -> list[ForecastRow]:
        key: dt.date | int = day if self.by == "date" else day.weekday()
        rows = self.rows.get(key)
        if rows is None:
            raise InvalidInput(
                _("The forecast has no rows for %(day)s (it holds: %(keys)s).")
                % {
                    "day": f"{WEEKDAY_SHORT[day.weekday()]} {day.strftime('%d.%m.%Y')}",
                    "keys": ", ".join(self.keys_label()),
                },
                errors={"file": _("No rows for the chosen day.")},
            )
        return [rows[t] for t in sorted(rows)]


# --- CSV ------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _number(text: str) -> float | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _time(text: str) -> dt.time | None:
    """HH:MM (also H:MM, HH.MM, HH:MM:SS) at the start of a 30-minute interval."""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::00)?", text.strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    moment = dt.time(hour, minute)
    return moment if moment in INTERVALS else None


def _date(text: str) -> dt.date | None:
    """YYYY-MM-DD or DD.MM.YYYY."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def _line_error(line: int, message: str) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def _refuse(problems: list[str]) -> InvalidInput:
    shown = problems[:MAX_ERRORS]
    if len(problems) > MAX_ERRORS:
        shown.append(_("… and %(n)s more.") % {"n": len(problems) - MAX_ERRORS})
    text = " ".join(shown)
    return InvalidInput(
        _("The forecast could not be read. %(problems)s") % {"problems": text},
        errors={"file": text},
    )


def _refuse_separator(line: int, header_line: str) -> None:
    """A header separated by commas, tabs or bars instead of semicolons → 422 naming it."""
    if ";" in header_line:
        return
    other = next((d for d in (",", "\t", "|") if d in header_line), None)
    if other is not None:
        shown = _("tab") if other == "\t" else f"„{other}“"
        raise _refuse(
            [
                _line_error(
                    line,
                    _("the columns are separated by %(found)s; use the semicolon (;).")
                    % {"found": shown},
                )
            ]
        )


def _columns(header_line: str, line: int) -> tuple[list[str], str]:
    """The column names of the header (German aliases resolved) and the key column, "date" or
    "weekday"; 422 with every problem of the header."""
    _refuse_separator(line, header_line)
    header = [h.strip().lower() for h in next(csv.reader([header_line], delimiter=";"))]
    problems: list[str] = []
    names: list[str] = []
    for column in header:
        if column not in COLUMNS:
            problems.append(
                _line_error(line, _("unknown column „%(column)s“.") % {"column": column})
            )
        names.append(COLUMNS.get(column, column))
    keys = [n for n in names if n in ("date", "weekday")]
    for required in ("time", "calls"):
        if required not in names:
            problems.append(
                _line_error(line, _("the column „%(column)s“ is missing.") % {"column": required})
            )
    if len(keys) != 1:
        problems.append(
            _line_error(line, _("give exactly one of the columns „date“ or „weekday“."))
        )
    if len(set(names)) != len(names):
        problems.append(_line_error(line, _("a column appears twice.")))
    if problems:
        raise _refuse(problems)
    return names, keys[0]


def _width_problem(line: int, fields: list[str], raw: str, expected: int) -> str:
    if len(fields) == 1 and any(d in raw for d in (",", "\t", "|")):
        return _line_error(line, _("the columns are not separated by semicolons (;)."))
    return _line_error(
        line,
        _("%(found)s columns instead of %(expected)s.")
        % {"found": len(fields), "expected": expected},
    )


def _key(values: dict[str, str], by: str, problems: list[str]) -> dt.date | int | None:
    """The row's date or weekday (0 = Monday)."""
    if by == "date":
        day = _date(values["date"])
        if day is None:
            problems.append(
                _("unknown date „%(value)s“ (YYYY-MM-DD or DD.MM.YYYY).")
                % {"value": values["date"]}
            )
        return day
    weekday = WEEKDAYS.get(values["weekday"].lower().rstrip("."))
    if weekday is None:
        problems.append(
            _("unknown weekday „%(value)s“ (Mo, Di, Mi, Do, Fr, Sa, So).")
            % {"value": values["weekday"]}
        )
    return weekday


def _interval(values: dict[str, str], problems: list[str]) -> dt.time | None:
    moment = _time(values["time"])
    if moment is None:
        problems.append(
            _(
                "unknown time „%(value)s“: intervals start on the full or half hour "
                "(e.g. 08:00, 08:30)."
            )
            % {"value": values["time"]}
        )
    return moment


def _number_problem(column: str, text: str, number: float | None) -> str | None:
    """Why a figure of the column is refused, or None."""
    if number is None:
        return _("„%(value)s“ in the column „%(column)s“ is not a number.") % {
            "value": text,
            "column": column,
        }
    if number < 0:
        return _("%(column)s must not be negative.") % {"column": column}
    if column.endswith("aht_seconds") and not 0 < number <= staffing.MAX_AHT_SECONDS:
        return _("%(column)s must lie above 0 and up to %(max)s seconds.") % {
            "column": column,
            "max": staffing.MAX_AHT_SECONDS,
        }
    if column.endswith("calls") and number > staffing.MAX_CALLS:
        return _("%(column)s must be at most %(max)s.") % {
            "column": column,
            "max": staffing.MAX_CALLS,
        }
    return None


def _numbers(values: dict[str, str], problems: list[str]) -> dict[str, float | None]:
    """The calls and handling times of a row; an empty optional figure is None."""
    numbers: dict[str, float | None] = {}
    for column in ("calls", "aht_seconds", "other_calls", "other_aht_seconds"):
        if column not in values:
            continue
        text = values[column]
        if not text and column != "calls":
            numbers[column] = None
            continue
        number = _number(text)
        problem = _number_problem(column, text, number)
        if problem is None:
            numbers[column] = number
        else:
            problems.append(problem)
    return numbers


@dataclass
class _Reader:
    """The state of one file's reading: the rows so far, where each interval was first seen,
    and every problem found."""

    names: list[str]
    by: str
    rows: dict[dt.date | int, dict[dt.time, ForecastRow]]
    seen: dict[tuple[dt.date | int, dt.time], int]
    problems: list[str]

    def add(self, line: int, fields: list[str]) -> None:
        """Read one data line into :attr:`rows`, or note its problems."""
        values = dict(zip(self.names, (f.strip() for f in fields), strict=True))
        row_problems: list[str] = []
        key = _key(values, self.by, row_problems)
        moment = _interval(values, row_problems)
        numbers = _numbers(values, row_problems)
        if row_problems:
            self.problems.extend(_line_error(line, p) for p in row_problems)
            return
        assert key is not None
        assert moment is not None
        if (key, moment) in self.seen:
            self.problems.append(
                _line_error(
                    line,
                    _("the interval %(interval)s appears already in line %(first)s.")
                    % {
                        "interval": f"{fields[self.names.index(self.by)].strip()} {moment:%H:%M}",
                        "first": self.seen[key, moment],
                    },
                )
            )
            return
        self.seen[key, moment] = line
        self.rows.setdefault(key, {})[moment] = ForecastRow(
            time=moment,
            calls=numbers["calls"] or 0.0,
            aht_seconds=numbers.get("aht_seconds"),
            other_calls=numbers.get("other_calls") or 0.0,
            other_aht_seconds=numbers.get("other_aht_seconds"),
        )


def parse_csv(data: bytes | str) -> ParsedCsv:
    """Read a forecast: semicolon-separated, a header line, then one line per interval.

    Columns: ``date`` (YYYY-MM-DD or DD.MM.YYYY) or ``weekday`` (Mo … So, 1 = Monday), ``time``
    (start of a 30-minute interval, HH:MM), ``calls`` (Alg calls, SOC-L queue), optionally
    ``aht_seconds``, ``other_calls`` (general queue) and ``other_aht_seconds``. Numbers may
    use the decimal comma. Any bad line refuses the whole file with its line number."""
    if isinstance(data, bytes):
        if len(data) > MAX_CSV_BYTES:
            raise _refuse([_("The file is larger than 1 MB.")])
        data = decode(data)
    lines = data.splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_at is None:
        raise _refuse([_("The file is empty.")])
    names, by = _columns(lines[header_at], header_at + 1)
    reader = _Reader(names=names, by=by, rows={}, seen={}, problems=[])
    count = 0
    body = lines[header_at + 1 :]
    for offset, fields in enumerate(csv.reader(body, delimiter=";")):
        line = header_at + 2 + offset
        if not any(f.strip() for f in fields):
            continue
        count += 1
        if count > MAX_CSV_ROWS:
            reader.problems.append(_("More than %(n)s lines.") % {"n": MAX_CSV_ROWS})
            break
        if len(fields) != len(names):
            reader.problems.append(_width_problem(line, fields, body[offset], len(names)))
            continue
        reader.add(line, fields)
    if reader.problems:
        raise _refuse(reader.problems)
    if not reader.rows:
        raise _refuse([_("The file holds no intervals.")])
    return ParsedCsv(by=by, rows=reader.rows, has_other="other_calls" in names)
