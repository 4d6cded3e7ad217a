"""Opening hours of a site (QS-01): who may change them, and the one write path (add, delete,
replace all). Management (GF), area management (BL, the sites of their areas) and
administrators may change them; every change is written to the audit log.

Intervals of the same weekday must not overlap and must close after they open; the site row is
locked while checking, so two people adding overlapping intervals at once cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.models import Area, Site, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope

from .models import WEEKDAYS, OpeningHours

Interval = tuple[int, dt.time, dt.time]
"""(weekday 0 = Monday, opens, closes)"""

MANAGING_ROLES = (Role.MANAGEMENT, Role.ADMIN)


def may_manage_sites(scope: Scope) -> bool:
    return (
        scope.is_superuser
        or scope.has_role(*MANAGING_ROLES)
        or scope.has_role(Role.AREA_MANAGEMENT)
    )


def sites_managed_by(scope: Scope) -> QuerySet[Site]:
    """The sites whose opening hours the actor may change (none for everybody else)."""
    sites = Site.objects.filter(organisation=scope.organisation)
    if scope.is_superuser or scope.has_role(*MANAGING_ROLES):
        return sites
    if scope.has_role(Role.AREA_MANAGEMENT):
        site_ids = Area.objects.filter(id__in=scope.area_ids).values_list("site_id", flat=True)
        return sites.filter(id__in=site_ids)
    return sites.none()


def get_org_site(scope: Scope, site_id: int) -> Site:
    """A site of the actor's organisation (its opening hours are public)."""
    site = Site.objects.filter(organisation=scope.organisation, pk=site_id).first()
    if site is None:
        raise NotFound(_("Site not found."))
    return site


def get_site_for(scope: Scope, site_id: int) -> Site:
    """A site of the organisation whose opening hours the actor may change: NotFound for
    other organisations, Forbidden for roles that may not."""
    site = get_org_site(scope, site_id)
    if not sites_managed_by(scope).filter(pk=site.pk).exists():
        raise Forbidden(_("You may not change the opening hours of this site."))
    return site


def intervals_of(site: Site) -> list[OpeningHours]:
    return list(OpeningHours.objects.filter(site=site).order_by("weekday", "opens"))


def weekday_name(weekday: int) -> str:
    return str(dict(WEEKDAYS)[weekday])


def _validate(
    interval: Interval, others: Sequence[Interval], *, prefix: str = ""
) -> dict[str, str]:
    weekday, opens, closes = interval
    errors: dict[str, str] = {}
    if weekday not in range(7):
        errors[f"{prefix}weekday"] = _("Choose a weekday.")
        return errors
    if closes <= opens:
        errors[f"{prefix}closes"] = _("The closing time must lie after the opening time.")
        return errors
    for day, other_opens, other_closes in others:
        if day == weekday and opens < other_closes and other_opens < closes:
            errors[f"{prefix}opens"] = _(
                "This interval overlaps %(opens)s–%(closes)s on %(weekday)s."
            ) % {
                "opens": f"{other_opens:%H:%M}",
                "closes": f"{other_closes:%H:%M}",
                "weekday": weekday_name(weekday),
            }
            break
    return errors


def _lock(site: Site) -> None:
    Site.objects.select_for_update().filter(pk=site.pk).first()


def _as_dict(row: OpeningHours) -> dict[str, object]:
    return {"weekday": row.weekday, "opens": f"{row.opens:%H:%M}", "closes": f"{row.closes:%H:%M}"}


def _existing(site: Site) -> list[Interval]:
    return [(r.weekday, r.opens, r.closes) for r in intervals_of(site)]


@transaction.atomic
def add_interval(
    *, actor: User, scope: Scope, site: Site, weekday: int, opens: dt.time, closes: dt.time
) -> OpeningHours:
    """Add one opening interval; InvalidInput (German, per field) if it closes before it opens
    or overlaps another interval of that weekday."""
    site = get_site_for(scope, site.pk)
    _lock(site)
    errors = _validate((weekday, opens, closes), _existing(site))
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    row = OpeningHours.objects.create(site=site, weekday=weekday, opens=opens, closes=closes)
    record(
        actor=actor,
        organisation=scope.organisation,
        action="opening_hours.added",
        obj=row,
        new={"site": site.pk, **_as_dict(row)},
    )
    return row


@transaction.atomic
def delete_interval(*, actor: User, scope: Scope, site: Site, interval_id: int) -> None:
    site = get_site_for(scope, site.pk)
    _lock(site)
    row = OpeningHours.objects.filter(site=site, pk=interval_id).first()
    if row is None:
        raise NotFound(_("Opening interval not found."))
    record(
        actor=actor,
        organisation=scope.organisation,
        action="opening_hours.deleted",
        obj=row,
        old={"site": site.pk, **_as_dict(row)},
    )
    row.delete()


@transaction.atomic
def replace_intervals(
    *, actor: User, scope: Scope, site: Site, intervals: Sequence[Interval]
) -> list[OpeningHours]:
    """Replace all opening intervals of the site (an empty list restores the default hours).
    Every interval is checked; errors are keyed ``intervals.<n>.<field>``; bad input changes
    nothing."""
    site = get_site_for(scope, site.pk)
    _lock(site)
    errors: dict[str, str] = {}
    for n, interval in enumerate(intervals):
        errors.update(_validate(interval, intervals[:n], prefix=f"intervals.{n}."))
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    old = [_as_dict(r) for r in intervals_of(site)]
    OpeningHours.objects.filter(site=site).delete()
    rows = OpeningHours.objects.bulk_create(
        OpeningHours(site=site, weekday=w, opens=o, closes=c) for w, o, c in sorted(intervals)
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="opening_hours.replaced",
        obj=site,
        old={"intervals": old},
        new={"intervals": [_as_dict(r) for r in rows]},
    )
    return intervals_of(site)
