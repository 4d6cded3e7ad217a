"""Demo data of the service centre (SOC, issue 11) in ``sc-region-ost``: the region's rules
(wave 2, region Ost), the operative services with their postcodes, hotlines and duty rota, the
SOC-L qualification dates of the qualified agents, their default queues and today's plans, the
details of the demo processing orders, recorded calls of the last six weeks, and the OS teams'
service places (ATV-Serviceplätze) with a few callbacks booked through the actions (SOC-05)."""

from __future__ import annotations

import datetime as dt
import random

from anliegen.core import clock
from anliegen.core.errors import DomainError
from anliegen.customers.models import Customer
from anliegen.org.models import Area, Membership, Organisation, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import scope_for
from anliegen.servicecenter import calls, queries
from anliegen.servicecenter.agents import grant_qualification
from anliegen.servicecenter.callbacks import actions as callbacks
from anliegen.servicecenter.callbacks import places as callback_places
from anliegen.servicecenter.callbacks import slots as callback_slots
from anliegen.servicecenter.callbacks.models import Purpose, ServicePlace, Source
from anliegen.servicecenter.models import (
    SOC_L_SKILL,
    DefaultQueue,
    Escalation,
    HotlineDuty,
    HotlineHours,
    OperativeService,
    ProcessingOrder,
    Queue,
    QueuePlan,
    RuleVersion,
)
from anliegen.servicecenter.rules import create_rule_version, preset
from anliegen.work.models import Kind, WorkItem

SLUG = "sc-region-ost"
#: OS area name → (postcode prefixes of its customers, hotline number).
SERVICES = {
    "Operativer Service Potsdam": (["14"], "0331 880-2600"),
    "Operativer Service Berlin Mitte": (["10", "12", "13"], "030 5555-4100"),
    "Operativer Service Magdeburg": (["39", "06"], "0391 257-3300"),
}
TRAINED_ON = dt.date(2023, 3, 27)
ACCESS_FROM = dt.date(2023, 4, 3)
WARM_REASONS = (
    "Zahlung ausgeblieben, Mietrückstand droht – Kundin sehr aufgebracht",
    "Sperrzeitbescheid heute erhalten, Kunde bittet dringend um Klärung",
)


def add_demo_servicecenter(organisation: Organisation) -> int:
    """Load the SOC demo data once; returns the number of recorded calls (0 elsewhere)."""
    if organisation.slug != SLUG:
        return 0
    if RuleVersion.objects.filter(organisation=organisation).exists():
        add_demo_callbacks(organisation)  # a region loaded before part 2 gets its places
        return 0
    rng = random.Random(f"servicecenter:{organisation.slug}")
    create_rule_version(
        actor=None,
        scope=None,
        organisation=organisation,
        data={**preset().model_dump(mode="json"), "region": "Ost"},
        valid_from=dt.date(2023, 1, 1),
        note="Demo: Region Ost, Welle 2",
    )
    _services(organisation, rng)
    agents = _agents(organisation)
    _orders(organisation)
    recorded = _calls(organisation, agents, rng)
    add_demo_callbacks(organisation)
    return recorded


#: The weekly windows of every demo service place (SOC-05): weekday mornings, and Tuesday and
#: Thursday afternoons.
PLACE_WINDOWS = [(day, dt.time(8), dt.time(12)) for day in range(5)] + [
    (day, dt.time(13), dt.time(15, 30)) for day in (1, 3)
]
PLACES_PER_TEAM = 3
CALLBACKS_PER_TEAM = 8


def add_demo_callbacks(organisation: Organisation) -> int:
    """Three service places per OS team (two with a person of the team behind them) and a few
    callbacks booked through the actions, so the OS calendar is not empty. Once: a region with
    places is left alone. Returns the number of callbacks booked."""
    if ServicePlace.objects.filter(organisation=organisation).exists():
        return 0
    today = clock.today()
    teams = list(queries.os_teams(organisation))
    for team in teams:
        staff = list(
            User.objects.filter(
                memberships__team=team, memberships__role=Role.BACK_OFFICE
            ).order_by("username")
        )
        for number in range(1, PLACES_PER_TEAM + 1):
            place = callback_places.create_place(
                scope=None,
                team=team,
                name=f"ATV-Serviceplatz {number}",
                person=staff[number - 1] if number <= min(2, len(staff)) else None,
                valid_from=today - dt.timedelta(days=30),
            )
            callback_places.set_windows(
                place,
                [callback_places.WindowSpec(day, start, end) for day, start, end in PLACE_WINDOWS],
                scope=None,
            )
    agent = User.objects.filter(username="tsb.sc-ost").first()
    customers = list(
        Customer.objects.filter(organisation=organisation, kind=Customer.Kind.PERSON).order_by(
            "customer_number"
        )
    )
    booked = 0
    purposes = [Purpose.BENEFITS_CONSULTATION, Purpose.OTHER]
    for team in teams:
        free = callback_slots.free_times(team, Purpose.OTHER, today, today + dt.timedelta(days=14))
        # Spread over the days: one callback a day, at a different hour each day.
        by_day: dict[dt.date, list[callback_slots.FreeTime]] = {}
        for slot in free:
            by_day.setdefault(slot.start.date(), []).append(slot)
        chosen = [
            slots[(7 * index) % len(slots)]
            for index, slots in enumerate(list(by_day.values())[:CALLBACKS_PER_TEAM])
        ]
        for index, slot in enumerate(chosen):
            if not customers:
                break
            customer = customers.pop(0)
            try:
                callbacks.book_callback(
                    organisation=organisation,
                    team=team,
                    purpose=purposes[index % 2],
                    start=slot.start,
                    customer=customer,
                    phone=customer.phone or "0331 880-0000",
                    note="Demo: Rückfrage zum Bewilligungsbescheid",
                    source=Source.AGENT,
                    actor=agent,
                )
            except DomainError:
                continue  # e.g. a 30-minute callback that does not fit where a 20-minute one does
            booked += 1
    return booked


def _services(organisation: Organisation, rng: random.Random) -> None:
    today = clock.today()
    for area in Area.objects.filter(organisation=organisation, kind=Area.Kind.OPERATIVE_SERVICE):
        team = Team.objects.filter(area=area).order_by("id").first()
        if team is None:
            continue
        prefixes, number = SERVICES.get(area.name, ([], ""))
        service = OperativeService.objects.create(
            organisation=organisation,
            area=area,
            inbox_team=team,
            postcode_prefixes=prefixes,
            hotline_number=number,
            hotline_note="Nur für Rückfragen aus dem Service Center",
        )
        for weekday in range(5):
            HotlineHours.objects.create(
                service=service,
                weekday=weekday,
                opens=dt.time(8),
                closes=dt.time(12 if weekday == 4 else 16),
            )
        staff = list(
            User.objects.filter(
                memberships__team=team, memberships__role=Role.BACK_OFFICE
            ).order_by("username")
        )
        rng.shuffle(staff)
        for offset in range(-7, 15):
            day = today + dt.timedelta(days=offset)
            if staff and day.weekday() < 5:
                person = staff[(day.toordinal()) % len(staff)]
                HotlineDuty.objects.create(service=service, day=day, person=person)


def _agents(organisation: Organisation) -> list[User]:
    agents = list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=Role.PHONE_AGENT,
            memberships__team__area__kind=Area.Kind.SERVICE_CENTRE,
        )
        .distinct()
        .order_by("username")
    )
    today = clock.today()
    start = dt.datetime.combine(today, dt.time(13), tzinfo=clock.BERLIN)
    moved = 0
    for agent in agents:
        if not agent.skills.filter(code=SOC_L_SKILL).exists():
            DefaultQueue.objects.create(organisation=organisation, agent=agent, queue=Queue.GENERAL)
            continue
        grant_qualification(
            actor=None, scope=None, agent=agent, trained_on=TRAINED_ON, access_from=ACCESS_FROM
        )
        DefaultQueue.objects.create(organisation=organisation, agent=agent, queue=Queue.SOC_L)
        # One qualified agent per centre helps the general queue this afternoon (SOC-02).
        if moved < 2 and agent.username != "tsb.sc-ost":
            QueuePlan.objects.create(
                organisation=organisation,
                agent=agent,
                queue=Queue.GENERAL,
                start=start,
                end=start + dt.timedelta(hours=5),
            )
            moved += 1
    return agents


def _orders(organisation: Organisation) -> None:
    """The demo loader's processing orders get their details (SOC-06)."""
    items = WorkItem.objects.filter(
        organisation=organisation,
        kind=Kind.PROCESSING_ORDER,
        customer__isnull=False,
        team__isnull=False,
        processing_order__isnull=True,
    ).select_related("customer", "team")
    ProcessingOrder.objects.bulk_create(
        ProcessingOrder(
            item=item,
            organisation=organisation,
            team=item.team,
            customer=item.customer,
            concern=item.note or item.title,
        )
        for item in items
        if item.team is not None and item.customer is not None
    )


def _calls(organisation: Organisation, agents: list[User], rng: random.Random) -> int:
    """150 recorded calls on the working days of the last six weeks (five a day), two of them
    warm transfers: enough history for the KPI page's weeks (SOC-08) and for the staffing
    forecast from past calls (SOC-09)."""
    lead = (
        Membership.objects.filter(
            organisation=organisation,
            role=Role.TEAM_LEAD,
            team__area__kind=Area.Kind.SERVICE_CENTRE,
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    customers = list(Customer.objects.filter(organisation=organisation).order_by("id")[:60])
    if lead is None or not agents or not customers:
        return 0
    scope = scope_for(lead.user, organisation)
    topics = list(preset().topics)
    today = clock.today()
    count = 0
    working_days = [
        day
        for day in (today - dt.timedelta(days=back) for back in range(1, 43))
        if day.weekday() < 5
    ]
    for n in range(5 * len(working_days)):
        day = working_days[n % len(working_days)]
        started = dt.datetime.combine(
            day, dt.time(8 + rng.randint(0, 7), rng.randint(0, 59)), tzinfo=clock.BERLIN
        )
        warm = n in (4, 17)
        escalation = (
            Escalation.WARM_TRANSFER
            if warm
            else rng.choice([Escalation.NONE] * 8 + [Escalation.FIT, Escalation.OS_HOTLINE])
        )
        calls.record_call(
            actor=lead.user,
            scope=scope,
            data=calls.CallData(
                call_id=f"DEMO-{day:%Y%m%d}-{n:03d}",
                agent=rng.choice(agents).username,
                topic="alg" if rng.random() < 0.6 else rng.choice(topics),
                started_at=started,
                ended_at=started + dt.timedelta(minutes=rng.randint(3, 12)),
                resolved=escalation in (Escalation.NONE, Escalation.FIT, Escalation.OS_HOTLINE),
                escalation=escalation,
                reason=WARM_REASONS[0 if n == 4 else 1] if warm else "",
                customer_number=rng.choice(customers).customer_number,
            ),
        )
        count += 1
    return count
