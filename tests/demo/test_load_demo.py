"""FND-13: the demo installation — five organisations of the seeds, one login per role, a team
lead whose worklist shows green, amber and red, deputies, and a second run that changes
nothing. The demo is loaded once for the module (small), on a fixed day after Christmas, when
working-day deadlines are hardest to get amber."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from anliegen.audit.models import AuditEntry
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.demo import data
from anliegen.demo.items import ALL_LIGHTS_ROLES
from anliegen.demo.management.commands.load_demo import SMALL_CUSTOMERS, demo_password
from anliegen.org.models import Absence, Membership, Organisation, Site, User
from anliegen.org.roles import Role
from anliegen.org.scope import scope_for, team_lead_of
from anliegen.rules.models import RuleSet
from anliegen.work.models import Deadline, Notification, WorkItem
from anliegen.work.queries import light_counts, worklist_for_team, worklist_for_user

DAY = dt.date(2026, 12, 27)  # a Sunday after the Christmas holidays


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the small demo once; roll it back after the module."""
    traveller = time_machine.travel("2026-12-27 10:00 +01:00", tick=False)
    traveller.start()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("load_demo", "--small", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    traveller.stop()


def _lichtenberg() -> Organisation:
    return Organisation.objects.get(slug="jc-berlin-lichtenberg")


def test_five_organisations_of_the_seeds(demo, db):
    """FND-01/FND-13: the five organisations with their Bundesland and kind."""
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=data.DEMO_SLUGS)}
    assert set(orgs) == {
        "jc-schwaebisch-hall",
        "jobagentur-en",
        "jc-potsdam",
        "jc-berlin-lichtenberg",
        "sc-region-ost",
    }
    assert orgs["jc-schwaebisch-hall"].name == "Jobcenter Landkreis Schwäbisch Hall"
    assert orgs["sc-region-ost"].kind == Organisation.Kind.SERVICE_CENTRE
    states = {slug: set(o.sites.values_list("state", flat=True)) for slug, o in orgs.items()}
    assert states["jc-schwaebisch-hall"] == {"BW"}
    assert states["jobagentur-en"] == {"NW"}
    assert states["jc-potsdam"] == {"BB"}
    assert states["jc-berlin-lichtenberg"] == {"BE"}
    assert states["sc-region-ost"] == {"BE", "BB", "ST"}
    # QS-01: the tandem sites of the JobAgentur EN point to their main site.
    tandems = Site.objects.filter(organisation=orgs["jobagentur-en"], tandem_main__isnull=False)
    assert {s.name for s in tandems} == {
        "Regionalstelle Sprockhövel",
        "Regionalstelle Breckerfeld",
    }
    # SOC-01: the service-centre region has service centres and operative services.
    kinds = set(orgs["sc-region-ost"].areas.values_list("kind", flat=True))
    assert {"service_centre", "operative_service"} <= kinds


def test_rule_presets_and_customers(demo, db):
    """FND-09: presets valid from 28.03.2012; FND-04/05: customers with history."""
    for org in Organisation.objects.filter(slug__in=data.DEMO_SLUGS):
        rules = RuleSet.objects.filter(organisation=org)
        assert set(rules.values_list("key", flat=True)) == {
            "calendar",
            "work",
            "tickets",
            "reactions",
            "contacts",
        }
        assert set(rules.values_list("valid_from", flat=True)) == {dt.date(2012, 3, 28)}
        assert Customer.objects.filter(organisation=org).count() == SMALL_CUSTOMERS
    customers = Customer.objects.filter(organisation=_lichtenberg(), kind="person")
    assert customers.filter(contact_person__isnull=False).count() == customers.count()
    assert HistoryEntry.objects.filter(customer__in=customers, kind="consultation").exists()
    assert len(set(customers.values_list("care_group", flat=True))) >= 3


def test_one_login_per_role(demo, db):
    """FND-02/FND-13: every role has a login with the demo password; plus superuser admin."""
    logins = dict(data.ROLE_LOGINS)
    assert set(logins) == set(Role.values)
    for role, username in logins.items():
        user = User.objects.get(username=username)
        assert user.check_password(demo_password()), username
        assert Membership.objects.filter(user=user, role=role).exists(), username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(demo_password())
    # FND-02: part-timers and the SOC-L qualification
    assert User.objects.filter(fte__in=["0.50", "0.75"]).exists()
    assert User.objects.get(username="tsb.sc-ost").skills.filter(code="soc_l").exists()


def test_lichtenberg_team_lead_sees_all_lights(demo, db):
    """FND-07: the key login's worklist and team worklist show green, amber and red items,
    with customers that have a history."""
    org = _lichtenberg()
    lead = User.objects.get(username=data.KEY_LOGIN)
    scope = scope_for(lead, org)
    items = worklist_for_user(scope)
    counts = light_counts(items)
    assert all(counts[light] > 0 for light in ("green", "amber", "red")), counts
    team = scope.visible_teams().get()
    team_counts = light_counts(worklist_for_team(scope, team))
    assert all(team_counts[light] > 0 for light in ("green", "amber", "red")), team_counts
    with_customer = [i for i in items if i.customer_id]
    assert with_customer
    assert all(i.customer.history.exists() for i in with_customer)
    assert Notification.objects.filter(user=lead, read_at__isnull=True).exists()


def test_every_lead_and_case_worker_sees_all_lights(demo, db):
    """FND-07: so every login of the demo shows what the traffic lights mean."""
    for membership in Membership.objects.filter(
        organisation__slug__in=data.DEMO_SLUGS, role__in=ALL_LIGHTS_ROLES
    ).select_related("user", "organisation"):
        counts = light_counts(
            worklist_for_user(scope_for(membership.user, membership.organisation))
        )
        assert all(counts.values()), (membership.user.username, counts)


def test_absent_lead_items_in_deputys_worklist(demo, db):
    """FND-03: the TL of "Leistung 2" is absent; the stv. TL sees and leads the items."""
    org = _lichtenberg()
    deputy = User.objects.get(username="stv.lichtenberg")
    absence = Absence.objects.get(organisation=org, start__lte=DAY, end__gte=DAY, deputy=deputy)
    absent = absence.user
    assert Membership.objects.filter(user=absent, role=Role.TEAM_LEAD).exists()
    absent_items = set(
        WorkItem.objects.filter(assignee=absent, status="open").values_list("id", flat=True)
    )
    assert absent_items
    visible = {i.id for i in worklist_for_user(scope_for(deputy, org))}
    shown = {
        i.id for i in worklist_for_user(scope_for(absent, org))
    }  # the absent lead's own worklist, as it will be on return
    assert shown <= visible
    assert shown
    team = Membership.objects.get(user=absent, role=Role.TEAM_LEAD).team
    assert team is not None
    assert team_lead_of(team) == deputy


def test_standing_deputy_of_absent_case_worker(demo, db):
    """FND-03/TKT-05: in Potsdam an absent FAss is covered by the standing deputy."""
    org = Organisation.objects.get(slug="jc-potsdam")
    absence = Absence.objects.get(organisation=org, start__lte=DAY, end__gte=DAY)
    standing = absence.user.deputy
    assert standing is not None
    visible = {i.id for i in worklist_for_user(scope_for(standing, org))}
    assert WorkItem.objects.filter(assignee=absence.user, status="open", id__in=visible).exists()


def test_second_run_changes_nothing(demo, db):
    """FND-13: running load_demo again changes nothing."""
    models = (
        Organisation,
        User,
        Membership,
        Customer,
        HistoryEntry,
        WorkItem,
        Deadline,
        Notification,
        Absence,
        RuleSet,
        AuditEntry,
    )
    before = {m.__name__: m.objects.count() for m in models}
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "bereits geladen" in out.getvalue()
    assert {m.__name__: m.objects.count() for m in models} == before


def test_demo_logins_table(demo, db):
    """FND-13: the logins as a German table, the Lichtenberg TL first, one line per role."""
    out = StringIO()
    call_command("demo_logins", stdout=out)
    lines = out.getvalue().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Benutzername"))
    assert "Passwort" in lines[header]
    assert "Rolle" in lines[header]
    first = lines[header + 2].split()
    assert first[0] == data.KEY_LOGIN
    assert first[1] == demo_password()
    assert "Jobcenter Berlin Lichtenberg" in lines[header + 2]
    table = lines[header + 2 : header + 2 + len(data.ROLE_LOGINS)]
    assert [line.split()[0] for line in table] == [u for _, u in data.ROLE_LOGINS]


def test_demo_tickets_are_real_tickets_for_team_controlling(demo, db):
    """TKT-09: the Potsdam demo can be run through the ticket pages and team controlling."""
    from anliegen.tickets.models import Completion, Ticket
    from anliegen.tickets.queries import team_controlling

    potsdam = Organisation.objects.get(slug="jc-potsdam")
    tickets = Ticket.objects.filter(organisation=potsdam)
    assert tickets.filter(area="benefits").exists()
    assert tickets.filter(item__status="open").exists()
    assert Completion.objects.filter(organisation=potsdam).exists()
    team = tickets.filter(item__team__isnull=False).first().item.team
    assert sum(person.open for person in team_controlling(team)) > 0


def test_demo_customers_have_next_contacts_from_their_consultations(demo, db):
    """KON-02/KON-04: the Lichtenberg case workers see whom to invite."""
    from anliegen.contacts.models import ContactSchedule

    schedules = ContactSchedule.objects.filter(organisation=_lichtenberg())
    assert schedules.exists()
    assert schedules.filter(last_contact__isnull=False).exists()


def test_demo_assignments_are_casework_staff(demo, db):  # type: ignore[no-untyped-def]
    """Issue 9, defect 2: no provider or admin account is a contact person or deputy."""
    from anliegen.customers.assignments import bad_assignments

    assert bad_assignments() == []
