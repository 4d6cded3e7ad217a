"""Check a soak run and report its figures (``make soak``, issue 14).

Reads ``$SOAK_OUT`` (acknowledgements, request log, fault timeline, the mailbox) and the
database, with ``DJANGO_SETTINGS_MODULE=soak_settings``. Checks:

1. every acknowledged write is in the database, exactly once;
2. every notification created during the run was e-mailed exactly once (the file mailbox holds
   one message per notification: recipient and subject identify it);
3. the app servers reconnected by themselves (``probe`` in ``faults.jsonl``, and requests
   succeeded on every server after the last fault);
4. no slot is double-booked: no two active appointments of one case worker overlap, and no two
   active callbacks of one service place.

Writes ``report.json`` and ``report.md`` to ``$SOAK_OUT``; exits 1 if a check fails.
"""

from __future__ import annotations

import collections
import datetime as dt
import email
import json
import os
import re
import sys
from collections import Counter
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import django

OUT = Path(os.environ.get("SOAK_OUT", "var/soak")).resolve()
MAIL = Path(os.environ.get("SOAK_MAIL_DIR", OUT / "mail"))
FAULTS = ("kill_worker", "restart_postgresql", "stop_server")
ERROR = {0, 500, 502, 503, 504}


def jsonl(pattern: str) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(OUT.glob(pattern)):
        rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return rows


def check_acks(acks: list[dict[str, Any]]) -> dict[str, Any]:
    from anliegen.appointments.models import Appointment
    from anliegen.customers.models import HistoryEntry
    from anliegen.reactions.models import Reaction
    from anliegen.tickets.models import Commitment, Completion, Ticket

    def count(kind: str, ack: dict[str, Any]) -> int:
        if kind == "ticket":
            return Ticket.objects.filter(id=ack["id"], concern=ack["concern"]).count()
        if kind == "commitment":
            return Commitment.objects.filter(ticket_id=ack["ticket"], note=ack["note"]).count()
        if kind == "completion":
            return Completion.objects.filter(
                ticket_id=ack["ticket"], resolution=ack["resolution"]
            ).count()
        if kind == "reaction":
            return Reaction.objects.filter(id=ack["id"], text=ack["text"]).count()
        if kind == "note":
            return HistoryEntry.objects.filter(id=ack["id"], text=ack["text"]).count()
        if kind == "appointment":
            return Appointment.objects.filter(id=ack["id"]).count()
        if kind == "appointment_cancel":
            return Appointment.objects.filter(id=ack["id"], status="cancelled").count()
        if kind == "callback":
            from anliegen.servicecenter.callbacks.models import Callback

            return Callback.objects.filter(id=ack["id"]).count()
        if kind == "callback_cancel":
            from anliegen.servicecenter.callbacks.models import Callback

            return Callback.objects.filter(id=ack["id"], status="cancelled").count()
        raise ValueError(kind)

    by_kind: dict[str, dict[str, int]] = collections.defaultdict(
        lambda: {"acknowledged": 0, "found": 0, "missing": 0}
    )
    missing = []
    for ack in acks:
        row = by_kind[ack["kind"]]
        row["acknowledged"] += 1
        if count(ack["kind"], ack) == 1:
            row["found"] += 1
        else:
            row["missing"] += 1
            missing.append(ack)
    # Nothing doubled: a retried create must not leave a second row with the same text.
    doubled = {
        "tickets": _doubles(Ticket.objects.filter(concern__startswith="Soak "), "concern"),
        "notes": _doubles(HistoryEntry.objects.filter(text__startswith="Soak-Vermerk"), "text"),
        "reactions": _doubles(Reaction.objects.filter(text__startswith="Soak-Kritik"), "text"),
        "commitments": _doubles(Commitment.objects.filter(note__startswith="Soak-"), "note"),
    }
    return {"by_kind": dict(by_kind), "missing": missing[:50], "doubled": doubled}


def _doubles(queryset: Any, field: str) -> int:
    from django.db.models import Count

    return int(queryset.values(field).annotate(n=Count("id")).filter(n__gt=1).count())


def read_mailbox() -> collections.Counter[tuple[str, str]]:
    """(recipient, subject) of every message the file backend wrote."""
    sent: collections.Counter[tuple[str, str]] = collections.Counter()
    if not MAIL.exists():
        return sent
    separator = b"\n" + b"-" * 79 + b"\n"
    for path in MAIL.iterdir():
        for chunk in path.read_bytes().split(separator):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            subject = str(make_header(decode_header(message["Subject"] or "")))
            subject = re.sub(r"\r?\n([ \t])", r"\1", subject)  # unfold long headers
            for recipient in (message["To"] or "").split(","):
                sent[(recipient.strip(), subject)] += 1
    return sent


def check_mail(since: dt.datetime) -> dict[str, Any]:
    from django.conf import settings
    from django.utils import translation
    from django_tasks_db.models import DBTaskResult

    from anliegen.work.messages import notification_text
    from anliegen.work.models import Notification

    sent = read_mailbox()
    expected: collections.Counter[tuple[str, str]] = collections.Counter()
    notifications = Notification.objects.filter(created_at__gte=since).select_related("user")
    not_emailed = []
    with translation.override(settings.LANGUAGE_CODE):
        for notification in notifications:
            if not notification.user.email:
                continue
            expected[
                (notification.user.email, f"[anliegen] {notification_text(notification)}")
            ] += 1
            if notification.emailed_at is None:
                not_emailed.append(notification.id)
    keys = set(sent) | set(expected)
    duplicated = sum(max(0, sent[k] - expected[k]) for k in keys)
    lost = sum(max(0, expected[k] - sent[k]) for k in keys)
    stranded = DBTaskResult.objects.filter(status="RUNNING").count()
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    return {
        "notifications": sum(expected.values()),
        "messages_sent": sum(sent.values()),
        "duplicated": duplicated,
        "lost": lost,
        "not_emailed": not_emailed[:50],
        "tasks_running_after_drain": stranded,
        "tasks_failed": failed,
    }


def check_bookings() -> dict[str, int | None]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM appointments_appointment a JOIN appointments_appointment b "
            "ON a.case_worker_id = b.case_worker_id AND a.id < b.id "
            "AND a.status <> 'cancelled' AND b.status <> 'cancelled' "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
        )
        appointments = cursor.fetchone()[0]
        callbacks = None
        if "servicecenter_callback" in connection.introspection.table_names(cursor):
            cursor.execute(
                "SELECT count(*) FROM servicecenter_callback a JOIN servicecenter_callback b "
                "ON a.place_id = b.place_id AND a.id < b.id "
                "AND a.status IN ('booked', 'rescheduling') "
                "AND b.status IN ('booked', 'rescheduling') "
                "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
            )
            callbacks = cursor.fetchone()[0]
    return {"appointments_overlapping": appointments, "callbacks_overlapping": callbacks}


def load_figures(requests: list[dict[str, Any]], faults: list[dict[str, Any]]) -> dict[str, Any]:
    start = next(f["t"] for f in faults if f["event"] == "start")
    end = next(f["t"] for f in faults if f["event"] == "load_finished")
    statuses = collections.Counter(str(r["status"]) for r in requests)
    errors_by_name: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    for r in requests:
        if r["status"] in ERROR or r["status"] >= 400:
            errors_by_name[r["name"]][str(r["status"])] += 1
    logical = [r for r in requests if r["attempt"] == 0]
    latencies = sorted(r["ms"] for r in requests if 200 <= r["status"] < 300)

    def pct(p: float) -> float | None:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else None

    # What each fault cost: the requests answered (or failed) from the fault until the next
    # event of the timeline. A request counts when its answer came, not when it was sent.
    for r in requests:
        r["end"] = r["t"] + r["ms"] / 1000
    marks = sorted(
        (f["t"], f["event"])
        for f in faults
        if f["event"] in FAULTS or f["event"] in ("start_worker", "start_server", "load_finished")
    )
    costs = {}
    for index, (t, event) in enumerate(marks):
        if event not in FAULTS:
            continue
        until = marks[index + 1][0] if index + 1 < len(marks) else end
        window = [r for r in requests if t <= r["end"] < until]
        failed = sorted(r["end"] for r in window if r["status"] in ERROR)
        costs[event] = {
            "at_s": round(t - start, 1),
            "window_s": round(until - t, 1),
            "requests": len(window),
            "errors": len(failed),
            "errors_by_status": dict(
                collections.Counter(str(r["status"]) for r in window if r["status"] in ERROR)
            ),
            "seconds_of_errors": round(failed[-1] - failed[0], 1) if failed else 0.0,
            "first_error_after_s": round(failed[0] - t, 1) if failed else None,
            "retries": sum(1 for r in window if r["attempt"] > 0),
        }
    quiet = [r for r in requests if r["end"] < (marks[0][0] if marks else end)]
    costs["before_first_fault"] = {
        "requests": len(quiet),
        "errors": sum(1 for r in quiet if r["status"] in ERROR),
    }
    # After the last fault, every server answered again.
    last_fault = max((t for t, e in marks if e != "load_finished"), default=start)
    after = [r for r in requests if r["t"] > last_fault + 5]
    per_server = collections.defaultdict(collections.Counter)
    for r in after:
        per_server[r["server"]]["ok" if 200 <= r["status"] < 300 else str(r["status"])] += 1
    # Writes whose outcome the client cannot know: sent, then no answer (reset, timeout) or a
    # 5xx, and not safe to repeat (no Idempotency-Key). They are not acknowledged.
    unknown = Counter(
        r["name"]
        for r in requests
        if not r.get("idempotent", True)
        and (r["status"] >= 500 or (r["status"] == 0 and not r.get("refused")))
    )
    return {
        "unknown_outcome_writes": dict(unknown),
        "duration_s": round(end - start, 1),
        "requests": len(requests),
        "logical_requests": len(logical),
        "requests_per_second": round(len(requests) / (end - start), 1),
        "by_status": dict(sorted(statuses.items())),
        "errors_by_endpoint": {k: dict(v) for k, v in sorted(errors_by_name.items())},
        "retries": sum(1 for r in requests if r["attempt"] > 0),
        "latency_ms": {"p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99)},
        "faults": costs,
        "after_last_fault_by_server": {k: dict(v) for k, v in per_server.items()},
    }


def main() -> int:
    django.setup()
    faults = jsonl("faults.jsonl")
    requests = jsonl("requests-*.jsonl")
    acks = jsonl("acks-*.jsonl")
    start = next(f["t"] for f in faults if f["event"] == "start")
    since = dt.datetime.fromtimestamp(start - 1, tz=dt.UTC)
    probe = next((f["results"] for f in faults if f["event"] == "probe"), {})
    report = {
        "load": load_figures(requests, faults),
        "acks": check_acks(acks),
        "mail": check_mail(since),
        "bookings": check_bookings(),
        "probe": probe,
        "timeline": [
            {"at_s": round(f["t"] - start, 1), **{k: v for k, v in f.items() if k != "t"}}
            for f in faults
        ],
    }
    problems = []
    if any(row["missing"] for row in report["acks"]["by_kind"].values()):
        problems.append("acknowledged writes missing")
    if any(report["acks"]["doubled"].values()):
        problems.append("writes doubled")
    if report["mail"]["duplicated"] or report["mail"]["lost"]:
        problems.append("notification e-mails duplicated or lost")
    if any(report["bookings"].values()):
        problems.append("double bookings")
    if any(any(code != 200 for code in codes) for codes in probe.values()) or not probe:
        problems.append("an app server did not answer after the faults")
    report["problems"] = problems
    (OUT / "report.json").write_text(json.dumps(report, indent=1, default=str))
    (OUT / "report.md").write_text(markdown(report))
    print(markdown(report))
    return 1 if problems else 0


def markdown(report: dict[str, Any]) -> str:
    load = report["load"]
    lines = [
        f"Load: {load['duration_s']} s, {load['requests']:,} HTTP requests "
        f"({load['requests_per_second']}/s), {load['retries']} retries; latency of successful "
        f"requests p50/p95/p99 {load['latency_ms']['p50']}/{load['latency_ms']['p95']}/"
        f"{load['latency_ms']['p99']} ms.",
        "",
        "Status codes: "
        + ", ".join(f"{k}: {v:,}" for k, v in load["by_status"].items())
        + " (0 = no answer: connection refused or reset).",
        "",
        "| fault | at | window | requests | errors (by status) | seconds of errors | retries |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, cost in load["faults"].items():
        if name == "before_first_fault":
            continue
        lines.append(
            f"| {name} | {cost['at_s']} s | {cost['window_s']} s | {cost['requests']} | "
            f"{cost['errors']} {cost['errors_by_status'] or ''} | {cost['seconds_of_errors']} | "
            f"{cost['retries']} |"
        )
    quiet = load["faults"]["before_first_fault"]
    lines += [
        "",
        f"Before the first fault: {quiet['requests']} requests, {quiet['errors']} errors.",
        "",
        "| acknowledged write | acknowledged | in the database | missing |",
        "|---|---|---|---|",
    ]
    for kind, row in sorted(report["acks"]["by_kind"].items()):
        lines.append(f"| {kind} | {row['acknowledged']} | {row['found']} | {row['missing']} |")
    mail = report["mail"]
    lines += [
        "",
        f"Doubled writes: {report['acks']['doubled']}.",
        f"Notification e-mails: {mail['notifications']} notifications, {mail['messages_sent']} "
        f"messages; duplicated {mail['duplicated']}, lost {mail['lost']}; tasks still running "
        f"after the drain {mail['tasks_running_after_drain']}, failed {mail['tasks_failed']}.",
        f"Double bookings: {report['bookings']}.",
        f"Probe after the run: {report['probe']}.",
        f"Errors by endpoint: {load['errors_by_endpoint']}.",
        f"Writes with unknown outcome (no answer or 5xx after sending, no Idempotency-Key, "
        f"not repeated, not acknowledged): {load['unknown_outcome_writes']}.",
        f"Problems: {', '.join(report['problems']) or 'none'}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
