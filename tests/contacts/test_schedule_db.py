"""The stored next contact (KON-01, KON-02, KON-03) on top of the pure engine: recomputed by the
customer write paths, by the periodic job and after rule changes; the profile-Z review follow-up;
the individual interval."""

import datetime as dt

import pytest

from anliegen.audit.models import AuditEntry
from anliegen.contacts.actions import REVIEW_CODE, recompute_all, recompute_for
from anliegen.contacts.actions import set_individual_interval as set_interval
from anliegen.contacts.models import ContactSchedule
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.core.periodic import run_due_jobs
from anliegen.customers.actions import CustomerData, add_note, create_customer, update_customer
from anliegen.customers.models import Customer
from anliegen.org.scope import scope_for
from anliegen.rules.actions import create_rule_version
from anliegen.rules.queries import preset, rule_set_in_force
from anliegen.work.models import WorkItem
from tests.factories import make_customer


def _data(**overrides: object) -> CustomerData:
    values: dict[str, object] = {
        "customer_number": "K-1",
        "first_name": "Erika",
        "last_name": "Mustermann",
        "birth_date": dt.date(1980, 5, 17),
        "status": "unemployed",
        "profile": "market",
        "care_group": "ue25_basis",
        "contact_person": "worker",
    }
    values.update(overrides)
    return CustomerData(**values)  # type: ignore[arg-type]


def _current(customer: Customer, **overrides: object) -> CustomerData:
    customer.refresh_from_db()
    data = _data(
        customer_number=customer.customer_number,
        first_name=customer.first_name,
        last_name=customer.last_name,
        birth_date=customer.birth_date,
        status=customer.status,
        profile=customer.profile,
        care_group=customer.care_group,
        parental_leave_until=customer.parental_leave_until,
        measure_until=customer.measure_until,
        contact_person=customer.contact_person.username if customer.contact_person else None,
    )
    for name, value in overrides.items():
        setattr(data, name, value)
    return data


def _schedule(customer: Customer) -> ContactSchedule:
    return ContactSchedule.objects.get(customer=customer)


def _consult(world, customer, day: dt.date) -> None:
    add_note(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        customer=customer,
        kind="consultation",
        text="Beratung",
        contact_date=day,
    )


def _reviews(customer: Customer):
    return WorkItem.objects.filter(customer=customer, deadlines__code=REVIEW_CODE)


def test_create_update_and_consultation_recompute(world, travel):
    """KON-02: never contacted → due now; a consultation note starts the interval; a change of
    status recomputes."""
    travel("2026-11-02 10:00")
    scope = scope_for(world.worker, world.org)
    customer = create_customer(actor=world.worker, scope=scope, data=_data())
    schedule = _schedule(customer)
    assert (schedule.due_date, schedule.reason) == (dt.date(2026, 11, 2), "never_contacted")
    assert schedule.contact_person == world.worker
    assert schedule.organisation == world.org
    assert schedule.rule_set == rule_set_in_force(world.org, "contacts")

    _consult(world, customer, dt.date(2026, 10, 30))
    schedule = _schedule(customer)
    assert schedule.last_contact == dt.date(2026, 10, 30)
    # 46 years, unemployed, Ü25 Basis: 3 months (§188 BGB month arithmetic).
    assert (schedule.due_date, schedule.reason) == (dt.date(2027, 1, 30), "rule")
    assert (schedule.interval_unit, schedule.interval_count) == ("months", 3)
    assert "41–55" in schedule.rule_label

    update_customer(
        actor=world.worker,
        scope=scope,
        customer=customer,
        data=_current(customer, status="seeking"),
    )
    schedule = _schedule(customer)
    assert (schedule.due_date, schedule.reason) == (dt.date(2027, 4, 30), "individual_capped")


def test_plain_note_does_not_count_as_contact(world, customer, travel):
    """KON-07: only consultation (and contact) entries are contacts."""
    travel("2026-11-02 10:00")
    add_note(
        actor=world.worker,
        scope=scope_for(world.worker, world.org),
        customer=customer,
        kind="note",
        text="Anruf",
    )
    schedule = recompute_for(customer)
    assert schedule is not None
    assert schedule.last_contact is None
    assert schedule.reason == "never_contacted"


def test_employers_have_no_schedule(world):
    """Contact density applies to jobseekers only."""
    employer = make_customer(world, kind="employer", company_name="Firma", birth_date=None)
    assert recompute_for(employer) is None
    assert not ContactSchedule.objects.filter(customer=employer).exists()


def test_periodic_job_moves_to_the_next_age_band_on_the_41st_birthday(world, travel):
    """KON-01/KON-02: 2 months up to 40, 3 months from the 41st birthday — recomputed by the
    periodic job on that day without any data change."""
    travel("2026-11-02 10:00")
    scope = scope_for(world.worker, world.org)
    customer = create_customer(
        actor=world.worker, scope=scope, data=_data(birth_date=dt.date(1986, 1, 10))
    )
    _consult(world, customer, dt.date(2026, 11, 2))
    schedule = _schedule(customer)
    assert schedule.due_date == dt.date(2027, 1, 2)
    assert schedule.recompute_on == dt.date(2027, 1, 10)

    travel("2027-01-09 12:00")
    assert (
        run_due_jobs(only="contacts.recompute_due", force=True)["contacts.recompute_due"][
            "customers"
        ]
        == 0
    )
    travel("2027-01-10 06:00")
    result = run_due_jobs(only="contacts.recompute_due", force=True)
    assert result["contacts.recompute_due"]["customers"] == 1
    schedule = _schedule(customer)
    assert schedule.due_date == dt.date(2027, 2, 2)
    assert schedule.recompute_on == dt.date(2042, 1, 10)  # 56th birthday


def test_rule_version_change_recomputes_the_organisation(world, other, travel):
    """KON-02: a new `contacts` version in force recomputes every schedule of that organisation
    (and only of that one)."""
    travel("2026-11-02 10:00")
    mine = make_customer(world, contact_person=world.worker)
    theirs = make_customer(other, contact_person=other.worker)
    recompute_all(today=dt.date(2026, 11, 2))
    _consult(world, mine, dt.date(2026, 11, 2))
    assert _schedule(mine).due_date == dt.date(2027, 2, 2)
    data = preset("contacts").model_dump(mode="json")
    for row in data["rows"]:
        if row["label"].startswith("Ü25 Basis, arbeitslos, 41–55"):
            row["interval"] = {"unit": "months", "count": 1}
    version = create_rule_version(
        actor=world.admin,
        scope=None,
        organisation=world.org,
        key="contacts",
        data=data,
        valid_from=dt.date(2026, 12, 1),
    )
    run_due_jobs(only="contacts.recompute_due", force=True)
    assert _schedule(mine).due_date == dt.date(2027, 2, 2)  # not in force yet
    travel("2026-12-01 06:00")
    result = run_due_jobs(only="contacts.recompute_due", force=True)["contacts.recompute_due"]
    assert result["organisations"] == 1
    schedule = _schedule(mine)
    assert (schedule.due_date, schedule.rule_set) == (dt.date(2026, 12, 2), version)
    assert _schedule(theirs).rule_set == rule_set_in_force(other.org, "contacts")
    # Nothing changed since: the next run recomputes nothing.
    result = run_due_jobs(only="contacts.recompute_due", force=True)["contacts.recompute_due"]
    assert result == {"organisations": 0, "customers": 0, "reviews": 0}


def test_profile_z_review_follow_up_created_moved_cancelled(world, travel):
    """KON-03: profile Z is reviewed 6 months after assignment, or 3 months before parental
    leave ends if that is earlier; the follow-up is created, moved and cancelled by itself."""
    travel("2026-11-02 10:00")
    scope = scope_for(world.worker, world.org)
    customer = create_customer(actor=world.worker, scope=scope, data=_data(profile="z"))
    (item,) = _reviews(customer)
    assert item.assignee == world.worker
    assert item.status == "open"
    assert item.kind == "follow_up"
    assert item.visible_from == dt.date(2027, 5, 2)
    assert item.due_date == dt.date(2027, 5, 2)
    assert _schedule(customer).review_date == dt.date(2027, 5, 2)

    travel("2026-11-10 10:00")
    update_customer(
        actor=world.worker,
        scope=scope,
        customer=customer,
        data=_current(customer, parental_leave_until=dt.date(2027, 6, 30)),
    )
    (moved,) = _reviews(customer)
    assert moved.id == item.id
    assert (moved.due_date, moved.visible_from) == (dt.date(2027, 3, 30), dt.date(2027, 3, 30))
    assert moved.deadlines.get(code=REVIEW_CODE).due_date == dt.date(2027, 3, 30)

    # Recomputing without a change leaves the one item alone.
    recompute_for(customer)
    assert _reviews(customer).count() == 1

    update_customer(
        actor=world.worker,
        scope=scope,
        customer=customer,
        data=_current(customer, profile="market"),
    )
    (cancelled,) = _reviews(customer)
    assert cancelled.status == "cancelled"
    assert _schedule(customer).review_date is None
    assert AuditEntry.objects.filter(action="work.cancelled", object_id=str(item.id)).exists()

    # Z again: a new review follow-up from the new assignment date.
    update_customer(
        actor=world.worker, scope=scope, customer=customer, data=_current(customer, profile="z")
    )
    assert _reviews(customer).filter(status="open").get().visible_from == dt.date(2027, 3, 30)


def test_profile_z_without_contact_person_gets_no_follow_up(world, travel):
    """KON-03: the follow-up belongs to the contact person; without one there is none yet."""
    travel("2026-11-02 10:00")
    scope = scope_for(world.worker, world.org)
    customer = create_customer(
        actor=world.worker, scope=scope, data=_data(profile="z", contact_person=None)
    )
    assert not _reviews(customer).exists()
    assert _schedule(customer).review_date == dt.date(2027, 5, 2)
    update_customer(
        actor=world.worker,
        scope=scope,
        customer=customer,
        data=_current(customer, contact_person="worker2"),
    )
    assert _reviews(customer).get().assignee == world.worker2
    # A new contact person takes the open review over.
    update_customer(
        actor=world.worker,
        scope=scope,
        customer=customer,
        data=_current(customer, contact_person="worker"),
    )
    assert _reviews(customer).get().assignee == world.worker
    assert AuditEntry.objects.filter(action="work.reassigned").count() == 1


def test_individual_interval_is_set_and_audited(world, travel):
    """KON-01: the case worker's individual interval for a seeking customer."""
    travel("2026-11-02 10:00")
    scope = scope_for(world.worker, world.org)
    customer = create_customer(actor=world.worker, scope=scope, data=_data(status="seeking"))
    _consult(world, customer, dt.date(2026, 11, 2))
    schedule = set_interval(
        actor=world.worker, scope=scope, customer=customer, unit="weeks", count=8
    )
    assert (schedule.due_date, schedule.reason) == (dt.date(2026, 12, 28), "individual")
    assert (schedule.individual_interval_unit, schedule.individual_interval_count) == ("weeks", 8)
    entry = AuditEntry.objects.get(action="contacts.interval_set")
    assert entry.new == {"unit": "weeks", "count": 8}
    # Later recomputations keep it.
    _consult(world, customer, dt.date(2026, 11, 2))
    assert _schedule(customer).due_date == dt.date(2026, 12, 28)
    # Cleared: back to the 6-month cap.
    schedule = set_interval(
        actor=world.worker, scope=scope, customer=customer, unit=None, count=None
    )
    assert (schedule.due_date, schedule.reason) == (dt.date(2027, 5, 2), "individual_capped")


@pytest.mark.parametrize(
    ("status", "care_group", "unit", "count", "fragment"),
    [
        ("seeking", "ue25_basis", "months", 7, "höchstens 6 Monate"),
        ("seeking", "ue25_basis", "weeks", 27, "höchstens 6 Monate"),
        ("unemployed", "case_management", "months", 25, "höchstens 24 Monate"),
        ("unemployed", "case_management", "weeks", 900, "höchstens 24 Monate"),
        ("unemployed", "case_management", "days", 3, "Wochen oder Monaten"),
        ("unemployed", "case_management", "weeks", 0, "mindestens 1"),
    ],
)
def test_individual_interval_above_the_cap_is_rejected(
    world, travel, status, care_group, unit, count, fragment
):
    """KON-01: at most 6 months for seeking customers, 24 otherwise; nothing is changed."""
    travel("2026-11-02 10:00")
    scope = scope_for(world.worker, world.org)
    customer = create_customer(
        actor=world.worker, scope=scope, data=_data(status=status, care_group=care_group)
    )
    before = ContactSchedule.objects.values().get(customer=customer)
    audits = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as caught:
        set_interval(actor=world.worker, scope=scope, customer=customer, unit=unit, count=count)
    assert fragment in caught.value.errors["individual_interval"]
    assert fragment in caught.value.message
    assert ContactSchedule.objects.values().get(customer=customer) == before
    assert AuditEntry.objects.count() == audits


def test_individual_interval_for_case_management_may_be_long(world, travel):
    """KON-01: FM, Reha and Selbständige: any interval up to 24 months."""
    travel("2026-11-02 10:00")
    scope = scope_for(world.worker, world.org)
    customer = create_customer(
        actor=world.worker, scope=scope, data=_data(care_group="case_management")
    )
    _consult(world, customer, dt.date(2026, 11, 2))
    assert _schedule(customer).rule_label == "individuell – Intervall bitte festlegen"
    schedule = set_interval(
        actor=world.worker, scope=scope, customer=customer, unit="months", count=12
    )
    assert (schedule.due_date, schedule.reason) == (dt.date(2027, 11, 2), "individual")


def test_provider_may_not_set_an_interval(world, customer):
    """Providers have no customer data (FND-03)."""
    with pytest.raises(Forbidden):
        set_interval(
            actor=world.provider,
            scope=scope_for(world.provider, world.org),
            customer=customer,
            unit="months",
            count=2,
        )


def test_recompute_all_in_batches_equals_one_by_one(world, other, travel):
    """KON-02: the batch path gives the same schedules as recompute_for."""
    travel("2026-11-02 10:00")
    customers = [
        make_customer(world, contact_person=world.worker, birth_date=dt.date(1990, 1, 1)),
        make_customer(world, status="seeking", birth_date=dt.date(1960, 3, 1)),
        make_customer(
            world, profile="z", profile_since=dt.date(2026, 9, 1), contact_person=world.worker2
        ),
        make_customer(other, care_group="u25", birth_date=dt.date(2004, 2, 29)),
        make_customer(world, measure_until=dt.date(2027, 3, 31)),
    ]
    for customer in customers[:2]:
        _consult(world, customer, dt.date(2026, 10, 1))
    result = recompute_all(batch=2)
    assert result.customers == 5
    assert result.reviews == 1  # the Z customer's follow-up
    batch = {
        s.customer_id: (s.due_date, s.reason, s.recompute_on, s.review_date)
        for s in ContactSchedule.objects.all()
    }
    assert len(batch) == 5
    for customer in customers:
        one = recompute_for(customer)
        assert one is not None
        assert batch[customer.id] == (one.due_date, one.reason, one.recompute_on, one.review_date)
    assert recompute_all(world.org).as_dict() == {
        "customers": 4,
        "created": 0,
        "updated": 4,
        "reviews": 0,
    }
    assert _reviews(customers[2]).count() == 1


def test_periodic_job_fills_missing_schedules(world, travel):
    """Customers created before the schedule existed get one from the periodic job."""
    travel("2026-11-02 10:00")
    customer = make_customer(world)
    run_due_jobs(only="contacts.recompute_due", force=True)
    assert _schedule(customer).reason == "never_contacted"
