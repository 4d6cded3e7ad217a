"""The demo's work items (FND-07, FND-08): when each came in, and its clocks.

Receipt dates are counted back from :func:`anliegen.core.clock.today` and the deadlines come
from the deadline engine with the calendar of the team's site, so each worklist shows green,
amber and red items on the day the demo is loaded. Every item goes through
:func:`anliegen.work.actions.create_item`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from anliegen import fristen
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.demo import texts
from anliegen.demo.data import OrgSpec, TeamSpec
from anliegen.org.models import Area, Organisation, Site, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope
from anliegen.reactions import actions as reaction_actions
from anliegen.rules.models import RuleSet
from anliegen.rules.schemas import CalendarRules, ReactionRules, TicketRules
from anliegen.tickets.models import Completion, Ticket, TicketArea, TicketKind
from anliegen.work.actions import DeadlineSpec, complete_item, create_item, reassign_items
from anliegen.work.calendars import calendar_for
from anliegen.work.models import Kind, Light, Notification, WorkItem
from anliegen.work.notify import notify

#: A follow-up whose date has not come yet: in no worklist today.
HIDDEN = "hidden"
#: Weight factor per day of age when picking when an item came in (most came in recently).
RECENCY = 0.8

CASE_WORKER_ROLES = (
    Role.BENEFITS_WORKER,
    Role.PLACEMENT_OFFICER,
    Role.CASE_MANAGER,
    Role.INTEGRATION_SPECIALIST,
    Role.BACK_OFFICE,
)
INTEGRATION_ROLES = (Role.PLACEMENT_OFFICER, Role.CASE_MANAGER, Role.INTEGRATION_SPECIALIST)
#: Roles whose worklist gets one green, one amber and one red item at least.
ALL_LIGHTS_ROLES = (Role.TEAM_LEAD, Role.DEPUTY_LEAD, *CASE_WORKER_ROLES)


def weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class Member:
    user: User
    role: str
    team: Team | None = None
    area: Area | None = None


@dataclass(frozen=True)
class Plan:
    """When an item was received and its clocks; ``light`` is the light it shows today."""

    day: dt.date
    deadlines: tuple[DeadlineSpec, ...]
    light: str
    variant: str = ""


class WorkItemsMixin:
    """The work-item part of :class:`anliegen.demo.loader.OrgBuilder`."""

    spec: OrgSpec
    org: Organisation
    rng: random.Random
    today: dt.date
    now: dt.datetime
    sites: dict[str, Site]
    teams: dict[str, Team]
    team_specs: dict[str, TeamSpec]
    members: list[Member]
    customers: list[Customer]
    employers: list[Customer]
    by_contact: dict[int, list[Customer]]
    history: list[HistoryEntry]
    tickets: TicketRules
    reactions: ReactionRules
    calendar_rules: CalendarRules
    amber_share: float
    ticket_rules: RuleSet | None
    reaction_rules: RuleSet | None
    _plans: dict[tuple[str, int], list[Plan]]
    _calendars: dict[int, fristen.WorkCalendar]

    def scope(self, user: User) -> Scope:
        raise NotImplementedError

    def _first(self, role: str, team: Team | None = None) -> Member | None:
        raise NotImplementedError

    def _moment(self, day: dt.date) -> dt.datetime:
        raise NotImplementedError

    def _calendar(self, site: Site) -> fristen.WorkCalendar:
        if site.id not in self._calendars:
            self._calendars[site.id] = calendar_for(self.org, site=site)[0]
        return self._calendars[site.id]

    def _light(self, start: dt.date, due: dt.date) -> str:
        amber = fristen.amber_date(start, due, self.amber_share)
        return fristen.traffic_light(self.today, due, amber)

    def _plan(self, start: dt.date, specs: Sequence[DeadlineSpec], variant: str = "") -> Plan:
        due = min(spec.due_date for spec in specs)
        return Plan(start, tuple(specs), self._light(start, due), variant)

    def _receipt_days(self, cal: fristen.WorkCalendar, back: int) -> list[dt.date]:
        days = [self.today - dt.timedelta(days=d) for d in range(back + 1)]
        return [day for day in days if day == self.today or cal.is_working_day(day)]

    def plans(self, key: str, site: Site) -> list[Plan]:
        """Every way an item of ``key`` could have come in over the last days, with its light."""
        cached = self._plans.get((key, site.id))
        if cached is not None:
            return cached
        cal = self._calendar(site)
        tickets, reactions = self.tickets, self.reactions
        plans: list[Plan] = []
        if key in ("benefits_ticket", "walk_in", "processing_order"):
            for day in self._receipt_days(cal, 10):
                due = fristen.due_in_working_days(day, tickets.benefits_working_days, cal)
                plans.append(self._plan(day, [DeadlineSpec("main", due)]))
        elif key == "integration_ticket":
            for day in self._receipt_days(cal, 5):
                due = fristen.due_in_working_days(day, tickets.integration_working_days, cal)
                plans.append(self._plan(day, [DeadlineSpec("main", due)]))
        elif key == "callback":
            for day in self._receipt_days(cal, 6):
                for n in range(1, 6):  # booked into a slot from the next working day on (SOC-05)
                    due = fristen.due_in_working_days(day, n, cal)
                    plans.append(self._plan(day, [DeadlineSpec("callback", due)]))
        elif key == "reaction":
            for day in [self.today - dt.timedelta(days=d) for d in range(21)]:
                resolution = fristen.due_in_calendar_days(
                    day,
                    reactions.resolution_calendar_days,
                    cal,
                    roll_forward=self.calendar_rules.roll_forward,
                )
                acknowledgement = fristen.due_in_working_days(
                    day, reactions.acknowledgement_working_days, cal
                )
                plans.append(self._plan(day, [DeadlineSpec("resolution", resolution)], "oral"))
                plans.append(
                    self._plan(
                        day,
                        [
                            DeadlineSpec("acknowledgement", acknowledgement),
                            DeadlineSpec("resolution", resolution),
                        ],
                        "written",
                    )
                )
        elif key == "follow_up":
            for created_back in range(2, 22):
                created = self.today - dt.timedelta(days=created_back)
                for due_back in range(min(6, created_back)):
                    due = self.today - dt.timedelta(days=due_back)
                    plans.append(self._plan(created, [DeadlineSpec("follow_up", due)]))
            for created_back in range(8):  # set recently for a day still to come
                created = self.today - dt.timedelta(days=created_back)
                for ahead in (1, 2, 3, 5, 8, 13, 21):
                    due = cal.next_working_day(self.today + dt.timedelta(days=ahead))
                    plans.append(Plan(created, (DeadlineSpec("follow_up", due),), HIDDEN))
        else:  # pragma: no cover - a programming error
            raise ValueError(key)
        self._plans[(key, site.id)] = plans
        return plans

    def _choose(self, key: str, site: Site, light: str | None) -> tuple[str, Plan]:
        """A plan for an item of ``key`` that shows ``light`` today (any light if None).

        Working-day deadlines cannot be amber on some days (over a weekend the amber share of
        a 2-day deadline falls on Saturday); a follow-up due today is amber on every day, one due
        yesterday is red, and anything received today is green.
        """
        options = [p for p in self.plans(key, site) if light is None or p.light == light]
        if options:
            # Most items came in recently: weigh each plan down with its age.
            weights = [RECENCY ** (self.today - p.day).days for p in options]
            return key, self.rng.choices(options, weights=weights)[0]
        if light == Light.GREEN:
            return key, next(p for p in self.plans(key, site) if p.day == self.today)
        fallback = [p for p in self.plans("follow_up", site) if p.light == light]
        return "follow_up", self.rng.choice(fallback)

    def _mix(self, member: Member) -> tuple[list[tuple[str, int]], int]:
        """Which kinds of items a member of staff has, and how many beyond the three lights."""
        area_kind = member.team.area.kind if member.team else ""
        rng = self.rng
        ticket = "benefits_ticket" if area_kind == Area.Kind.BENEFITS else "integration_ticket"
        role = member.role
        if role == Role.BENEFITS_WORKER:
            return [("benefits_ticket", 70), ("walk_in", 10), ("follow_up", 20)], rng.randint(4, 9)
        if role in INTEGRATION_ROLES:
            return [("integration_ticket", 65), ("follow_up", 35)], rng.randint(3, 6)
        if role == Role.BACK_OFFICE:
            if area_kind == Area.Kind.OPERATIVE_SERVICE:
                # The OS's callbacks are real bookings in its service places (SOC-05,
                # demo/servicecenter.py), not bare work items.
                return [("processing_order", 100)], rng.randint(3, 5)
            return [("processing_order", 55), ("callback", 45)], rng.randint(5, 8)
        if role == Role.TEAM_LEAD:
            if area_kind == Area.Kind.BENEFITS:
                return [("reaction", 40), ("walk_in", 25), ("follow_up", 35)], rng.randint(3, 5)
            return [("reaction", 55), ("follow_up", 45)], rng.randint(2, 4)
        if role == Role.DEPUTY_LEAD:
            if area_kind in (Area.Kind.SERVICE_CENTRE, ""):
                return [("reaction", 40), ("follow_up", 60)], rng.randint(1, 2)
            if area_kind == Area.Kind.OPERATIVE_SERVICE:
                return [("processing_order", 50), ("follow_up", 50)], rng.randint(1, 3)
            return [(ticket, 50), ("follow_up", 50)], rng.randint(1, 3)
        if role == Role.MANAGEMENT:
            return [("conduct", 60), ("follow_up", 40)], rng.randint(2, 3)
        if role == Role.MANAGEMENT_OFFICE:
            return [("reaction", 100)], rng.randint(1, 3)
        if role == Role.AREA_MANAGEMENT:
            return [("follow_up", 100)], rng.randint(1, 2)
        return [], 0

    def _customer_for(self, member: Member | None, key: str) -> Customer | None:
        rng = self.rng
        team_spec = self.team_specs.get(member.team.name) if member and member.team else None
        if team_spec is not None and team_spec.employers and self.employers and rng.random() < 0.5:
            return rng.choice(self.employers)
        own = self.by_contact.get(member.user.id, []) if member else []
        if own and rng.random() < 0.85:
            return rng.choice(own)
        if key in ("reaction", "conduct") and rng.random() < 0.1:
            return None  # anonymous or third party
        return rng.choice(self.customers) if self.customers else None

    def _site(self, member: Member | None, team: Team | None) -> Site:
        if team is not None:
            return team.area.site
        if member is not None and member.area is not None:
            return member.area.site
        return self.sites[next(s.key for s in self.spec.sites if s.is_main)]

    def _recorder(self) -> User | None:
        office = self._first(Role.MANAGEMENT_OFFICE)
        return office.user if office else None

    def _create(
        self,
        key: str,
        *,
        member: Member | None,
        team: Team | None,
        light: str | None = None,
        customer: Customer | None = None,
    ) -> WorkItem:
        rng = self.rng
        site = self._site(member, team)
        plan_key = "reaction" if key == "conduct" else key
        plan_key, plan = self._choose(plan_key, site, light)
        if plan_key == "follow_up" and key != "follow_up":
            key = "follow_up"
        assignee = member.user if member else None
        if customer is None:
            customer = self._customer_for(member, key)
        received_at = self._moment(plan.day)
        actor: User | None = assignee  # the item's owner recorded it: no notification
        rule_set: RuleSet | None = None
        visible_from: dt.date | None = None
        note = ""
        history_kind, history_text = "", ""
        if key in ("benefits_ticket", "integration_ticket"):
            kind = Kind.TICKET
            rule_set = self.ticket_rules
            if key == "benefits_ticket":
                priority = self.tickets.benefits_priority
                title = rng.choice(texts.BENEFITS_TICKETS)
            else:
                priority = self.tickets.integration_priority
                title = rng.choice(
                    texts.EMPLOYER_TICKETS
                    if customer is not None and customer.kind == Customer.Kind.EMPLOYER
                    else texts.INTEGRATION_TICKETS
                )
            if assignee is None:
                actor = None  # came in through the service centre's interface, for the team
            history_kind, history_text = "ticket", f"Ticket aus dem Service Center: {title}"
        elif key == "walk_in":
            kind, priority, rule_set = (
                Kind.TICKET,
                self.tickets.benefits_priority,
                self.ticket_rules,
            )
            title = rng.choice(texts.WALK_INS)
            history_kind, history_text = "contact", f"Persönliche Vorsprache: {title}"
        elif key == "processing_order":
            kind, priority = Kind.PROCESSING_ORDER, 3
            title = rng.choice(texts.PROCESSING_ORDERS)
            history_kind = "note"
            history_text = f"Bearbeitungsauftrag an den Operativen Service: {title}"
        elif key == "callback":
            kind, priority = Kind.CALLBACK, 2
            title, minutes = rng.choice(texts.CALLBACKS)
            due = plan.deadlines[0].due_date
            note = f"Rückruftermin am {due:%d.%m.%Y}, Dauer {minutes} Minuten."
            history_kind = "callback"
            history_text = f"Rückruftermin gebucht für den {due:%d.%m.%Y}: {title}"
        elif key in ("reaction", "conduct"):
            # Reactions only through the reaction actions (issue 14 fault 6): a reaction item
            # without its Reaction would escape the confidentiality of KRM-02.
            return self._record_reaction(key, member, team, plan, customer, received_at)
        else:  # follow-up (FND-08)
            kind, priority = Kind.FOLLOW_UP, 5
            note = rng.choice(texts.FOLLOW_UPS)
            title = f"Wiedervorlage: {note}"
            visible_from = plan.deadlines[0].due_date
            history_kind = "follow_up"
            history_text = f"Wiedervorlage zum {visible_from:%d.%m.%Y}: {note}"
        item = create_item(
            actor=actor,
            organisation=self.org,
            kind=kind,
            title=title,
            received_at=received_at,
            customer=customer,
            team=team,
            assignee=assignee,
            priority=priority,
            deadlines=plan.deadlines,
            rule_set=rule_set,
            note=note,
            visible_from=visible_from,
        )
        if kind == Kind.TICKET and customer is not None:
            self._attach_ticket(key, item, customer, title, received_at, actor)
        if customer is not None and history_kind:
            self.history.append(
                HistoryEntry(
                    organisation=self.org,
                    customer=customer,
                    kind=history_kind,
                    at=received_at,
                    author=actor,
                    text=history_text,
                    ref_type="work.workitem",
                    ref_id=item.id,
                )
            )
        return item

    def _record_reaction(
        self,
        key: str,
        member: Member | None,
        team: Team | None,
        plan: Plan,
        customer: Customer | None,
        received_at: dt.datetime,
    ) -> WorkItem:
        """A customer reaction as staff record it (KRM-01): routed, with its clocks, the neutral
        history entry and the notifications of the reaction actions. A complaint about conduct
        goes to management; any other reaction to the lead of the member's team (the first team
        for members without one), who hands it to the member if the member is their deputy."""
        rng = self.rng
        written = plan.variant == "written"
        if key == "conduct":
            kind, text = "conduct_complaint", texts.CONDUCT_COMPLAINTS[0][1]
            channel = "letter" if written else "phone"
        else:
            choices = [
                entry
                for entry in texts.REACTIONS
                if (entry[0] in self.reactions.acknowledgement_channels) == written
            ] or list(texts.REACTIONS)
            channel, text = rng.choice(choices)
            kind = "complaint"
        lead_team = team or next(iter(self.teams.values()))
        recorder = self._recorder()
        actor = member.user if member is not None else recorder
        if actor is None or (key == "reaction" and plan.day >= self.today - dt.timedelta(days=1)):
            actor = recorder or actor  # recent ones: recorded by the management office (KRM-07)
        assert actor is not None, "a demo organisation has staff"
        reaction = reaction_actions.record_reaction(
            actor=actor,
            scope=self.scope(actor),
            channel=channel,
            kind=kind,
            received_at=received_at,
            team_ids=[] if kind == "conduct_complaint" else [lead_team.id],
            text=text,
            customer_number=customer.customer_number if customer is not None else None,
        )
        item = reaction.item
        lead = item.assignee
        if (
            member is not None
            and lead is not None
            and item.team_id is not None
            and lead.id != member.user.id
            and member.team is not None
            and member.team.id == item.team_id
            and member.role == Role.DEPUTY_LEAD
        ):
            # The team lead hands it to their deputy (TKT-05), as in the daily work.
            (item,) = reassign_items(
                actor=lead, scope=self.scope(lead), items=[item], assignee=member.user
            )
        return item

    def _attach_ticket(
        self,
        key: str,
        item: WorkItem,
        customer: Customer,
        concern: str,
        received_at: dt.datetime,
        actor: User | None,
    ) -> None:
        """The ticket details of a demo ticket (TKT): seeded directly like the history, with the
        deadline the plan computed from the rules and the site's calendar."""
        Ticket.objects.create(
            organisation=self.org,
            item=item,
            area=TicketArea.INTEGRATION if key == "integration_ticket" else TicketArea.BENEFITS,
            kind=TicketKind.WALK_IN if key == "walk_in" else TicketKind.CONCERN,
            customer=customer,
            concern=concern,
            received_at=received_at,
            rule_due_date=item.due_date or item.start_date,
            source="demo",
            created_by=actor,
        )

    def _complete_ticket(self, item: WorkItem, user: User) -> None:
        ticket = Ticket.objects.filter(item=item).first()
        if ticket is not None and item.completed_at is not None:
            Completion.objects.create(
                ticket=ticket,
                organisation=self.org,
                area=ticket.area,
                resolution="Anliegen abschließend bearbeitet, Kunde telefonisch informiert.",
                completed_at=item.completed_at,
                completed_by=user,
                on_time=True,
            )

    def _work_items(self) -> int:
        rng = self.rng
        created: list[tuple[Member, WorkItem, str]] = []
        for member in self.members:
            mix, extra = self._mix(member)
            if not mix:
                continue
            forced: list[str | None] = []
            if member.role in ALL_LIGHTS_ROLES:
                forced = [Light.GREEN, Light.AMBER, Light.RED]
            for light in [*forced, *([None] * extra)]:
                # A follow-up shows only from its date on, when it is amber already.
                usable = [(k, w) for k, w in mix if k != "follow_up" or light != Light.GREEN]
                key = weighted(rng, usable or mix)
                item = self._create(key, member=member, team=member.team, light=light)
                created.append((member, item, light or ""))
            if member.role in CASE_WORKER_ROLES:
                for _ in range(rng.randint(1, 2)):
                    key = weighted(rng, [(k, w) for k, w in mix if k != "follow_up"])
                    item = self._create(key, member=member, team=member.team)
                    if item.kind != Kind.FOLLOW_UP:
                        done = complete_item(
                            actor=member.user,
                            scope=self.scope(member.user),
                            item=item,
                            note="Anliegen abschließend bearbeitet.",
                        )
                        self._complete_ticket(done, member.user)
        self._team_inboxes()
        self._key_notifications(created)
        return WorkItem.objects.filter(organisation=self.org, status="open").count()

    def _team_inboxes(self) -> None:
        """A few unassigned items per team for the lead to distribute (the lead is notified)."""
        for team_spec in self.spec.teams:
            team = self.teams[team_spec.name]
            roles = {role for role, _ in team_spec.staff}
            if Role.BENEFITS_WORKER in roles:
                key = "benefits_ticket"
            elif roles & set(INTEGRATION_ROLES):
                key = "integration_ticket"
            elif Role.BACK_OFFICE in roles:
                key = "processing_order"
            else:
                continue
            for _ in range(self.rng.randint(1, 2)):
                customer = self.rng.choice(self.customers) if self.customers else None
                self._create(key, member=None, team=team, customer=customer)

    def _key_notifications(self, created: list[tuple[Member, WorkItem, str]]) -> None:
        """Team leads see an amber and a red warning among their notifications (FND-11)."""
        for member, item, light in created:
            if member.role != Role.TEAM_LEAD or light not in (Light.AMBER, Light.RED):
                continue
            kind = (
                Notification.Kind.ITEM_RED if light == Light.RED else Notification.Kind.ITEM_AMBER
            )
            if item.kind == Kind.FOLLOW_UP:
                kind = Notification.Kind.FOLLOW_UP_DUE
            notify(
                user=member.user,
                organisation=self.org,
                kind=kind,
                item=item,
                params={"title": item.title},
                include_deputy=False,
            )
            WorkItem.objects.filter(id=item.id).update(light_notified=light)
