"""The management overview "Qualitätsstandards": every standard × every site (QS-01…08).

Each standard contributes one cell per site: ``met``, ``broken``, ``agreed`` (broken but covered
by an agreed, valid deviation, QS-07) or ``none`` (the standard is measured for the
organisation as a whole, or there is nothing to measure yet). Standards register a function
``(organisation, sites, today) → {site id: Cell}``; the QS-01 cell comes from the opening-hours
check, the others from their own modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.core import clock
from anliegen.org.models import Organisation, Site

from . import checks
from .checks import SiteCheck
from .standard import decimal_text

MET, BROKEN, AGREED, NONE = "met", "broken", "agreed", "none"
STATE_LABELS = {
    MET: gettext_lazy("met"),
    BROKEN: gettext_lazy("broken"),
    AGREED: gettext_lazy("agreed deviation"),
    NONE: gettext_lazy("not measured"),
}

LIGHTS = {MET: "green", AGREED: "amber", BROKEN: "red", NONE: ""}


@dataclass(frozen=True)
class Cell:
    state: str
    text: str = ""

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def light(self) -> str:
        """The traffic-light class of the state ("" for not measured)."""
        return LIGHTS[self.state]


@dataclass(frozen=True)
class Standard:
    code: str
    label: str | Promise
    cells: Callable[[Organisation, Sequence[Site], dt.date], dict[int, Cell]]
    order: int = 100


@dataclass
class SiteRow:
    site: Site
    cells: list[tuple[Standard, Cell]] = field(default_factory=list)

    @property
    def state(self) -> str:
        states = {cell.state for _s, cell in self.cells}
        if BROKEN in states:
            return BROKEN
        return AGREED if AGREED in states else MET


@dataclass
class Overview:
    today: dt.date
    standards: list[Standard]
    rows: list[SiteRow]
    checks: list[SiteCheck]


_STANDARDS: dict[str, Standard] = {}


def register_standard(standard: Standard) -> Standard:
    _STANDARDS[standard.code] = standard
    return standard


def standards() -> list[Standard]:
    return sorted(_STANDARDS.values(), key=lambda s: (s.order, s.code))


def opening_hours_cell(check: SiteCheck) -> Cell:
    broken = [r for r in check.results if r.state == BROKEN]
    agreed = [r for r in check.results if r.state == AGREED]
    if broken:
        return Cell(BROKEN, "; ".join(r.label for r in broken))
    if agreed:
        return Cell(AGREED, "; ".join(r.label for r in agreed))
    return Cell(MET, _("%(hours)s hours a week") % {"hours": decimal_text(check.weekly_hours)})


def build_overview(organisation: Organisation, *, today: dt.date | None = None) -> Overview:
    today = today or clock.today()
    site_checks = checks.check_sites(organisation, on=today)
    sites = [c.site for c in site_checks]
    rows = [SiteRow(site) for site in sites]
    by_code: dict[str, dict[int, Cell]] = {}
    for standard in standards():
        if standard.code == "QS-01":
            by_code[standard.code] = {c.site.pk: opening_hours_cell(c) for c in site_checks}
        else:
            by_code[standard.code] = standard.cells(organisation, sites, today)
    for row in rows:
        row.cells = [
            (standard, by_code[standard.code].get(row.site.pk, Cell(NONE)))
            for standard in standards()
        ]
    return Overview(today=today, standards=standards(), rows=rows, checks=site_checks)


def _no_cells(organisation: Organisation, sites: Sequence[Site], today: dt.date) -> dict[int, Cell]:
    return {}


register_standard(Standard("QS-01", gettext_lazy("Opening hours"), _no_cells, order=10))
