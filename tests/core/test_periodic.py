"""Periodic jobs run from one command with a minimum-interval guard."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from anliegen.core import periodic
from anliegen.core.models import PeriodicRun


def test_job_runs_once_per_interval(db, travel):
    calls = []

    @periodic.register("test.counter", every=dt.timedelta(hours=1), description="test")
    def counter():
        calls.append(1)
        return {"n": len(calls)}

    try:
        travel("2026-11-02 09:00")
        assert periodic.run_due_jobs(only="test.counter") == {"test.counter": {"n": 1}}
        assert periodic.run_due_jobs(only="test.counter") == {}
        travel("2026-11-02 10:01")
        assert periodic.run_due_jobs(only="test.counter") == {"test.counter": {"n": 2}}
        assert PeriodicRun.objects.get(name="test.counter").last_result == {"n": 2}
    finally:
        periodic._REGISTRY.pop("test.counter")


def test_command_lists_and_runs_jobs(db):
    out = StringIO()
    call_command("run_periodic", "--list", stdout=out)
    assert "work.traffic_lights" in out.getvalue()
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "work.traffic_lights" in out.getvalue()
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "no job due" in out.getvalue()
