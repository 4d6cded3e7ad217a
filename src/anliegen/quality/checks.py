"""QS-01 against the database: every site's hours (the default hours where none are stored),
checked with :mod:`anliegen.quality.standard`, honouring agreed deviations valid on the day
(QS-07). One query for the hours and one for the deviations, however many sites."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from anliegen.appointments.models import OpeningHours
from anliegen.appointments.slots import DEFAULT_OPENING_HOURS
from anliegen.core import clock
from anliegen.org.models import Organisation, Site

from . import standard
from .models import Deviation
from .standard import Hours


@dataclass(frozen=True)
class RuleResult:
    rule: str
    label: str
    detail: str
    deviation: Deviation | None = None

    @property
    def broken(self) -> bool:
        return bool(self.detail)

    @property
    def light(self) -> str:
        return {"met": "green", "agreed": "amber", "broken": "red"}[self.state]

    @property
    def state_label(self) -> str:
        return {"met": _("met"), "agreed": _("agreed"), "broken": _("broken")}[self.state]

    @property
    def state(self) -> str:
        """``met``, ``agreed`` (broken but covered by an agreed deviation) or ``broken``."""
        if not self.detail:
            return "met"
        return "agreed" if self.deviation is not None else "broken"


@dataclass(frozen=True)
class SiteCheck:
    site: Site
    main: Site | None
    default_hours: bool
    hours: Hours
    weekly_hours: Decimal
    results: tuple[RuleResult, ...]

    @property
    def violations(self) -> list[RuleResult]:
        return [r for r in self.results if r.broken]

    @property
    def compliant(self) -> bool:
        return all(r.state != "broken" for r in self.results)

    @property
    def state(self) -> str:
        states = {r.state for r in self.results}
        if "broken" in states:
            return "broken"
        return "agreed" if "agreed" in states else "met"


def hours_by_site(sites: Iterable[Site]) -> dict[int, tuple[Hours, bool]]:
    """site id → (its week, whether the default hours apply)."""
    ids = [s.pk for s in sites]
    stored: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = {}
    rows = OpeningHours.objects.filter(site_id__in=ids).order_by("site_id", "weekday", "opens")
    for site_id, weekday, opens, closes in rows.values_list(
        "site_id", "weekday", "opens", "closes"
    ):
        stored.setdefault(site_id, {}).setdefault(weekday, []).append((opens, closes))
    return {i: (stored[i], False) if i in stored else (DEFAULT_OPENING_HOURS, True) for i in ids}


def deviations_in_force(
    organisation: Organisation, on: dt.date, *, site_ids: Iterable[int] | None = None
) -> dict[tuple[int, str], Deviation]:
    """(site id, rule) → the agreed deviation valid on ``on`` (the latest starting one)."""
    rows = Deviation.objects.filter(
        organisation=organisation, status=Deviation.Status.AGREED, valid_from__lte=on
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    if site_ids is not None:
        rows = rows.filter(site_id__in=list(site_ids))
    found: dict[tuple[int, str], Deviation] = {}
    for deviation in rows.order_by("valid_from", "id"):
        found[(deviation.site_id, deviation.rule)] = deviation
    return found


def _check(
    site: Site,
    main: Site | None,
    hours: dict[int, tuple[Hours, bool]],
    deviations: dict[tuple[int, str], Deviation],
) -> SiteCheck:
    week, default = hours[site.pk]
    main_week = hours[main.pk][0] if main is not None else None
    result = standard.check_hours(week, main_hours=main_week)
    details = {v.rule: v.detail for v in result.violations}
    rules = tuple(
        RuleResult(
            rule=rule,
            label=str(standard.RULE_LABELS[rule]),
            detail=details.get(rule, ""),
            deviation=deviations.get((site.pk, rule)) if rule in details else None,
        )
        for rule in result.rules
    )
    return SiteCheck(
        site=site,
        main=main,
        default_hours=default,
        hours=week,
        weekly_hours=result.weekly_hours,
        results=rules,
    )


def check_sites(organisation: Organisation, *, on: dt.date | None = None) -> list[SiteCheck]:
    """Every site of the organisation, in the sites' order."""
    on = on or clock.today()
    sites = list(Site.objects.filter(organisation=organisation))
    by_id = {s.pk: s for s in sites}
    hours = hours_by_site(sites)
    deviations = deviations_in_force(organisation, on)
    return [
        _check(s, by_id.get(s.tandem_main_id) if s.tandem_main_id else None, hours, deviations)
        for s in sites
    ]


def check_site(site: Site, *, on: dt.date | None = None) -> SiteCheck:
    on = on or clock.today()
    main = site.tandem_main if site.tandem_main_id else None
    sites = [site] + ([main] if main is not None else [])
    deviations = deviations_in_force(site.organisation, on, site_ids=[site.pk])
    return _check(site, main, hours_by_site(sites), deviations)


def hours_warnings(site: Site) -> list[str]:
    """The opening-hours check after a save (registered with the appointments service): the
    site's broken rules, and those of tandem sites whose cover depends on it."""
    warnings: list[str] = []
    affected = [site, *Site.objects.filter(tandem_main=site).order_by("name")]
    for each in affected:
        for result in check_site(each).results:
            if result.state == "broken":
                warnings.append(
                    _("Quality standard (%(site)s): %(detail)s")
                    % {"site": each.name, "detail": result.detail}
                )
    return warnings
