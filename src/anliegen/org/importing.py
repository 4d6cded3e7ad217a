"""CSV import of staff (FND-12), and the CSV reading that the customer import shares.

A file is imported all or nothing: every row goes through :func:`create_staff_member` inside
one transaction; if any row is bad, nothing is stored and every error is reported with its
line number, in German.

Files are UTF-8 (with or without byte-order mark, as Excel writes "CSV UTF-8"), separated by
semicolons or commas (detected from the header line), with a header line naming the columns.

Staff columns (German names in brackets are accepted as well, case does not matter):

=================  ==================  =========================================================
column             also                content
=================  ==================  =========================================================
``username``       Benutzername        login name: letters, digits and ``. @ + - _`` (required)
``first_name``     Vorname             (required)
``last_name``      Nachname            (required)
``role``           Rolle               role code (``team_lead`` …) or its abbreviation: GF, BL,
                                       GF-Büro, TL, stv. TL, FAss, AV, FM, IFK, TSB, FiT, OS,
                                       Träger, Admin (required)
``team``           Team                team name, for team roles
``area``           Bereich             area name, for area management (BL)
``email``          E-Mail              optional
``fte``            Stellenanteil       working-time share, ``0,5`` or ``0.75`` or ``50 %``;
                                       default 1
``skills``         Qualifikationen     skill codes separated by ``|`` or blanks, e.g. ``soc_l``
``deputy``         Vertretung          user name of the standing deputy (in the file or staff)
=================  ==================  =========================================================

Imported staff have no usable password until one is set (password reset or administrator).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.core.errors import DomainError, InvalidInput, NotFound
from anliegen.org.actions import create_staff_member, set_standing_deputy
from anliegen.org.models import Area, Organisation, Skill, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, get_staff_for, scope_for

MAX_REPORTED_ERRORS = 100
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")
_YES = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
_NO = {"nein", "n", "no", "false", "falsch", "0", ""}


class ImportFailed(Exception):
    """Nothing was imported; ``errors`` are German messages, one per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Row:
    """One data line of a CSV file: its line number and its cells by canonical column name."""

    line: int
    cells: Mapping[str, str]
    headers: Mapping[str, str]  # canonical name → the header as written in the file

    def get(self, name: str) -> str:
        return self.cells.get(name, "").strip()

    def column(self, name: str) -> str:
        return self.headers.get(name, name)


def line_error(line: int, message: str, column: str | None = None) -> str:
    if column:
        return _("Line %(line)s, column “%(column)s”: %(message)s") % {
            "line": line,
            "column": column,
            "message": message,
        }
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def _normalise_header(text: str) -> str:
    return re.sub(r"[\s_\-.]+", "", text.strip().lower())


def read_csv(
    source: Path | str | bytes,
    *,
    columns: Mapping[str, Iterable[str]],
    required: Iterable[str] = (),
) -> list[Row]:
    """Read a CSV file into rows keyed by canonical column names.

    ``columns`` maps each canonical name to the other names accepted in the header.
    Raises :class:`ImportFailed` for an unreadable file or a bad header.
    """
    if isinstance(source, Path):
        try:
            raw = source.read_bytes()
        except OSError as exc:
            raise ImportFailed(
                [_("The file could not be read: %(error)s") % {"error": exc.strerror or exc}]
            ) from None
    elif isinstance(source, str):
        raw = source.encode("utf-8")
    else:
        raw = source
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            [_("The file is not UTF-8 encoded. Please save it as “CSV UTF-8”.")]
        ) from None
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise ImportFailed([_("The file is empty.")])
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    aliases: dict[str, str] = {}
    for name, others in columns.items():
        for alias in (name, *others):
            aliases[_normalise_header(alias)] = name

    header: list[str] | None = None
    canonical: list[str] = []
    written: dict[str, str] = {}
    rows: list[Row] = []
    errors: list[str] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                for cell in header:
                    known = aliases.get(_normalise_header(cell))
                    if known is None:
                        errors.append(
                            line_error(
                                reader.line_num,
                                _("Unknown column “%(column)s”. Allowed: %(allowed)s.")
                                % {"column": cell, "allowed": ", ".join(columns)},
                            )
                        )
                    elif known in written:
                        errors.append(
                            line_error(
                                reader.line_num,
                                _("The column “%(column)s” appears twice.") % {"column": cell},
                            )
                        )
                    canonical.append(known or "")
                    if known:
                        written.setdefault(known, cell)
                missing = [name for name in required if name not in written]
                if missing:
                    errors.append(
                        _("Required columns are missing: %(columns)s.")
                        % {"columns": ", ".join(missing)}
                    )
                if errors:
                    raise ImportFailed(errors)
                continue
            if len(cells) != len(header):
                errors.append(
                    line_error(
                        reader.line_num,
                        _("The line has %(found)s fields, the header line %(expected)s.")
                        % {"found": len(cells), "expected": len(header)},
                    )
                )
                continue
            values = {name: cell for name, cell in zip(canonical, cells, strict=True) if name}
            rows.append(Row(line=reader.line_num, cells=values, headers=written))
    except csv.Error as exc:
        raise ImportFailed(
            [
                line_error(
                    reader.line_num, _("The file is not valid CSV: %(error)s") % {"error": exc}
                )
            ]
        ) from None
    if errors:
        raise ImportFailed(errors)
    return rows


def parse_date(row: Row, name: str, errors: list[str]) -> dt.date | None:
    value = row.get(name)
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    errors.append(
        line_error(
            row.line,
            _("Invalid date “%(value)s” (expected DD.MM.YYYY or YYYY-MM-DD).") % {"value": value},
            row.column(name),
        )
    )
    return None


def parse_bool(row: Row, name: str, errors: list[str]) -> bool:
    value = row.get(name).lower()
    if value in _YES:
        return True
    if value not in _NO:
        errors.append(
            line_error(
                row.line,
                _("Invalid value “%(value)s” (expected ja or nein).") % {"value": row.get(name)},
                row.column(name),
            )
        )
    return False


def duplicates(rows: Iterable[Row], name: str, message: str) -> list[str]:
    """Errors for values of column ``name`` that occur on several lines (case-insensitive).
    ``message`` has the placeholders ``%(value)s`` and ``%(lines)s``."""
    seen: dict[str, list[int]] = {}
    for row in rows:
        value = row.get(name)
        if value:
            seen.setdefault(value.lower(), []).append(row.line)
    errors = []
    for row in rows:
        lines = seen.get(row.get(name).lower(), [])
        if len(lines) > 1 and lines[0] == row.line:
            errors.append(
                line_error(
                    row.line,
                    message % {"value": row.get(name), "lines": ", ".join(map(str, lines))},
                    row.column(name),
                )
            )
    return errors


def field_errors(row: Row, exc: InvalidInput, columns: Iterable[str]) -> list[str]:
    """An action's field errors as German line errors, naming the column as written."""
    known = set(columns)
    if not exc.errors:
        return [line_error(row.line, exc.message)]
    return [
        line_error(row.line, str(message), row.column(name) if name in known else None)
        for name, message in exc.errors.items()
    ]


def importing_scope(organisation_slug: str, username: str | None) -> Scope:
    """The scope of the person on whose behalf a file is imported (audit: who imported).
    Without a user name, the first active superuser."""
    try:
        organisation = Organisation.objects.get(slug=organisation_slug)
    except Organisation.DoesNotExist:
        raise ImportFailed(
            [_("Unknown organisation “%(slug)s”.") % {"slug": organisation_slug}]
        ) from None
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
    else:
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if user is None:
        raise ImportFailed(
            [
                _("Unknown user “%(username)s”.") % {"username": username}
                if username
                else _("There is no superuser. Please name the importing user with --as.")
            ]
        )
    try:
        return scope_for(user, organisation)
    except NotFound:
        raise ImportFailed(
            [
                _("“%(username)s” is not a member of %(organisation)s.")
                % {"username": user.username, "organisation": organisation.name}
            ]
        ) from None


def limited(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    rest = len(errors) - MAX_REPORTED_ERRORS
    return [
        *errors[:MAX_REPORTED_ERRORS],
        _("… and %(count)s further errors.") % {"count": rest},
    ]


# --- Staff -----------------------------------------------------------------------------------

STAFF_COLUMNS: dict[str, tuple[str, ...]] = {
    "username": ("Benutzername", "Benutzer", "Login"),
    "first_name": ("Vorname",),
    "last_name": ("Nachname", "Name"),
    "role": ("Rolle", "Funktion"),
    "team": ("Team",),
    "area": ("Bereich",),
    "email": ("E-Mail", "Email", "Mail"),
    "fte": ("Stellenanteil", "Arbeitszeitanteil", "VZÄ"),
    "skills": ("Qualifikationen", "Qualifikation", "Skills"),
    "deputy": ("Vertretung", "Abwesenheitsvertretung", "Stellvertretung"),
}
STAFF_REQUIRED = ("username", "first_name", "last_name", "role")

ROLE_ALIASES: dict[str, str] = {
    "gf": Role.MANAGEMENT,
    "geschäftsführung": Role.MANAGEMENT,
    "bl": Role.AREA_MANAGEMENT,
    "bereichsleitung": Role.AREA_MANAGEMENT,
    "gfbüro": Role.MANAGEMENT_OFFICE,
    "bürogf": Role.MANAGEMENT_OFFICE,
    "bürodergeschäftsführung": Role.MANAGEMENT_OFFICE,
    "tl": Role.TEAM_LEAD,
    "teamleitung": Role.TEAM_LEAD,
    "stvtl": Role.DEPUTY_LEAD,
    "stellvtl": Role.DEPUTY_LEAD,
    "stellvertretendeteamleitung": Role.DEPUTY_LEAD,
    "fass": Role.BENEFITS_WORKER,
    "av": Role.PLACEMENT_OFFICER,
    "fm": Role.CASE_MANAGER,
    "ifk": Role.INTEGRATION_SPECIALIST,
    "tsb": Role.PHONE_AGENT,
    "fit": Role.PHONE_EXPERT,
    "os": Role.BACK_OFFICE,
    "träger": Role.PROVIDER,
    "traeger": Role.PROVIDER,
    "admin": Role.ADMIN,
    "administration": Role.ADMIN,
}


def _role(value: str) -> str:
    if value in Role.values:
        return value
    key = _normalise_header(value)
    return ROLE_ALIASES.get(key, value)


def _fte(row: Row, errors: list[str]) -> Decimal:
    value = row.get("fte")
    if not value:
        return Decimal("1.00")
    text = value.replace(" ", "").replace(",", ".")
    percent = text.endswith("%")
    try:
        number = Decimal(text.rstrip("%"))
    except InvalidOperation:
        errors.append(
            line_error(
                row.line, _("Invalid number “%(value)s”.") % {"value": value}, row.column("fte")
            )
        )
        return Decimal("1.00")
    return (number / 100 if percent else number).quantize(Decimal("0.01"))


def _by_name(model: type[Team] | type[Area], organisation: Organisation) -> dict[str, Team | Area]:
    return {
        obj.name.strip().lower(): obj for obj in model.objects.filter(organisation=organisation)
    }


def import_staff(*, actor: User, scope: Scope, source: Path | str | bytes) -> list[User]:
    """Create the staff listed in a CSV file, all or nothing (FND-02, FND-12)."""
    rows = read_csv(source, columns=STAFF_COLUMNS, required=STAFF_REQUIRED)
    if not rows:
        raise ImportFailed([_("The file contains no staff.")])
    organisation = scope.organisation
    teams = _by_name(Team, organisation)
    areas = _by_name(Area, organisation)
    skills = {skill.code.lower(): skill for skill in Skill.objects.all()}
    errors = duplicates(
        rows,
        "username",
        _("The user name “%(value)s” appears more than once in the file (lines %(lines)s)."),
    )
    created: dict[str, User] = {}
    seen: set[str] = set()
    with transaction.atomic():
        for row in rows:
            username = row.get("username").lower()
            if username and username in seen:
                continue  # reported as a duplicate above
            seen.add(username)
            row_errors: list[str] = []
            team = area = None
            if row.get("team"):
                found = teams.get(row.get("team").lower())
                if found is None:
                    row_errors.append(
                        line_error(
                            row.line,
                            _("Unknown team “%(value)s”.") % {"value": row.get("team")},
                            row.column("team"),
                        )
                    )
                team = found if isinstance(found, Team) else None
            if row.get("area"):
                found = areas.get(row.get("area").lower())
                if found is None:
                    row_errors.append(
                        line_error(
                            row.line,
                            _("Unknown area “%(value)s”.") % {"value": row.get("area")},
                            row.column("area"),
                        )
                    )
                area = found if isinstance(found, Area) else None
            member_skills = []
            for code in re.split(r"[\s|,]+", row.get("skills")):
                if not code:
                    continue
                skill = skills.get(code.lower())
                if skill is None:
                    row_errors.append(
                        line_error(
                            row.line,
                            _("Unknown skill “%(value)s”. Known: %(allowed)s.")
                            % {"value": code, "allowed": ", ".join(sorted(skills)) or "–"},
                            row.column("skills"),
                        )
                    )
                else:
                    member_skills.append(skill)
            fte = _fte(row, row_errors)
            if row_errors:
                errors.extend(row_errors)
                continue
            try:
                user = create_staff_member(
                    actor=actor,
                    scope=scope,
                    organisation=organisation,
                    username=row.get("username"),
                    first_name=row.get("first_name"),
                    last_name=row.get("last_name"),
                    role=_role(row.get("role")),
                    team=team,
                    area=area,
                    email=row.get("email"),
                    fte=fte,
                    skills=member_skills,
                )
            except InvalidInput as exc:
                errors.extend(field_errors(row, exc, STAFF_COLUMNS))
                continue
            except DomainError as exc:
                raise ImportFailed([exc.message]) from None
            created[user.username.lower()] = user
        for row in rows:
            deputy_name = row.get("deputy")
            person = created.get(row.get("username").lower())
            if not deputy_name or person is None:
                continue
            deputy = created.get(deputy_name.lower())
            if deputy is None:
                try:
                    deputy = get_staff_for(scope, deputy_name)
                except NotFound:
                    errors.append(
                        line_error(
                            row.line,
                            _("Unknown deputy “%(value)s”.") % {"value": deputy_name},
                            row.column("deputy"),
                        )
                    )
                    continue
            try:
                set_standing_deputy(actor=actor, scope=scope, person=person, deputy=deputy)
            except InvalidInput as exc:
                errors.append(line_error(row.line, exc.message, row.column("deputy")))
        if errors:
            raise ImportFailed(limited(errors))
    return list(created.values())
