"""FND-13/KON-05: the Lichtenberg demo gets held, missed and booked appointments, and the
measured no-show rate of its case workers reflects them; other organisations get none."""

from anliegen.appointments.models import Appointment
from anliegen.contacts.queries import no_show_counts
from anliegen.customers.models import HistoryEntry
from anliegen.demo.appointments import add_demo_appointments
from tests.factories import build_org, make_customer


def test_lichtenberg_demo_appointments(db, travel):
    travel("2026-11-25 10:00")
    world = build_org("jc-berlin-lichtenberg")
    for _n in range(6):
        make_customer(world, contact_person=world.worker)
    history: list[HistoryEntry] = []
    count = add_demo_appointments(world.org, history)
    HistoryEntry.objects.bulk_create(history)
    assert count == Appointment.objects.count() > 0
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert {"held", "booked"} <= statuses
    no_shows, shows = no_show_counts(world.org.id, world.worker)
    assert no_shows == Appointment.objects.filter(status="no_show").count()
    assert shows == Appointment.objects.filter(status="held").count()
    assert not Appointment.objects.filter(
        status="booked", starts_at__lt="2026-11-25T09:00Z"
    ).exists()


def test_other_organisations_get_none(world):
    make_customer(world, contact_person=world.worker)
    assert add_demo_appointments(world.org, []) == 0
