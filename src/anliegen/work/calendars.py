"""The working-day calendar of an organisation's site (FND-06): state, municipal holidays,
closing days. The bridge between the Django models and the pure ``fristen`` engine."""

from __future__ import annotations

import datetime as dt

from anliegen import fristen
from anliegen.org.models import ClosingDay, Organisation, Site, Team
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import CalendarRules


def main_site(organisation: Organisation) -> Site:
    site = Site.objects.filter(organisation=organisation).order_by("-is_main", "id").first()
    if site is None:
        raise ValueError(f"Organisation {organisation.slug} has no site.")
    return site


def site_of_team(team: Team | None, organisation: Organisation) -> Site:
    if team is not None:
        return team.area.site
    return main_site(organisation)


def calendar_for(
    organisation: Organisation, *, site: Site | None = None, on: dt.date | None = None
) -> tuple[fristen.WorkCalendar, CalendarRules]:
    """The calendar that counts the organisation's deadlines at ``site`` (main site by default)."""
    site = site or main_site(organisation)
    rules, _version = rules_in_force(organisation, CalendarRules, on=on)
    closing: list[str | dt.date] = list(rules.closing_days)
    closing.extend(cd.spec for cd in ClosingDay.objects.filter(organisation=organisation))
    calendar = fristen.WorkCalendar(
        site.state, municipal=tuple(site.municipal_holidays), closing_days=tuple(closing)
    )
    return calendar, rules
