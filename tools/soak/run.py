"""Drive the soak: two app servers, two task workers, locust, and the faults on a timeline.

Called by ``run.sh`` (``make soak``) once the database is migrated, the demo loaded and
``context.json`` written. Everything is written to ``$SOAK_OUT``: the servers' and workers'
logs, ``faults.jsonl`` (what was done when), locust's files, and the request and
acknowledgement logs of the load. ``verify.py`` reads them afterwards.

Timeline (``D`` = ``SOAK_DURATION`` seconds, default 180):

- 0.20 D: SIGKILL task worker 1; 0.35 D: a new worker 1 starts.
- 0.45 D: PostgreSQL restarts (``SOAK_PG_RESTART``, default ``pg_ctlcluster 15 main restart``;
  empty: no restart).
- 0.65 D: SIGTERM app server 2 (gunicorn shuts down gracefully); 0.80 D: it starts again.

A task worker or app server that exits by itself (not by an injected fault) is restarted at
once, as systemd's ``Restart=always`` would do; every such exit is recorded as
``unexpected_exit``.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

OUT = Path(os.environ.get("SOAK_OUT", "var/soak")).resolve()
PY = os.environ.get("PY", sys.executable)
BIN = Path(PY).parent
DURATION = int(os.environ.get("SOAK_DURATION", "180"))
USERS = int(os.environ.get("SOAK_USERS", "24"))
PORT = int(os.environ.get("SOAK_PORT", "18741"))
GUNICORN_WORKERS = os.environ.get("SOAK_GUNICORN_WORKERS", "2")
GUNICORN_THREADS = os.environ.get("SOAK_GUNICORN_THREADS", "4")
PG_RESTART = os.environ.get("SOAK_PG_RESTART", "pg_ctlcluster 15 main restart")
SERVERS = [f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{PORT + 1}"]


def log_fault(event: str, **details: Any) -> None:
    record = {"t": time.time(), "event": event, **details}
    with (OUT / "faults.jsonl").open("a") as handle:
        handle.write(json.dumps(record) + "\n")
    print(f"[soak {time.strftime('%H:%M:%S', time.gmtime())}] {event} {details or ''}", flush=True)


class Managed:
    """One supervised process (an app server or a task worker)."""

    def __init__(self, name: str, argv: list[str]) -> None:
        self.name = name
        self.argv = argv
        self.process: subprocess.Popen[bytes] | None = None
        self.expected_down = False
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = (OUT / f"{self.name}.log").open("ab")
        self.process = subprocess.Popen(
            self.argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.expected_down = False

    def signal(self, signum: int) -> None:
        assert self.process is not None
        self.expected_down = True
        os.killpg(self.process.pid, signum)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.process.wait()

    def supervise(self) -> None:
        if self.process is None or self.expected_down:
            return
        code = self.process.poll()
        if code is not None:
            log_fault("unexpected_exit", process=self.name, code=code)
            self.start()
            log_fault("restarted", process=self.name)


def server(n: int) -> Managed:
    return Managed(
        f"server{n + 1}",
        [
            str(BIN / "gunicorn"),
            "anliegen.wsgi:application",
            "--bind",
            SERVERS[n].removeprefix("http://"),
            "--workers",
            GUNICORN_WORKERS,
            "--threads",
            GUNICORN_THREADS,
            "--graceful-timeout",
            "20",
            "--log-level",
            "warning",
        ],
    )


def worker(n: int) -> Managed:
    return Managed(
        f"worker{n + 1}",
        [PY, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
    )


def up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/anmelden/", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def wait_up(url: str, limit: float = 120) -> float:
    started = time.time()
    while time.time() - started < limit:
        if up(url):
            return time.time()
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def pg_ready() -> bool:
    return (
        subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False
        ).returncode
        == 0
    )


def main() -> int:
    servers = [server(0), server(1)]
    workers = [worker(0), worker(1)]
    processes = servers + workers
    try:
        return soak(servers, workers)
    finally:
        for process in processes:
            process.stop()


def soak(servers: list[Managed], workers: list[Managed]) -> int:
    processes = servers + workers
    for process in processes:
        process.start()
    for url in SERVERS:
        wait_up(url)
    log_fault("start", servers=SERVERS, workers=2, duration=DURATION, users=USERS)

    locust = subprocess.Popen(
        [
            str(BIN / "locust"),
            "-f",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(max(1, USERS // 5)),
            "--run-time",
            f"{DURATION}s",
            "--host",
            SERVERS[0],
            "--csv",
            str(OUT / "locust"),
            "--only-summary",
            "--stop-timeout",
            "20",
            "--loglevel",
            "WARNING",
        ],
        stdout=(OUT / "locust.log").open("ab"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "SOAK_SERVERS": ",".join(SERVERS)},
    )
    started = time.time()
    timeline = [
        (0.20, "kill_worker"),
        (0.35, "start_worker"),
        (0.45, "restart_postgresql"),
        (0.65, "stop_server"),
        (0.80, "start_server"),
    ]
    while locust.poll() is None:
        elapsed = time.time() - started
        while timeline and elapsed >= timeline[0][0] * DURATION:
            _at, fault = timeline.pop(0)
            inject(fault, servers, workers)
        for process in processes:
            process.supervise()
        time.sleep(0.2)
    log_fault("load_finished", locust_exit=locust.returncode)

    # Did the app servers reconnect by themselves? Every one must answer an API call that
    # reads the database, with the processes that lived through the faults.
    token = json.loads((OUT / "context.json").read_text())["tokens"]["case_worker"]
    org = json.loads((OUT / "context.json").read_text())["org"]
    probes = {}
    for url in SERVERS:
        request = urllib.request.Request(
            f"{url}/api/v1/orgs/{org}/worklist?limit=5",
            headers={"Authorization": f"Bearer {token}"},
        )
        results = []
        for _ in range(8):  # reaches every gunicorn worker process with some likelihood
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    results.append(response.status)
            except urllib.error.HTTPError as error:
                results.append(error.code)
            except OSError as error:
                results.append(repr(error))
        probes[url] = results
    log_fault("probe", results=probes)

    drain_tasks()
    for process in processes:
        process.stop()
    log_fault("stopped", starts={p.name: p.starts for p in processes})
    return 0


def inject(fault: str, servers: list[Managed], workers: list[Managed]) -> None:
    if fault == "kill_worker":
        workers[0].signal(signal.SIGKILL)
        log_fault(fault, process=workers[0].name, pid=workers[0].process.pid)  # type: ignore[union-attr]
    elif fault == "start_worker":
        workers[0].start()
        log_fault(fault, process=workers[0].name)
    elif fault == "restart_postgresql":
        if not PG_RESTART:
            log_fault("restart_postgresql_skipped")
            return
        log_fault(fault, command=PG_RESTART)
        subprocess.run(shlex.split(PG_RESTART), check=True)
        while not pg_ready():
            time.sleep(0.1)
        log_fault("postgresql_ready")
    elif fault == "stop_server":
        servers[1].signal(signal.SIGTERM)
        log_fault(fault, process=servers[1].name)
    elif fault == "start_server":
        servers[1].process.wait(timeout=30)  # type: ignore[union-attr]
        servers[1].start()
        log_fault(fault, process=servers[1].name)
        wait_up(SERVERS[1])
        log_fault("server_listening", process=servers[1].name)


def drain_tasks(limit: float = 120) -> None:
    """Wait until the task queue holds nothing ready to run (the e-mails are sent)."""
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    started = time.time()
    while time.time() - started < limit:
        if not DBTaskResult.objects.ready().exists():
            break
        time.sleep(0.5)
    left = DBTaskResult.objects.ready().count()
    log_fault("tasks_drained", seconds=round(time.time() - started, 1), ready_left=left)


if __name__ == "__main__":
    sys.exit(main())
