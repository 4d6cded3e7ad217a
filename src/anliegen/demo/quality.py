"""Demo data of the quality standards (QS) for JobAgentur EN: opening hours of the sites as in
Anlage 3 (one site without a late afternoon, the smaller tandem sites on three or two mornings),
a deviation proposed by the site, a multiplier team with a Praxistreffen, a closed customer
survey wave, urgent walk-ins, employer calls and hour bookings of the placement officers."""

from __future__ import annotations

import datetime as dt
import random

from anliegen.appointments.models import OpeningHours
from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.models import Membership, Organisation, Site, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, scope_for
from anliegen.quality import actions, service_actions, survey_actions
from anliegen.quality.models import EmployerCall, MultiplierMember, MultiplierTeam, PracticeMeeting
from anliegen.work.actions import complete_item

SLUG = "jobagentur-en"

M, T, W, TH, F = range(5)
FULL = [(d, "08:00", "12:30") for d in (M, T, W, TH, F)] + [(TH, "14:00", "18:00")]
HOURS: dict[str, list[tuple[int, str, str]]] = {
    "Schwelm": [*FULL, (M, "13:30", "15:30")],
    "Witten": FULL,
    # No afternoon until 18:00: QS-01 is broken here (shown red in the overview).
    "Hattingen": [(d, "08:00", "12:30") for d in (M, T, W, TH, F)] + [(TH, "14:00", "17:00")],
    "Gevelsberg": FULL,
    "Sprockhövel": [(d, "08:30", "12:00") for d in (M, W, F)],
    "Ennepetal": FULL,
    # Two mornings only: the tandem rule (three mornings) is broken; a deviation is proposed.
    "Breckerfeld": [(d, "08:30", "12:00") for d in (T, TH)],
}


def _t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _site(sites: list[Site], word: str) -> Site:
    return next(s for s in sites if word in s.name)


def _first(org: Organisation, role: str, site: Site | None = None) -> User | None:
    rows = Membership.objects.filter(organisation=org, role=role)
    if site is not None:
        rows = rows.filter(team__area__site=site)
    membership = rows.select_related("user").order_by("id").first()
    return membership.user if membership else None


def add_demo_quality(organisation: Organisation) -> None:
    """Only JobAgentur EN gets quality data; other organisations nothing."""
    if organisation.slug != SLUG:
        return
    rng = random.Random(f"quality:{organisation.slug}")
    sites = list(Site.objects.filter(organisation=organisation))
    for site in sites:
        word = next((w for w in HOURS if w in site.name), None)
        if word is None:
            continue
        OpeningHours.objects.bulk_create(
            OpeningHours(site=site, weekday=d, opens=_t(o), closes=_t(c)) for d, o, c in HOURS[word]
        )
    gf = _first(organisation, Role.MANAGEMENT)
    assert gf is not None
    gf_scope = scope_for(gf, organisation)
    breckerfeld = _site(sites, "Breckerfeld")
    ennepetal = _site(sites, "Ennepetal")
    lead = _first(organisation, Role.TEAM_LEAD, ennepetal)
    if lead is not None:
        actions.propose_deviation(
            actor=lead,
            scope=scope_for(lead, organisation),
            site_id=breckerfeld.pk,
            rule="tandem_mornings",
            reason="Geringer Bestand an Bedarfsgemeinschaften; dienstags und donnerstags "
            "Sprechzeiten, sonst Zugang über Ennepetal.",
            valid_from=clock.today().replace(month=1, day=1),
            valid_until=clock.today().replace(month=12, day=31),
        )
    _multipliers(organisation, sites)
    _survey(organisation, gf, gf_scope, rng)
    _urgent_and_calls(organisation, gf, rng)
    _bookings(organisation, rng)


def _multipliers(organisation: Organisation, sites: list[Site]) -> None:
    team = MultiplierTeam.objects.create(organisation=organisation, name="MT Arbeitsvermittlung")
    officers = []
    for site in sites:
        if "Breckerfeld" in site.name:
            continue  # the page shows this site without a member
        officer = _first(organisation, Role.PLACEMENT_OFFICER, site) or _first(
            organisation, Role.TEAM_LEAD, site
        )
        if officer is not None:
            MultiplierMember.objects.create(team=team, site=site, user=officer)
            officers.append(officer)
    meeting = PracticeMeeting.objects.create(
        team=team, date=clock.today() - dt.timedelta(days=21), topic="Matching mit Arbeitgebern"
    )
    meeting.participants.add(*officers[:4])


def _survey(organisation: Organisation, gf: User, scope: Scope, rng: random.Random) -> None:
    survey, tokens = survey_actions.create_survey(
        actor=gf,
        scope=scope,
        title="Kundenzufriedenheit",
        audience="customers",
        questions=[
            "Wie zufrieden sind Sie insgesamt mit der JobAgentur EN?",
            "Wie gut wurden Sie beraten?",
            "Wie zufrieden sind Sie mit den Öffnungszeiten?",
        ],
        tokens=80,
        channel="Eingangszone",
    )
    weights = [1, 2, 5, 9, 8]
    for token in tokens[:60]:
        survey_actions.submit_answers(
            token=token,
            answers=[rng.choices(range(1, 6), weights)[0] for _q in range(3)],
        )
    survey_actions.close_survey(actor=gf, scope=scope, survey=survey)


def _urgent_and_calls(organisation: Organisation, gf: User, rng: random.Random) -> None:
    worker = _first(organisation, Role.BENEFITS_WORKER)
    if worker is not None:
        scope = scope_for(worker, organisation)
        visits = [
            service_actions.record_urgent_visit(actor=worker, scope=scope, concern=concern)
            for concern in ("Stromsperre angekündigt", "Kein Geld für Lebensmittel")
        ]
        complete_item(actor=gf, scope=scope_for(gf, organisation), item=visits[0].item)
    officers = list(
        User.objects.filter(
            memberships__organisation=organisation, memberships__role=Role.PLACEMENT_OFFICER
        ).distinct()[:4]
    )
    now = clock.now()
    monday = now - dt.timedelta(days=now.weekday())
    calls = []
    for week in range(1, 5):
        for _n in range(12):
            at = (
                monday
                - dt.timedelta(weeks=week)
                + dt.timedelta(days=rng.randrange(5), hours=rng.randrange(8, 16) - monday.hour)
            )
            taken = rng.random() < 0.8 and officers
            calls.append(
                EmployerCall(
                    organisation=organisation,
                    at=at,
                    week=service_actions.monday_of(at.astimezone(clock.BERLIN).date()),
                    taken_by=rng.choice(officers) if taken else None,
                )
            )
    EmployerCall.objects.bulk_create(calls)
    employer = (
        Customer.objects.filter(
            organisation=organisation, kind=Customer.Kind.EMPLOYER, contact_person__isnull=False
        )
        .order_by("id")
        .first()
    )
    if employer is not None:
        service_actions.record_call_note(
            actor=gf,
            scope=scope_for(gf, organisation),
            employer=employer.customer_number,
            text="Sucht zwei Lagerfachkräfte ab dem nächsten Monat, bittet um Rückruf.",
            called_at=now - dt.timedelta(hours=2),
            caller="Frau Demir (Personalabteilung)",
        )


def _bookings(organisation: Organisation, rng: random.Random) -> None:
    today = clock.today()
    for membership in Membership.objects.filter(
        organisation=organisation, role=Role.PLACEMENT_OFFICER
    ).select_related("user"):
        scope = scope_for(membership.user, organisation)
        for week in range(1, 5):
            total = rng.choice([39, 39, 30, 20])
            employer = round(total * rng.uniform(0.35, 0.55))
            service_actions.book_hours(
                actor=membership.user,
                scope=scope,
                week=today - dt.timedelta(weeks=week),
                employer_hours=employer,
                other_hours=total - employer,
            )
