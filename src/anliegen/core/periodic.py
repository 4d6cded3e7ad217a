"""Periodic jobs: one registry, run by ``manage.py run_periodic`` from cron or a systemd timer.

Apps register their jobs in ``AppConfig.ready()`` with :func:`register`. Each job has a minimum
interval; the guard is a conditional UPDATE on :class:`PeriodicRun`, so two servers running the
command at the same moment never run a job twice within its interval.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from anliegen.core import clock
from anliegen.core.models import PeriodicRun

logger = logging.getLogger("anliegen.periodic")

JobFunc = Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: JobFunc
    every: dt.timedelta
    description: str


_REGISTRY: dict[str, PeriodicJob] = {}


def register(name: str, *, every: dt.timedelta, description: str) -> Callable[[JobFunc], JobFunc]:
    def decorator(func: JobFunc) -> JobFunc:
        _REGISTRY[name] = PeriodicJob(name=name, func=func, every=every, description=description)
        return func

    return decorator


def jobs() -> list[PeriodicJob]:
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def _claim(job: PeriodicJob, *, force: bool) -> bool:
    """Atomically mark the job as started unless it ran within its interval."""
    now = clock.now()
    PeriodicRun.objects.get_or_create(name=job.name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every)
    query = PeriodicRun.objects.filter(name=job.name)
    if not force:
        query = query.filter(due)
    return query.update(last_started_at=now) == 1


def run_due_jobs(*, only: str | None = None, force: bool = False) -> dict[str, dict[str, Any]]:
    """Run every due job (or the one named); return each job's result. Skipped jobs are absent."""
    results: dict[str, dict[str, Any]] = {}
    for job in jobs():
        if only and job.name != only:
            continue
        if not _claim(job, force=force):
            continue
        with transaction.atomic():
            result = job.func()
        PeriodicRun.objects.filter(name=job.name).update(
            last_finished_at=clock.now(), last_result=result
        )
        logger.info("periodic job %s: %s", job.name, result)
        results[job.name] = result
    return results
