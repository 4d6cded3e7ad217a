"""The soak's load: the demo's roles doing their daily work through the API and some pages.

Started headless by ``run.py`` (``make soak``). Settings from the environment:

- ``SOAK_SERVERS``: the app servers, comma-separated base URLs; each user sends its requests
  round-robin over them (a tiny load balancer in the client).
- ``SOAK_OUT``: the run's directory with ``context.json`` (written by ``prepare.py``); every
  locust process writes ``requests-<pid>.jsonl`` (one line per HTTP attempt) and
  ``acks-<pid>.jsonl`` (one line per acknowledged write: kind, id and what must be in the
  database).

Retries after a fault: a request that never reached a server (connection refused) is sent to
the next server whatever its method. GETs and POSTs with an ``Idempotency-Key`` are also retried
after a connection reset, a timeout, a 500, 502 or 503. Other writes are not retried (their
outcome is unknown; they are counted, not acknowledged). Every retry is counted.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

OUT = Path(os.environ.get("SOAK_OUT", "var/soak"))
SERVERS = [s.rstrip("/") for s in os.environ.get("SOAK_SERVERS", "").split(",") if s]
CONTEXT: dict[str, Any] = json.loads((OUT / "context.json").read_text(encoding="utf-8"))
ORG = CONTEXT["org"]
API = f"/api/v1/orgs/{ORG}"
MAX_ATTEMPTS = 6
TIMEOUT = 15
RETRY_STATUSES = {0, 500, 502, 503, 504}
BERLIN = dt.timezone(dt.timedelta(hours=1))  # the soak runs in winter; only for received_at

_lock = threading.Lock()
_files: dict[str, Any] = {}
#: Tickets created in this process and not yet completed: the team lead works them off.
open_tickets: list[int] = []
#: Appointments booked in this process: some are cancelled again.
booked_appointments: list[int] = []
#: Customers of the region for callbacks, each used once (one open callback per purpose).
callback_customers: list[str] = random.sample(
    (CONTEXT.get("callbacks") or {}).get("customers", []),
    len((CONTEXT.get("callbacks") or {}).get("customers", [])),
)


def _write(name: str, record: dict[str, Any]) -> None:
    with _lock:
        handle = _files.get(name)
        if handle is None:
            handle = _files[name] = (OUT / f"{name}-{os.getpid()}.jsonl").open("a", buffering=1)
        handle.write(json.dumps(record, separators=(",", ":")) + "\n")


def ack(kind: str, **record: Any) -> None:
    """Record an acknowledged write: the server said 2xx, so it must be in the database."""
    _write("acks", {"kind": kind, "t": time.time(), **record})


@events.quitting.add_listener
def _close(**_kwargs: Any) -> None:
    with _lock:
        for handle in _files.values():
            handle.close()
        _files.clear()


def _refused(error: object) -> bool:
    text = repr(error)
    return "Connection refused" in text or "NewConnectionError" in text


class SoakUser(HttpUser):
    """A user with a token (or a session) who spreads requests over the app servers."""

    abstract = True
    wait_time = between(0.5, 1.5)
    role = ""
    host = SERVERS[0] if SERVERS else None

    def on_start(self) -> None:
        self._servers = itertools.cycle(random.sample(SERVERS, len(SERVERS)))
        self.headers = {"Authorization": f"Bearer {CONTEXT['tokens'][self.role]}"}

    def call(
        self,
        method: str,
        path: str,
        *,
        name: str,
        json_body: Any = None,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        idempotent: bool | None = None,
        expected: tuple[int, ...] = (200, 201),
        tolerated: tuple[int, ...] = (),
    ) -> Any:
        """Send one request (with retries); the response's JSON on an expected status, or None.

        ``tolerated`` statuses (a 409 for a slot another user took a moment earlier) are
        outcomes of the domain, not errors; they return None and count as successes.
        """
        # A new connection per request, as a proxy in front of gunicorn (nginx's default
        # HTTP/1.0 upstream) sends them: no request is lost to a keep-alive connection the
        # server closed a moment earlier.
        all_headers = {**self.headers, "Connection": "close", **(headers or {})}
        if idempotent is None:
            idempotent = method == "GET" or "Idempotency-Key" in all_headers
        for attempt in range(MAX_ATTEMPTS):
            server = next(self._servers)
            started = time.time()
            with self.client.request(
                method,
                server + path,
                name=name,
                json=json_body,
                data=data,
                headers=all_headers,
                timeout=TIMEOUT,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                status = response.status_code or 0
                _write(
                    "requests",
                    {
                        "t": started,
                        "ms": round((time.time() - started) * 1000, 1),
                        "name": name,
                        "status": status,
                        "attempt": attempt,
                        "server": server,
                        "error": None if status else repr(response.error)[:200],
                        "refused": status == 0 and _refused(response.error),
                        "idempotent": idempotent,
                    },
                )
                if status in expected:
                    response.success()
                    if "json" in response.headers.get("Content-Type", ""):
                        return response.json()
                    return response
                if status in tolerated:
                    response.success()
                    return None
                response.failure(f"{status} {str(response.error or response.text)[:120]}")
                retry = (status == 0 and _refused(response.error)) or (
                    idempotent and status in RETRY_STATUSES
                )
            if not retry:
                return None
            time.sleep(min(0.25 * 2**attempt, 4.0))
        return None


class PhoneAgent(SoakUser):
    """A TSB of the service centre: tickets for the job centre (and callbacks, once built)."""

    role = "phone_agent"
    weight = 3

    @task(5)
    def create_ticket(self) -> None:
        key = str(uuid.uuid4())
        concern = f"Soak {key[:8]}: Rückfrage zum Bescheid"
        body = {
            "area": random.choice(["benefits", "benefits", "integration"]),
            "customer_number": random.choice(CONTEXT["customers"]),
            "concern": concern,
            "kind": random.choice(["concern", "callback"]),
            "received_at": dt.datetime.now(BERLIN).replace(microsecond=0).isoformat(),
        }
        ticket = self.call(
            "POST",
            f"{API}/tickets",
            name="POST tickets",
            json_body=body,
            headers={"Idempotency-Key": key},
        )
        if ticket:
            ack("ticket", id=ticket["id"], concern=concern)
            if body["area"] == "benefits":  # the benefits team lead works them off
                with _lock:
                    open_tickets.append(ticket["id"])
            self.call("GET", f"{API}/tickets/{ticket['id']}", name="GET tickets/{id}")

    @task(2)
    def book_callback(self) -> None:
        callbacks = CONTEXT.get("callbacks")
        if not callbacks:
            return
        org, team = callbacks["org"], random.choice(callbacks["teams"])
        purpose = random.choice(["benefits_consultation", "other"])
        today = dt.datetime.now(BERLIN).date()
        slots = self.call(
            "GET",
            f"/api/v1/orgs/{org}/callback-slots?team={team}&purpose={purpose}"
            f"&from={today + dt.timedelta(days=1)}&to={today + dt.timedelta(days=14)}",
            name="GET callback-slots",
        )
        if not slots:
            return
        start = random.choice(slots[:5])["start"]  # the first few: users race for them
        with _lock:
            if not callback_customers:
                return
            customer = callback_customers.pop()
        body = {
            "team": team,
            "purpose": purpose,
            "start": start,
            "customer_number": customer,
            "phone": "030 1234567",
        }
        booked = self.call(
            "POST",
            f"/api/v1/orgs/{org}/callbacks",
            name="POST callbacks",
            json_body=body,
            headers={"Idempotency-Key": str(uuid.uuid4())},
            tolerated=(409,),
        )
        if booked:
            ack("callback", id=booked["id"], start=booked["start"])
            if random.random() < 0.3:  # the customer calls again: cancelled, the time is free
                done = self.call(
                    "POST",
                    f"/api/v1/orgs/{org}/callbacks/{booked['id']}/cancel",
                    name="POST callbacks/{id}/cancel",
                    tolerated=(409,),
                )
                if done:
                    ack("callback_cancel", id=booked["id"])

    @task(1)
    def worklist(self) -> None:
        self.call("GET", f"{API}/tickets?limit=20", name="GET tickets")


class TeamLead(SoakUser):
    """The team lead of benefits: commitments and completions of open tickets, reactions."""

    role = "team_lead"
    weight = 2

    def _ticket(self) -> int | None:
        with _lock:
            if not open_tickets:
                return None
            return open_tickets.pop(random.randrange(len(open_tickets)))

    @task(4)
    def work_a_ticket(self) -> None:
        ticket_id = self._ticket()
        if ticket_id is None:
            return
        promised = dt.datetime.now(BERLIN).date() + dt.timedelta(days=random.randint(3, 10))
        note = f"Soak-Zusage {uuid.uuid4().hex[:8]}"
        done = self.call(
            "POST",
            f"{API}/tickets/{ticket_id}/commitment",
            name="POST tickets/{id}/commitment",
            json_body={
                "promised_date": promised.isoformat(),
                "note": note,
                "confirm_non_working_day": True,
            },
            tolerated=(409,),
        )
        if done:
            ack("commitment", ticket=ticket_id, note=note)
        resolution = f"Soak erledigt {uuid.uuid4().hex[:8]}"
        done = self.call(
            "POST",
            f"{API}/tickets/{ticket_id}/complete",
            name="POST tickets/{id}/complete",
            json_body={"resolution": resolution},
            tolerated=(409,),
        )
        if done:
            ack("completion", ticket=ticket_id, resolution=resolution)

    @task(2)
    def record_reaction(self) -> None:
        text = f"Soak-Kritik {uuid.uuid4().hex[:8]}: lange Wartezeit am Telefon"
        body = {
            "channel": random.choice(["email", "letter", "phone"]),
            "kind": random.choice(["criticism", "complaint", "praise", "suggestion"]),
            "received_at": dt.datetime.now(BERLIN).replace(microsecond=0).isoformat(),
            "teams": [random.choice(CONTEXT["reaction_teams"])],
            "customer_number": random.choice(CONTEXT["customers"]),
            "text": text,
        }
        reaction = self.call("POST", f"{API}/reactions", name="POST reactions", json_body=body)
        if reaction:
            ack("reaction", id=reaction["id"], text=text)

    @task(2)
    def worklist(self) -> None:
        self.call("GET", f"{API}/worklist", name="GET worklist")


class CaseWorker(SoakUser):
    """A benefits specialist: worklist, customers, notes."""

    role = "case_worker"
    weight = 3

    @task(3)
    def worklist(self) -> None:
        self.call("GET", f"{API}/worklist", name="GET worklist")

    @task(2)
    def customer(self) -> None:
        number = random.choice(CONTEXT["customers"])
        self.call("GET", f"{API}/customers/{number}", name="GET customers/{n}")
        self.call("GET", f"{API}/customers/{number}/history", name="GET customers/{n}/history")

    @task(2)
    def note(self) -> None:
        number = random.choice(CONTEXT["customers"])
        text = f"Soak-Vermerk {uuid.uuid4().hex[:8]}: Unterlagen telefonisch angefordert"
        entry = self.call(
            "POST",
            f"{API}/customers/{number}/notes",
            name="POST customers/{n}/notes",
            json_body={"kind": random.choice(["note", "consultation"]), "text": text},
        )
        if entry:
            ack("note", id=entry["id"], text=text)


class Placement(SoakUser):
    """A placement officer booking consultations (KON) into the first free slots."""

    role = "placement"
    weight = 2

    @task(4)
    def book(self) -> None:
        worker = CONTEXT["users"]["placement"]
        slots = self.call(
            "GET",
            f"{API}/appointments/free-slots?case_worker={worker}&days=10",
            name="GET appointments/free-slots",
        )
        if not slots:
            return
        start = random.choice(slots[:4])["starts_at"]  # users race for the first slots
        booked = self.call(
            "POST",
            f"{API}/appointments",
            name="POST appointments",
            json_body={
                "customer_number": random.choice(CONTEXT["customers"]),
                "case_worker": worker,
                "starts_at": start,
                "note": "Soak",
            },
            tolerated=(409,),
        )
        if booked:
            ack("appointment", id=booked["id"], starts_at=booked["starts_at"])
            with _lock:
                booked_appointments.append(booked["id"])

    @task(1)
    def cancel(self) -> None:
        with _lock:
            if not booked_appointments:
                return
            appointment_id = booked_appointments.pop(random.randrange(len(booked_appointments)))
        done = self.call(
            "POST",
            f"{API}/appointments/{appointment_id}/cancel",
            name="POST appointments/{id}/cancel",
            tolerated=(409,),
        )
        if done:
            ack("appointment_cancel", id=appointment_id)


class Browser(SoakUser):
    """A case worker in the browser: login, worklist, a customer, the notifications."""

    role = "case_worker"
    weight = 1

    def on_start(self) -> None:
        super().on_start()
        self.headers = {}
        self.logged_in = False

    def login(self) -> None:
        server = next(self._servers)
        self.client.cookies.clear()
        self.client.get(server + "/anmelden/", name="GET /anmelden/", timeout=TIMEOUT)
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            server + "/anmelden/",
            name="POST /anmelden/",
            data={
                "username": CONTEXT["users"]["case_worker"],
                "password": "demo",
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": server + "/anmelden/"},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        self.logged_in = response.status_code == 302

    @task
    def pages(self) -> None:
        if not self.logged_in:
            self.login()
            if not self.logged_in:
                return
        number = random.choice(CONTEXT["customers"])
        for path, name in (
            (f"/o/{ORG}/postkorb/", "page postkorb"),
            (f"/o/{ORG}/kunden/{number}/", "page kunden/{n}"),
            (f"/o/{ORG}/benachrichtigungen/", "page benachrichtigungen"),
        ):
            self.call("GET", path, name=name, expected=(200,))
