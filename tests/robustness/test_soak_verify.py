"""The soak's checks (issue 14, ``tools/soak/verify.py``) find what they are there to find."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.core.mail import get_connection, send_mail
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "soak"))

import verify

from anliegen.work.models import Notification

LONG_TITLE = "Anliegen (Leistung): eine Kundin mit einem sehr langen Namen, der umbrochen wird"


def _mail(directory: Path, to: str, subject: str) -> None:
    connection = get_connection(
        "django.core.mail.backends.filebased.EmailBackend", file_path=directory
    )
    send_mail(subject, "Text", "anliegen@localhost", [to], connection=connection)


@pytest.mark.django_db
def test_mailbox_counts_every_notification_once(world, tmp_path, monkeypatch):
    monkeypatch.setattr(verify, "MAIL", tmp_path)
    since = timezone.now()
    first, second = (
        Notification.objects.create(
            organisation=world.org,
            user=world.worker,
            kind=Notification.Kind.ITEM_ASSIGNED,
            params={"title": f"{LONG_TITLE} {n}"},
            emailed_at=timezone.now(),
        )
        for n in (1, 2)
    )
    subject = "[anliegen] Neu in Ihrem Postkorb: {}"
    _mail(tmp_path, world.worker.email, subject.format(first.params["title"]))
    _mail(tmp_path, world.worker.email, subject.format(second.params["title"]))

    found = verify.check_mail(since)
    assert (found["notifications"], found["messages_sent"]) == (2, 2)
    assert (found["duplicated"], found["lost"]) == (0, 0)

    _mail(tmp_path, world.worker.email, subject.format(first.params["title"]))  # sent twice
    Notification.objects.create(  # never sent
        organisation=world.org,
        user=world.worker,
        kind=Notification.Kind.ITEM_ASSIGNED,
        params={"title": "Bescheid prüfen"},
    )
    found = verify.check_mail(since)
    assert (found["duplicated"], found["lost"]) == (1, 1)
    assert len(found["not_emailed"]) == 1


def _request(t: float, status: int, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {"t": t, "ms": 100.0, "name": "GET worklist", "status": status}
    row |= {"attempt": 0, "server": "http://a", "idempotent": True, "refused": False}
    return row | extra


def test_fault_costs_count_errors_retries_and_writes_of_unknown_outcome():
    faults = [
        {"t": 0.0, "event": "start"},
        {"t": 10.0, "event": "restart_postgresql"},
        {"t": 20.0, "event": "stop_server"},
        {"t": 30.0, "event": "start_server"},
        {"t": 40.0, "event": "load_finished"},
    ]
    requests = [
        _request(1.0, 200),
        _request(11.0, 500),
        _request(14.0, 500, name="POST notes", idempotent=False),
        _request(14.5, 200, attempt=1),
        _request(21.0, 0, refused=True),
        _request(21.5, 200, attempt=1, server="http://b"),
        _request(22.0, 0, name="POST notes", idempotent=False, error="ReadTimeout"),
        _request(35.0, 201, server="http://b"),
    ]
    figures = verify.load_figures(requests, faults)
    restart = figures["faults"]["restart_postgresql"]
    assert (restart["errors"], restart["retries"], restart["seconds_of_errors"]) == (2, 1, 3.0)
    stop = figures["faults"]["stop_server"]
    assert (stop["errors"], stop["retries"]) == (2, 1)
    assert stop["errors_by_status"] == {"0": 2}
    assert figures["faults"]["before_first_fault"] == {"requests": 1, "errors": 0}
    # The refused request was never delivered; the 500 and the timeout of a note were.
    assert figures["unknown_outcome_writes"] == {"POST notes": 2}
    assert figures["by_status"] == {"0": 2, "200": 3, "201": 1, "500": 2}
