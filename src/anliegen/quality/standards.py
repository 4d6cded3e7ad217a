"""The cells of QS-02…QS-08 in the overview "Qualitätsstandards", per site."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anliegen.customers.models import Customer
from anliegen.org.models import Membership, Organisation, Site

from . import reports
from .models import HourBooking, MultiplierMember, MultiplierTeam, Survey
from .overview import BROKEN, MET, Cell, Standard, register_standard
from .service_actions import BOOKING_ROLES, PLANNED_EMPLOYER_SHARE, monday_of

WINDOW_WEEKS = 4
#: QS-06: the recorded employer share may differ this much from the planned one.
SHARE_TOLERANCE = Decimal("0.1")


def urgent_cells(org: Organisation, sites: Sequence[Site], today: dt.date) -> dict[int, Cell]:
    since = today - dt.timedelta(weeks=WINDOW_WEEKS)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in reports.urgent_visits(org, since=since):
        totals[line.site][0] += line.recorded
        totals[line.site][1] += line.same_day
    cells = {}
    for site in sites:
        recorded, same = totals.get(site.name, [0, 0])
        if recorded:
            text = _("%(same)s of %(n)s urgent cases seen the same day") % {
                "same": same,
                "n": recorded,
            }
            cells[site.pk] = Cell(MET if same == recorded else BROKEN, text)
    return cells


def call_cells(org: Organisation, sites: Sequence[Site], today: dt.date) -> dict[int, Cell]:
    return {}  # measured for the employer service as a whole (report QS-03)


def survey_cells(org: Organisation, sites: Sequence[Site], today: dt.date) -> dict[int, Cell]:
    closed = Survey.objects.filter(
        organisation=org,
        audience=Survey.Audience.CUSTOMERS,
        status=Survey.Status.CLOSED,
        closed_on__gte=today - dt.timedelta(days=365),
    )
    everywhere = closed.filter(site__isnull=True).exists()
    per_site = set(closed.filter(site__isnull=False).values_list("site_id", flat=True))
    ok = _("customer survey closed in the last 12 months")
    missing = _("no customer survey in the last 12 months")
    return {
        s.pk: Cell(MET, ok) if everywhere or s.pk in per_site else Cell(BROKEN, missing)
        for s in sites
    }


def contact_cells(org: Organisation, sites: Sequence[Site], today: dt.date) -> dict[int, Cell]:
    teams = reports.teams_at_sites(org)
    site_of_team = {t: s for s, ids in teams.items() for t in ids}
    person_site: dict[int, int] = {}
    for user_id, team_id in Membership.objects.filter(
        organisation=org, team__isnull=False
    ).values_list("user_id", "team_id"):
        person_site.setdefault(user_id, site_of_team[team_id])
    without = Customer.objects.filter(organisation=org, contact_person__isnull=True).count()
    counts: dict[int, int] = defaultdict(int)
    for person in Customer.objects.filter(
        organisation=org, contact_person__isnull=False
    ).values_list("contact_person_id", flat=True):
        if person in person_site:
            counts[person_site[person]] += 1
    cells = {}
    for site in sites:
        if counts.get(site.pk):
            cells[site.pk] = Cell(
                MET, _("%(n)s customers with a fixed contact person") % {"n": counts[site.pk]}
            )
    if without:
        main = next((s for s in sites if s.is_main), None)
        if main is not None:
            cells[main.pk] = Cell(
                BROKEN,
                _("%(n)s customers without a contact person (organisation)") % {"n": without},
            )
    return cells


def share_cells(org: Organisation, sites: Sequence[Site], today: dt.date) -> dict[int, Cell]:
    since = monday_of(today) - dt.timedelta(weeks=WINDOW_WEEKS)
    officer_site: dict[int, int] = {}
    for user_id, site_id in (
        Membership.objects.filter(organisation=org, team__isnull=False, role__in=BOOKING_ROLES)
        .values_list("user_id", "team__area__site_id")
        .order_by("id")
    ):
        officer_site.setdefault(user_id, site_id)
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in (
        HourBooking.objects.filter(organisation=org, week__gte=since, user_id__in=officer_site)
        .values("user_id")
        .annotate(e=Sum("employer_hours"), o=Sum("other_hours"))
    ):
        line = sums[officer_site[row["user_id"]]]
        line[0] += row["e"] or 0
        line[1] += (row["e"] or 0) + (row["o"] or 0)
    cells = {}
    for site in sites:
        employer, total = sums.get(site.pk, [Decimal(0), Decimal(0)])
        if total:
            share = employer / total
            text = _("employer share %(share)s %% (planned 50 %%)") % {
                "share": f"{share * 100:.0f}"
            }
            ok = abs(share - PLANNED_EMPLOYER_SHARE) <= SHARE_TOLERANCE
            cells[site.pk] = Cell(MET if ok else BROKEN, text)
    return cells


def multiplier_cells(org: Organisation, sites: Sequence[Site], today: dt.date) -> dict[int, Cell]:
    teams = list(MultiplierTeam.objects.filter(organisation=org).values_list("id", "name"))
    if not teams:
        return {}
    members = set(
        MultiplierMember.objects.filter(team__organisation=org).values_list("team_id", "site_id")
    )
    cells = {}
    for site in sites:
        missing = [name for team_id, name in teams if (team_id, site.pk) not in members]
        cells[site.pk] = (
            Cell(BROKEN, _("no member in: %(teams)s") % {"teams": ", ".join(missing)})
            if missing
            else Cell(MET, _("a member in every multiplier team"))
        )
    return cells


def register() -> None:
    register_standard(Standard("QS-02", gettext_lazy("Urgent cases"), urgent_cells, 20))
    register_standard(Standard("QS-03", gettext_lazy("Employer reachability"), call_cells, 30))
    register_standard(Standard("QS-04", gettext_lazy("Surveys"), survey_cells, 40))
    register_standard(Standard("QS-05", gettext_lazy("Fixed contact persons"), contact_cells, 50))
    register_standard(Standard("QS-06", gettext_lazy("Employer share"), share_cells, 60))
    register_standard(Standard("QS-08", gettext_lazy("Multiplier teams"), multiplier_cells, 80))
