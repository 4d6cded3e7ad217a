"""Demo customer reactions of Jobcenter Landkreis Schwäbisch Hall (seed 000, KRM): open ones
whose acknowledgement and resolution clocks show every traffic light, acknowledged ones, one
with an outcome, registered ones, a complaint about conduct and a petition. All are recorded
through the actions, as the staff would."""

from __future__ import annotations

import datetime as dt
import random

from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.models import Membership, Organisation, Team, User
from anliegen.org.roles import Role
from anliegen.org.scope import scope_for
from anliegen.reactions import actions
from anliegen.reactions.models import Reaction, Topic

SLUG = "jc-schwaebisch-hall"
TOPICS = ("Bescheid", "Erreichbarkeit", "Wartezeit", "Auszahlung", "Beratung", "Verhalten")
TEXTS = (
    "Mein Weiterbewilligungsantrag liegt seit sechs Wochen unbearbeitet.",
    "Ich habe dreimal angerufen und niemanden erreicht.",
    "Die Wartezeit am Empfang war heute über zwei Stunden.",
    "Die Zahlung für diesen Monat ist nicht eingegangen.",
    "Die Beratung durch meine Vermittlerin war sehr hilfreich, vielen Dank.",
    "Bitte bieten Sie Termine auch am späten Nachmittag an.",
)


def _user(organisation: Organisation, role: str, team: Team | None = None) -> User | None:
    members = Membership.objects.filter(organisation=organisation, role=role, user__is_active=True)
    if team is not None:
        members = members.filter(team=team)
    membership = members.select_related("user").order_by("id").first()
    return membership.user if membership else None


def add_demo_reactions(organisation: Organisation) -> int:
    """Record the demo reactions; other organisations get none. Returns their number."""
    if organisation.slug != SLUG:
        return 0
    rng = random.Random(f"reactions:{organisation.slug}")
    teams = list(Team.objects.filter(organisation=organisation).order_by("id"))
    team = teams[0]
    tl = _user(organisation, Role.TEAM_LEAD, team)
    gf = _user(organisation, Role.MANAGEMENT)
    office = _user(organisation, Role.MANAGEMENT_OFFICE)
    if tl is None or gf is None or office is None:
        return 0
    topics = [
        Topic.objects.get_or_create(organisation=organisation, name=name)[0] for name in TOPICS
    ]
    customers = list(
        Customer.objects.filter(organisation=organisation, kind=Customer.Kind.PERSON).order_by(
            "id"
        )[:40]
    )
    now = clock.now()
    today = clock.today()
    made: list[Reaction] = []

    def record(
        by: User,
        *,
        days_ago: int,
        channel: str = "letter",
        kind: str = "complaint",
        team_ids: list[int] | None = None,
        text: str | None = None,
    ) -> Reaction:
        received = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 3))
        reaction = actions.record_reaction(
            actor=by,
            scope=scope_for(by, organisation),
            channel=channel,
            kind=kind,
            received_at=received,
            team_ids=[team.id] if team_ids is None else team_ids,
            text=text or rng.choice(TEXTS),
            customer_number=rng.choice(customers).customer_number if customers else None,
            concerns=[t.id for t in rng.sample(topics[:5], rng.randint(1, 3))],
        )
        made.append(reaction)
        return reaction

    # Open, both clocks running: written reactions received today … a week ago (acknowledgement
    # green, amber, red) and calls received 1 … 3 weeks ago (resolution green, amber, red).
    for days in (0, 1, 2, 4, 6, 8, 11):
        record(tl, days_ago=days, channel=rng.choice(["letter", "email", "fax"]))
    for days in (3, 10, 12, 13, 17, 21):
        record(tl, days_ago=days, channel=rng.choice(["phone", "in_person"]), kind="criticism")
    # Acknowledged, still open.
    for days in (2, 5, 9):
        reaction = record(tl, days_ago=days)
        actions.record_acknowledgement_sent(
            actor=tl,
            scope=scope_for(tl, organisation),
            reaction=reaction,
            channel="letter",
            sent_on=min(today, clock.local_date(reaction.received_at) + dt.timedelta(days=1)),
        )
    # With an outcome (completed), and completed and entered in the register.
    for days, register in ((8, False), (16, True), (25, True), (30, True)):
        reaction = record(tl, days_ago=days)
        tl_scope = scope_for(tl, organisation)
        actions.record_acknowledgement_sent(
            actor=tl,
            scope=tl_scope,
            reaction=reaction,
            channel="letter",
            sent_on=clock.local_date(reaction.received_at) + dt.timedelta(days=1),
        )
        actions.record_outcome(
            actor=tl,
            scope=tl_scope,
            reaction=reaction,
            outcome=rng.choice(["justified", "partly_justified", "unjustified"]),
            summary="Sachverhalt geprüft, Kunde telefonisch informiert.",
        )
        if register:
            actions.make_register_entry(
                actor=office, scope=scope_for(office, organisation), reaction=reaction
            )
    # Received by management: a complaint about conduct and a petition (GF and office only),
    # and an unclassified letter waiting for the GF's decision.
    record(
        office,
        days_ago=3,
        kind="conduct_complaint",
        text="Der Sachbearbeiter war beim Termin unfreundlich und hat mich angeschrien.",
    )
    record(
        office,
        days_ago=5,
        kind="petition",
        team_ids=[],
        text="Eingabe an den Petitionsausschuss des Landtags zur Dauer der Antragsbearbeitung.",
    )
    record(office, days_ago=1, kind="unclassified")
    praise = record(tl, days_ago=2, channel="phone", kind="praise", text=TEXTS[4])
    assert praise.id
    return len(made)
