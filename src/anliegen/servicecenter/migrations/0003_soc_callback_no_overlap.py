"""SOC-05: on PostgreSQL the database itself refuses two active callbacks of one service place
whose time ranges overlap (``btree_gist`` exclusion constraint over the place and the half-open
range ``[starts_at, ends_at)``, for every state that holds the time: booked and being
rescheduled). SQLite has no exclusion constraints; there the booking actions serialise writes."""

from django.db import migrations

CONSTRAINT = "soc_callback_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        "ALTER TABLE servicecenter_callback ADD CONSTRAINT "
        f"{CONSTRAINT} EXCLUDE USING gist "
        "(place_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        "WHERE (status IN ('booked', 'rescheduling'))"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE servicecenter_callback DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("servicecenter", "0002_soc_callback_places_bookings")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
