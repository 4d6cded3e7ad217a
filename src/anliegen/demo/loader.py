"""Building the demo installation (FND-13) through the actions of the apps.

Organisations, sites, areas and teams are plain model rows (there is no procedure around
them); staff, customers, absences, deputies, rules and work items go through the same actions
the API and the UI call, so the demo data obey every invariant and leave an audit trail. Only
the customers' past history is written with ``bulk_create``: thousands of timeline entries with
dates in the past, which no action can write (notes are always "now").

Work items (:mod:`anliegen.demo.items`) are created relative to the day the command runs, so
each worklist shows green, amber and red items on that day.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from anliegen import fristen
from anliegen.contacts.actions import recompute_all
from anliegen.core import clock
from anliegen.customers.actions import CustomerData, create_customer
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.demo import data, texts
from anliegen.demo.appointments import add_demo_appointments
from anliegen.demo.data import OrgSpec, TeamSpec
from anliegen.demo.items import (
    CASE_WORKER_ROLES,
    INTEGRATION_ROLES,
    Member,
    Plan,
    WorkItemsMixin,
    weighted,
)
from anliegen.demo.places import Place
from anliegen.demo.quality import add_demo_quality
from anliegen.demo.reactions import add_demo_reactions
from anliegen.demo.servicecenter import add_demo_servicecenter
from anliegen.org.actions import (
    add_served_organisation,
    create_staff_member,
    record_absence,
    set_standing_deputy,
)
from anliegen.org.models import Area, ClosingDay, Organisation, Site, Skill, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, scope_for
from anliegen.rules.actions import install_presets
from anliegen.rules.queries import rule_set_in_force, rules_in_force
from anliegen.rules.schemas import CalendarRules, ReactionRules, TicketRules, WorkRules

PRESETS_VALID_FROM = dt.date(2012, 3, 28)

STATUS_WEIGHTS = (("unemployed", 55), ("seeking", 30), ("not_set", 5), ("advice_seeking", 10))
PROFILE_WEIGHTS = (
    ("market", 10),
    ("activation", 12),
    ("support", 20),
    ("development", 15),
    ("stabilisation", 14),
    ("assistance", 9),
    ("integrated_i", 8),
    ("z", 12),
)
CARE_GROUP_WEIGHTS = (
    ("ue25_basis", 44),
    ("ue25_active", 15),
    ("u25", 15),
    ("case_management", 10),
    ("rehab", 7),
    ("self_employed", 9),
)
HISTORY_TEXTS: dict[str, tuple[str, ...]] = {
    HistoryEntry.Kind.CONSULTATION: texts.CONSULTATIONS,
    HistoryEntry.Kind.NOTE: texts.NOTES,
    HistoryEntry.Kind.INVITATION: texts.INVITATIONS,
    HistoryEntry.Kind.LETTER: texts.LETTERS,
    HistoryEntry.Kind.NO_SHOW: texts.NO_SHOWS,
}
HISTORY_COUNT_WEIGHTS = ((0, 8), (1, 15), (2, 20), (3, 20), (4, 15), (5, 12), (6, 10))

_TRANSLIT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ı": "i"}
)


def ascii_name(text: str) -> str:
    """``"Yılmaz"`` → ``"yilmaz"``, ``"Müller-Lüdenscheidt"`` → ``"muellerluedenscheidt"``."""
    plain = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    plain = plain.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", plain.lower())


@dataclass
class OrgResult:
    organisation: Organisation
    staff: int = 0
    customers: int = 0
    open_items: int = 0
    history: int = 0


@dataclass
class DemoLoader:
    """Loads the organisations of :data:`anliegen.demo.data.ORGANISATIONS` that are missing."""

    password: str
    customers_per_org: int | None = None
    seed: int = data.DEMO_SEED
    log: Callable[[str], None] = print
    results: list[OrgResult] = field(default_factory=list)

    def load(self) -> list[OrgResult]:
        existing = set(
            Organisation.objects.filter(slug__in=data.DEMO_SLUGS).values_list("slug", flat=True)
        )
        with transaction.atomic():
            password_hash = make_password(self.password)
            superuser = self._superuser(password_hash)
            skills = {
                code: Skill.objects.get_or_create(code=code, defaults={"name": name})[0]
                for code, name in data.SKILLS
            }
            for spec in data.ORGANISATIONS:
                if spec.slug in existing:
                    continue
                builder = OrgBuilder(
                    spec=spec,
                    superuser=superuser,
                    password_hash=password_hash,
                    skills=skills,
                    rng=random.Random(f"{self.seed}:{spec.slug}"),
                    customers=spec.customers
                    if self.customers_per_org is None
                    else self.customers_per_org,
                )
                result = builder.build()
                self.log(
                    f"{spec.name}: {result.staff} Beschäftigte, {result.customers} Kundinnen "
                    f"und Kunden, {result.history} Historieneinträge, "
                    f"{result.open_items} offene Vorgänge"
                )
                self.results.append(result)
            self._serving(superuser)
        return self.results

    def _serving(self, superuser: User) -> None:
        """Which organisations each service-centre region serves (TKT-01); present ones stay."""
        for spec in data.ORGANISATIONS:
            if not spec.serves:
                continue
            centre = Organisation.objects.get(slug=spec.slug)
            scope = scope_for(superuser, centre)
            for served in Organisation.objects.filter(slug__in=spec.serves):
                add_served_organisation(actor=superuser, scope=scope, served=served)

    def _superuser(self, password_hash: str) -> User:
        user = User.objects.filter(username=data.SUPERUSER).first()
        if user is not None:
            return user
        user = User(
            username=data.SUPERUSER,
            first_name="Demo",
            last_name="Administration",
            email="admin@anliegen.example",
            is_staff=True,
            is_superuser=True,
        )
        user.password = password_hash
        user.save()
        return user


class OrgBuilder(WorkItemsMixin):
    """Builds one organisation: structure, staff, customers, history, absences, work items."""

    def __init__(
        self,
        *,
        spec: OrgSpec,
        superuser: User,
        password_hash: str,
        skills: dict[str, Skill],
        rng: random.Random,
        customers: int,
    ) -> None:
        self.spec = spec
        self.superuser = superuser
        self.password_hash = password_hash
        self.skills = skills
        self.rng = rng
        self.customer_count = customers
        self.today = clock.today()
        self.now = clock.now()
        self.sites: dict[str, Site] = {}
        self.areas: dict[str, Area] = {}
        self.teams: dict[str, Team] = {}
        self.team_specs: dict[str, TeamSpec] = {}
        self.members: list[Member] = []
        self.customers: list[Customer] = []
        self.employers: list[Customer] = []
        self.by_contact: dict[int, list[Customer]] = {}
        self.history: list[HistoryEntry] = []
        self.scopes: dict[int, Scope] = {}
        self._plans: dict[tuple[str, int], list[Plan]] = {}
        self._calendars: dict[int, fristen.WorkCalendar] = {}

    # --- structure ---------------------------------------------------------------------------

    def build(self) -> OrgResult:
        spec = self.spec
        self.org = Organisation.objects.create(
            slug=spec.slug, name=spec.name, kind=spec.kind, letterhead=spec.letterhead
        )
        for site_spec in spec.sites:
            self.sites[site_spec.key] = Site.objects.create(
                organisation=self.org,
                name=site_spec.name,
                state=site_spec.state,
                is_main=site_spec.is_main,
                municipal_holidays=list(site_spec.municipal),
                tandem_main=self.sites[site_spec.tandem_of] if site_spec.tandem_of else None,
            )
        for area_spec in spec.areas:
            self.areas[area_spec.key] = Area.objects.create(
                organisation=self.org,
                site=self.sites[area_spec.site],
                kind=area_spec.kind,
                name=area_spec.name,
            )
        for team_spec in spec.teams:
            team = Team.objects.create(
                organisation=self.org, area=self.areas[team_spec.area], name=team_spec.name
            )
            self.teams[team_spec.name] = team
            self.team_specs[team_spec.name] = team_spec
        for every_year, label in spec.closing_days:
            ClosingDay.objects.create(organisation=self.org, every_year=every_year, label=label)
        install_presets(organisation=self.org, valid_from=PRESETS_VALID_FROM)
        self.tickets, _ = rules_in_force(self.org, TicketRules)
        self.reactions, _ = rules_in_force(self.org, ReactionRules)
        self.calendar_rules, _ = rules_in_force(self.org, CalendarRules)
        self.amber_share = rules_in_force(self.org, WorkRules)[0].amber_share
        self.ticket_rules = rule_set_in_force(self.org, "tickets")
        self.reaction_rules = rule_set_in_force(self.org, "reactions")

        self._staff()
        self._customers()
        self._absences()
        open_items = self._work_items()
        add_demo_appointments(self.org, self.history)  # KON-06 (demo/appointments.py)
        HistoryEntry.objects.bulk_create(self.history, batch_size=1000)
        add_demo_reactions(self.org)  # KRM (demo/reactions.py)
        add_demo_quality(self.org)  # QS (demo/quality.py)
        add_demo_servicecenter(self.org)  # SOC (demo/servicecenter.py)
        # The consultations above were bulk-written: compute the next contacts from them (KON-02).
        recompute_all(self.org)
        return OrgResult(
            organisation=self.org,
            staff=len(self.members),
            customers=len(self.customers) + len(self.employers),
            open_items=open_items,
            history=len(self.history),
        )

    # --- staff ---------------------------------------------------------------------------------

    def _name(self) -> tuple[str, str]:
        first = self.rng.choice(
            texts.FEMALE_FIRST_NAMES if self.rng.random() < 0.55 else texts.MALE_FIRST_NAMES
        )
        return first, self.rng.choice(texts.LAST_NAMES)

    def _username(self, first: str, last: str) -> str:
        base = f"{ascii_name(first)}.{ascii_name(last)}"
        candidate, n = base, 1
        while User.objects.filter(username__iexact=candidate).exists():
            n += 1
            candidate = f"{base}{n}"
        return candidate

    def _fte(self, named: bool) -> Decimal:
        if named or self.rng.random() > 0.22:
            return Decimal("1.00")
        return self.rng.choice((Decimal("0.50"), Decimal("0.75")))

    def _member(
        self,
        role: str,
        *,
        team: Team | None = None,
        area: Area | None = None,
        login: str | None = None,
    ) -> Member:
        first, last = self._name()
        username = login or self._username(first, last)
        if login and User.objects.filter(username__iexact=login).exists():
            raise ValueError(f"Der Benutzername „{login}“ ist bereits vergeben.")
        skills: list[Skill] = []
        soc_l_agent = role == Role.PHONE_AGENT and (login or self.rng.random() < data.SOC_L_SHARE)
        if soc_l_agent or role == Role.PHONE_EXPERT:  # about 40 % of the agents, all FiT (SOC-02)
            skills.append(self.skills["soc_l"])
        elif role == Role.CASE_MANAGER:
            skills.append(self.skills["fallmanagement"])
        user = create_staff_member(
            actor=self.superuser,
            scope=None,
            organisation=self.org,
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            team=team,
            area=area,
            email=f"{username}@{self.spec.short}.example",
            fte=self._fte(named=login is not None),
            skills=skills,
            password_hash=self.password_hash,
        )
        member = Member(user=user, role=role, team=team, area=area)
        self.members.append(member)
        return member

    def _staff(self) -> None:
        for org_staff in self.spec.org_staff:
            area = self.areas[org_staff.area] if org_staff.area else None
            for i in range(org_staff.count):
                self._member(org_staff.role, area=area, login=org_staff.login if i == 0 else None)
        for team_spec in self.spec.teams:
            team = self.teams[team_spec.name]
            logins = dict(team_spec.logins)
            for role, count in team_spec.staff:
                for i in range(count):
                    self._member(role, team=team, login=logins.get(role) if i == 0 else None)

    def scope(self, user: User) -> Scope:
        if user.id not in self.scopes:
            self.scopes[user.id] = scope_for(user, self.org)
        return self.scopes[user.id]

    def _first(self, role: str, team: Team | None = None) -> Member | None:
        return next(
            (
                m
                for m in self.members
                if m.role == role and (team is None or (m.team and m.team.id == team.id))
            ),
            None,
        )

    # --- customers -----------------------------------------------------------------------------

    def _contact_candidates(self) -> dict[str, list[Member]]:
        """Case workers per care group (QS-05: one fixed contact person per customer)."""
        result: dict[str, list[Member]] = {}
        for team_spec in self.spec.teams:
            workers = [
                m
                for m in self.members
                if m.team is not None
                and m.team.name == team_spec.name
                and m.role in INTEGRATION_ROLES
            ]
            for group in team_spec.care_groups:
                result.setdefault(group, []).extend(workers)
            if team_spec.employers:
                result.setdefault("employer", []).extend(
                    m for m in workers if m.role == Role.PLACEMENT_OFFICER
                )
        return result

    def _address(self, place: Place) -> tuple[str, str, str]:
        """Street and house number, postcode, city."""
        number = str(self.rng.randint(1, 160))
        if self.rng.random() < 0.12:
            number += self.rng.choice("abc")
        street = f"{self.rng.choice(place.streets)} {number}"
        return street, self.rng.choice(place.postcodes), place.city

    def _phone(self, place: Place) -> str:
        if self.rng.random() < 0.55:
            return f"01{self.rng.choice('567')}{self.rng.randint(0, 9)} {self.rng.randint(1000000, 9999999)}"
        return f"{place.phone_prefix} {self.rng.randint(200000, 9899999)}"

    def _birth_date(self, care_group: str) -> dt.date:
        if care_group == "u25":
            age = self.rng.randint(18, 24)
        elif self.rng.random() < 0.15:
            age = self.rng.randint(56, 64)
        else:
            age = self.rng.randint(25, 55)
        born = self.today - dt.timedelta(days=int(age * 365.25) + self.rng.randint(1, 360))
        return born

    def _person(self, number: str, contacts: dict[str, list[Member]]) -> CustomerData:
        rng = self.rng
        first, last = self._name()
        place = rng.choice(self.spec.places)
        street, postcode, city = self._address(place)
        if self.spec.sgb == "II":
            care_group = weighted(rng, CARE_GROUP_WEIGHTS)
            profile = weighted(rng, PROFILE_WEIGHTS)
        else:
            care_group = ""
            profile = weighted(rng, PROFILE_WEIGHTS[:6])
        status = weighted(rng, STATUS_WEIGHTS)
        candidates = contacts.get(care_group, [])
        if care_group in ("case_management", "rehab"):
            candidates = [m for m in candidates if m.role == Role.CASE_MANAGER] or candidates
        contact = rng.choice(candidates).user.username if candidates else None
        email = ""
        if rng.random() < 0.4:
            email = (
                f"{ascii_name(first)}.{ascii_name(last)}{rng.randint(1, 99)}"
                f"@{rng.choice(data.CUSTOMER_EMAIL_DOMAINS)}"
            )
        return CustomerData(
            customer_number=number,
            first_name=first,
            last_name=last,
            birth_date=self._birth_date(care_group),
            status=status,
            profile=profile,
            profile_since=self.today - dt.timedelta(days=rng.randint(5, 700)),
            care_group=care_group,
            in_retraining=rng.random() < 0.03,
            measure_until=self.today + dt.timedelta(days=rng.randint(7, 200))
            if rng.random() < 0.08
            else None,
            parental_leave_until=self.today + dt.timedelta(days=rng.randint(30, 420))
            if profile == "z" and rng.random() < 0.4
            else None,
            contact_person=contact,
            email=email,
            phone=self._phone(place) if rng.random() < 0.75 else "",
            street=street,
            postcode=postcode,
            city=city,
        )

    def _employer(self, number: str, contacts: dict[str, list[Member]]) -> CustomerData:
        rng = self.rng
        trade, form = rng.choice(texts.COMPANY_TRADES)
        stem = rng.choice(texts.COMPANY_STEMS)
        place = rng.choice(self.spec.places)
        street, postcode, city = self._address(place)
        candidates = contacts.get("employer", [])
        first, last = self._name()
        return CustomerData(
            customer_number=number,
            kind=Customer.Kind.EMPLOYER,
            company_name=f"{trade} {stem} {form}",
            first_name=first,  # the employer's contact person at the company
            last_name=last,
            contact_person=rng.choice(candidates).user.username if candidates else None,
            email=f"personal@{ascii_name(stem)}-{ascii_name(trade)}.example",
            phone=f"{place.phone_prefix} {rng.randint(200000, 9899999)}",
            street=street,
            postcode=postcode,
            city=city,
        )

    def _customers(self) -> None:
        contacts = self._contact_candidates()
        scope = self.scope(self.superuser)
        employers = round(self.customer_count * self.spec.employer_share)
        serial = self.rng.randint(10000, 90000)
        for i in range(self.customer_count):
            serial += self.rng.randint(1, 40)
            is_employer = i < employers and bool(contacts.get("employer"))
            letter = "A" if is_employer else "D"
            number = f"{self.spec.number_prefix}{letter}{serial:06d}"
            customer_data = (
                self._employer(number, contacts) if is_employer else self._person(number, contacts)
            )
            customer = create_customer(actor=self.superuser, scope=scope, data=customer_data)
            if is_employer:
                self.employers.append(customer)
            else:
                self.customers.append(customer)
                self._past_history(customer)
            if customer.contact_person_id:
                self.by_contact.setdefault(customer.contact_person_id, []).append(customer)

    def _moment(self, day: dt.date) -> dt.datetime:
        """A time during office hours on ``day``, never later than now."""
        moment = clock.start_of_day(day) + dt.timedelta(minutes=self.rng.randint(450, 930))
        if moment > self.now:
            moment = max(
                clock.start_of_day(self.today),
                self.now - dt.timedelta(minutes=self.rng.randint(1, 40)),
            )
        return moment

    def _past_history(self, customer: Customer) -> None:
        """The customer's timeline before today (FND-05): consultations, notes, letters."""
        rng = self.rng
        count = int(weighted(rng, [(str(n), w) for n, w in HISTORY_COUNT_WEIGHTS]))
        days = sorted(rng.sample(range(3, 540), count))
        for back in days:
            day = self.today - dt.timedelta(days=back)
            kind = weighted(
                rng,
                (
                    (HistoryEntry.Kind.CONSULTATION, 40),
                    (HistoryEntry.Kind.NOTE, 30),
                    (HistoryEntry.Kind.INVITATION, 15),
                    (HistoryEntry.Kind.LETTER, 10),
                    (HistoryEntry.Kind.NO_SHOW, 5),
                ),
            )
            texts = HISTORY_TEXTS[kind]
            self.history.append(
                HistoryEntry(
                    organisation=self.org,
                    customer=customer,
                    kind=kind,
                    at=self._moment(day),
                    author_id=customer.contact_person_id,
                    text=rng.choice(texts),
                    contact_date=day if kind == HistoryEntry.Kind.CONSULTATION else None,
                )
            )

    # --- absences and deputies (FND-03, TKT-05) -----------------------------------------------

    def _absences(self) -> None:
        management = self._first(Role.MANAGEMENT)
        assert management is not None
        gf = management.user
        if self.spec.absent_lead_team:
            team = self.teams[self.spec.absent_lead_team]
            lead, deputy = self._first(Role.TEAM_LEAD, team), self._first(Role.DEPUTY_LEAD, team)
            assert lead is not None
            assert deputy is not None
            record_absence(
                actor=gf,
                scope=self.scope(gf),
                person=lead.user,
                start=self.today - dt.timedelta(days=4),
                end=self.today + dt.timedelta(days=9),
                deputy=deputy.user,
                note="Urlaub",
            )
        if self.spec.absent_worker_team:
            team = self.teams[self.spec.absent_worker_team]
            lead = self._first(Role.TEAM_LEAD, team)
            workers = [
                m
                for m in self.members
                if m.team and m.team.id == team.id and m.role in CASE_WORKER_ROLES
            ]
            assert lead is not None
            assert len(workers) >= 3
            absent, standing = workers[1], workers[2]
            set_standing_deputy(
                actor=lead.user,
                scope=self.scope(lead.user),
                person=absent.user,
                deputy=standing.user,
            )
            record_absence(
                actor=lead.user,
                scope=self.scope(lead.user),
                person=absent.user,
                start=self.today - dt.timedelta(days=1),
                end=self.today + dt.timedelta(days=4),
                note="Fortbildung",
            )
        # Planned holidays later on, so absence calendars are not empty.
        casework = [m for m in self.members if m.role in CASE_WORKER_ROLES]
        for member in self.rng.sample(casework, min(3, len(casework))):
            start = self.today + dt.timedelta(days=self.rng.randint(14, 45))
            record_absence(
                actor=gf,
                scope=self.scope(gf),
                person=member.user,
                start=start,
                end=start + dt.timedelta(days=self.rng.randint(4, 13)),
                note="Urlaub (geplant)",
            )
