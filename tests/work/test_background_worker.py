"""Background jobs (NFR-03): the notification e-mail is a task in the database queue that
survives until a worker runs it; the real django-tasks-db backend and worker command."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from anliegen.core import clock
from anliegen.work.actions import DeadlineSpec, create_item
from anliegen.work.models import Notification


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_notification_email_waits_in_the_queue_until_the_worker_runs(
    world, customer, database_tasks
):
    create_item(
        actor=world.tl,
        organisation=world.org,
        kind="ticket",
        title="Bescheid prüfen",
        customer=customer,
        team=world.team,
        assignee=world.worker,
        deadlines=[DeadlineSpec("main", clock.today() + dt.timedelta(days=5))],
    )
    notification = Notification.objects.get(user=world.worker)
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # enqueued after commit
    assert notification.emailed_at is None
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[world.worker.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
