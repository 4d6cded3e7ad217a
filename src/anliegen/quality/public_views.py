"""The public page of the sites (``/portal/<org>/standorte/``, no login, QS-01): opening hours,
the holidays and closing days of the next four weeks, and for a tandem site the pointer to its
main site on the days it is closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.org.models import ClosingDay, Organisation, Site
from anliegen.work.calendars import calendar_for

from . import checks, standard
from .standard import Hours

AHEAD_DAYS = 28


@dataclass(frozen=True)
class PublicSite:
    site: Site
    days: list[tuple[str, str]]
    closed: list[tuple[dt.date, str]]
    main: Site | None
    pointer_days: str


def _day_texts(hours: Hours) -> list[tuple[str, str]]:
    return [
        (
            standard.weekday_name(day),
            ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in hours.get(day, ())) or _("closed"),
        )
        for day in range(7)
        if day < 5 or hours.get(day)
    ]


def closed_days(
    organisation: Organisation, site: Site, hours: Hours, today: dt.date
) -> list[tuple[dt.date, str]]:
    """Days of the next four weeks on which the site would be open but is closed: public
    holidays of its state and municipality, and the organisation's closing days."""
    calendar, _rules = calendar_for(organisation, site=site, on=today)
    labels: dict[str, str] = {}
    for row in ClosingDay.objects.filter(organisation=organisation):
        if row.label:
            labels[row.date.isoformat() if row.date else row.every_year] = row.label
    result = []
    for offset in range(AHEAD_DAYS):
        day = today + dt.timedelta(days=offset)
        if not hours.get(day.weekday()):
            continue
        name = calendar.holiday_name(day)
        if name is None:
            continue
        if calendar.is_closing_day(day):
            name = labels.get(day.isoformat()) or labels.get(f"{day:%m-%d}") or name
        result.append((day, name))
    return result


def public_sites(request: HttpRequest, org: str) -> HttpResponse:
    organisation = Organisation.objects.filter(slug=org).first()
    if organisation is None:
        raise Http404(_("Page not found."))
    today = clock.today()
    sites = list(Site.objects.filter(organisation=organisation))
    hours = checks.hours_by_site(sites)
    by_id = {s.pk: s for s in sites}
    entries = []
    for site in sites:
        week = hours[site.pk][0]
        main = by_id.get(site.tandem_main_id) if site.tandem_main_id else None
        entries.append(
            PublicSite(
                site=site,
                days=_day_texts(week),
                closed=closed_days(organisation, site, week, today),
                main=main,
                pointer_days=", ".join(
                    standard.weekday_name(d) for d in standard.closed_weekdays(week)
                ),
            )
        )
    response = render(
        request,
        "quality/public_sites.html",
        {"organisation": organisation, "entries": entries, "today": today},
    )
    patch_cache_control(response, max_age=300, public=True)
    return response
