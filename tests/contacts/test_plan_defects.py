"""Issue 9, defect 6 — the weekly plan (KON-05/06): days overdue counted from today, no more
customers ticked than the capacity allows, weeks named "KW 50", and the invitation letter with
its notice of legal consequences (*Rechtsfolgenbelehrung*, § 59 SGB II with § 309 SGB III; § 309
SGB III for employment agencies). Each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from pypdf import PdfReader

from anliegen.appointments.actions import book
from anliegen.appointments.models import Appointment
from anliegen.contacts.actions import recompute_for
from anliegen.contacts.invitations import invitation_docx, legal_basis
from anliegen.contacts.models import ContactSchedule
from anliegen.contacts.planning import weekly_capacity
from anliegen.core.clock import BERLIN
from anliegen.letters.render import docx_to_pdf
from anliegen.org.models import Organisation
from anliegen.org.scope import scope_for
from anliegen.rules.queries import preset
from anliegen.rules.schemas import ContactRules
from tests.factories import make_customer

PLAN = "/o/jc-test/kontakte/wochenplan/"
CALENDAR = "/o/jc-test/kontakte/wochenkalender/"
TODAY = dt.date(2026, 11, 25)  # a Wednesday; the plan's default week is next week (W49)


@pytest.fixture
def today(travel):
    travel("2026-11-25 10:00")


def _due(world, worker, due: dt.date, **fields):
    customer = make_customer(world, contact_person=worker, **fields)
    recompute_for(customer)
    ContactSchedule.objects.filter(customer=customer).update(due_date=due)
    return customer


def _overdue_cell(page: str, number: str) -> str:
    """The "Days overdue" cell of the customer's row in the plan table."""
    row = page[page.index(f'id="invite-{number}"') :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r'<td class="col-num">(\d+)</td>', row)
    assert len(cells) == 1, row
    return cells[0]


def test_customer_due_today_is_not_overdue_in_the_plan(client, world, today):
    """KON-04/06: "Tage überfällig" is counted from today — 0 for a contact due today (it said
    2 or more, counted from the Monday of the planned week), 3 for one due three days ago."""
    due_today = _due(world, world.worker, TODAY, last_name="Heute")
    three_days = _due(world, world.worker, TODAY - dt.timedelta(days=3), last_name="Vorher")
    next_week = _due(world, world.worker, dt.date(2026, 12, 2), last_name="Spaeter")
    client.force_login(world.worker)
    page = client.get(PLAN).content.decode()
    assert _overdue_cell(page, due_today.customer_number) == "0"
    assert _overdue_cell(page, three_days.customer_number) == "3"
    assert _overdue_cell(page, next_week.customer_number) == "0"


def test_plan_ticks_no_more_than_the_capacity_allows(client, world, today):
    """KON-05/06: with the seed numbers a full-time Basis case worker has a target of 25 and a
    derived capacity of 18.72; of 30 due customers 18 are ticked (it ticked all invitations,
    25 and more), the others are offered unticked."""
    for n in range(30):
        _due(world, world.worker, TODAY - dt.timedelta(days=n), last_name=f"Kunde{n:02d}")
    client.force_login(world.worker)
    page = client.get(PLAN).content.decode()
    assert "18,72" in page
    ticked = re.findall(r'name="customers" value="[^"]+" id="invite-[^"]+" checked', page)
    offered = re.findall(r'name="customers" value="[^"]+"', page)
    assert len(ticked) == 18
    assert len(offered) == 30


def test_capacity_proposed_is_within_target_and_derived():
    """KON-05: the proposal never passes the smaller of target and derived capacity, rounded
    down, nor the invitations."""
    rules = preset("contacts")
    assert isinstance(rules, ContactRules)
    basis = weekly_capacity(rules, 1, no_shows=1, shows=9)
    assert (basis.derived, basis.invitations, basis.proposed) == (18.72, 28, 18)
    active = weekly_capacity(rules, 1, active=True)
    assert (active.target, active.derived, active.proposed) == (25, 24.96, 24)
    part = weekly_capacity(rules, 0.5)
    assert (part.derived, part.proposed) == (9.36, 9)
    tiny = weekly_capacity(rules, 0.04)
    assert tiny.proposed <= tiny.derived


def test_contact_plan_api_reports_the_proposal(world, today):
    from tests.api.conftest import Api

    for n in range(30):
        _due(world, world.worker, TODAY - dt.timedelta(days=n))
    body = Api().get(
        "/orgs/jc-test/contact-plan", world.worker, case_worker="worker", week="2026-W49"
    )
    assert body.status_code == 200, body.content
    assert (body.json()["invitations"], body.json()["proposed"]) == (25, 18)


def test_weeks_read_kw_not_iso(client, world, today):
    """The plan and the week calendar name the week "KW 49", not "2026-W49"; a week of
    another year carries the year ("KW 1/2027")."""
    client.force_login(world.worker)
    for url in (PLAN, CALENDAR):
        page = client.get(url, {"week": "2026-W49"}).content.decode()
        heading = re.search(r"<h1>(.*?)</h1>", page, re.S)
        assert heading is not None
        assert "KW 49" in heading.group(1)
        assert "2026-W49" not in heading.group(1)
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        assert title is not None
        assert "2026-W49" not in title.group(1)
    page = client.get(PLAN, {"week": "2027-W01"}).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert heading is not None
    assert "KW 1/2027" in heading.group(1)


def _appointment(world) -> Appointment:
    customer = make_customer(world, contact_person=world.worker, first_name="Eva")
    return book(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        case_worker=world.worker,
        customer=customer,
        starts_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN),
    )


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_job_centre_invitation_carries_the_sgb_ii_notice(world, today, unoserver):
    """KON-06: a job centre's invitation carries the Rechtsfolgenbelehrung under § 59 SGB II
    with § 309 SGB III (reduction of Bürgergeld), in the .docx and in the PDF."""
    appointment = _appointment(world)
    assert legal_basis(world.org) == "SGB II"
    content = invitation_docx(appointment)
    for text in (_docx_text(content), _pdf_text(docx_to_pdf(content))):
        assert "Rechtsfolgenbelehrung" in text
        assert "§ 59" in text
        assert "§ 309" in text
        assert "Bürgergeld" in text
        assert "Sperrzeit" not in text
        assert "{%" not in text
        assert "{{" not in text
        assert "01.12.2026" in text


def test_agency_invitation_carries_the_sgb_iii_notice(world, today, unoserver):
    """KON-06: an employment agency invites under § 309 SGB III: the notice names the
    Sperrzeit of one week and not § 59 SGB II."""
    Organisation.objects.filter(pk=world.org.pk).update(kind=Organisation.Kind.AGENCY)
    world.org.refresh_from_db()
    appointment = _appointment(world)
    appointment.organisation.refresh_from_db()
    assert legal_basis(appointment.organisation) == "SGB III"
    text = _pdf_text(docx_to_pdf(invitation_docx(appointment)))
    assert "Rechtsfolgenbelehrung" in text
    assert "Sperrzeit" in text
    assert "§ 309" in text
    assert "§ 59" not in text
    assert "Bürgergeld" not in text


def test_invitation_kind_is_registered_with_its_template_in_contacts():
    """Issue 10: contact density registers its letter kind; the default ships in contacts and
    the build script re-makes it."""
    from anliegen.contacts.build_invitation import invitation
    from anliegen.letters.kinds import letter_kind
    from anliegen.letters.render import default_template

    spec = letter_kind("contact_invitation")
    assert spec is not None
    assert "contacts" in spec.default_template.parts
    assert default_template("contact_invitation") == spec.default_template.read_bytes()
    built = io.BytesIO()
    invitation().save(built)
    assert _docx_text(built.getvalue()) == _docx_text(spec.default_template.read_bytes())
    assert set(spec.sample_context()) >= set(spec.placeholders)


def test_dashboard_names_weeks_kw(client, world, today):
    """KON-08: the dashboard's weekly table and chart read "KW 47", not "2026-W47"; the API
    keeps the ISO week."""
    _due(world, world.worker, TODAY)
    client.force_login(world.tl)
    page = client.get("/o/jc-test/kontakte/uebersicht/").content.decode()
    assert "KW 47" in page
    assert not re.search(r"\d{4}-W\d{2}", page)


def test_confirm_names_every_bad_customer_at_once(world, today):
    """KON-06, bad input: an unknown number and a colleague's customer are named together;
    nothing is booked."""
    from anliegen.contacts.actions import confirm_plan
    from anliegen.core.errors import InvalidInput

    mine = _due(world, world.worker, TODAY)
    theirs = _due(world, world.worker2, TODAY)
    with pytest.raises(InvalidInput) as caught:
        confirm_plan(
            actor=world.worker,
            scope=scope_for(world.worker, world.org),
            case_worker=world.worker,
            monday=dt.date(2026, 11, 30),
            numbers=[mine.customer_number, "K-UNBEKANNT", theirs.customer_number],
        )
    message = caught.value.errors["customers"]
    assert "K-UNBEKANNT" in message
    assert theirs.customer_number in message
    assert not Appointment.objects.exists()
