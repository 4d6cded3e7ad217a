"""Demo appointments of Jobcenter Berlin Lichtenberg (KON-06): held and missed consultations
of the last weeks and a few booked ones this week, so that the measured no-show rate and the
weekly plan of e.g. ``av.lichtenberg`` look real."""

from __future__ import annotations

import datetime as dt
import random

from anliegen.appointments.models import Appointment
from anliegen.appointments.slots import candidate_slots, opening_hours, site_of
from anliegen.core import clock
from anliegen.customers.models import Customer, HistoryEntry
from anliegen.org.models import Organisation, User
from anliegen.work.calendars import calendar_for

from . import texts

SLUG = "jc-berlin-lichtenberg"
PAST_WEEKS = 4
PER_WEEK = 3
NO_SHOW_SHARE = 0.2


def add_demo_appointments(organisation: Organisation, history: list[HistoryEntry]) -> int:
    """Book the demo appointments; their history entries are appended to ``history`` (bulk
    written by the loader). Returns the number of appointments; other organisations get none."""
    if organisation.slug != SLUG:
        return 0
    rng = random.Random(f"appointments:{organisation.slug}")
    now = clock.now()
    this_monday = clock.today() - dt.timedelta(days=clock.today().weekday())
    calendar, _rules = calendar_for(organisation, on=this_monday)
    by_worker: dict[int, list[Customer]] = {}
    for customer in Customer.objects.filter(
        organisation=organisation, contact_person__isnull=False, kind=Customer.Kind.PERSON
    ).order_by("id"):
        assert customer.contact_person_id is not None
        by_worker.setdefault(customer.contact_person_id, []).append(customer)
    appointments: list[Appointment] = []
    for worker in User.objects.filter(pk__in=by_worker).order_by("id"):
        site = site_of(worker, organisation)
        hours = opening_hours(site)
        customers = by_worker[worker.pk]
        for back in range(PAST_WEEKS, -1, -1):
            monday = this_monday - dt.timedelta(weeks=back)
            days = [monday + dt.timedelta(days=n) for n in range(5)]
            slots = candidate_slots(hours, [d for d in days if calendar.is_working_day(d)], 60)
            if back == 0:
                slots = [s for s in slots if s.starts_at > now]
            chosen = sorted(rng.sample(slots, min(PER_WEEK, len(slots))), key=lambda s: s.starts_at)
            for slot in chosen:
                customer = rng.choice(customers)
                if slot.starts_at > now:
                    status = Appointment.Status.BOOKED
                elif rng.random() < NO_SHOW_SHARE:
                    status = Appointment.Status.NO_SHOW
                else:
                    status = Appointment.Status.HELD
                appointments.append(
                    Appointment(
                        organisation=organisation,
                        site=site,
                        case_worker=worker,
                        customer=customer,
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        status=status,
                        source=Appointment.Source.WEEKLY_PLAN,
                        created_by=worker,
                        outcome_at=slot.ends_at if status != Appointment.Status.BOOKED else None,
                    )
                )
                if status == Appointment.Status.BOOKED:
                    continue
                held = status == Appointment.Status.HELD
                kind = HistoryEntry.Kind.CONSULTATION if held else HistoryEntry.Kind.NO_SHOW
                history.append(
                    HistoryEntry(
                        organisation=organisation,
                        customer=customer,
                        kind=kind,
                        at=slot.ends_at,
                        author_id=worker.pk,
                        text=rng.choice(texts.CONSULTATIONS if held else texts.NO_SHOWS),
                        contact_date=slot.starts_at.date() if held else None,
                    )
                )
    Appointment.objects.bulk_create(appointments, batch_size=500, ignore_conflicts=False)
    return len(appointments)
