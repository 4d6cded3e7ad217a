"""Team controlling of tickets (TKT-09 … TKT-12): violations, overrun flags, retention,
spot checks. The periodic jobs and the TL's actions on them."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen import fristen
from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, Forbidden, InvalidInput
from anliegen.org.models import Membership, Organisation, User
from anliegen.org.scope import Scope, team_lead_of
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import TicketRules
from anliegen.tickets.models import (
    Completion,
    OverrunFlag,
    SpotCheck,
    Ticket,
    TicketArea,
    Violation,
)
from anliegen.work.models import Notification, Status
from anliegen.work.notify import notify


def may_open_controlling(scope: Scope) -> bool:
    """Whether the actor may open ticket controlling (TKT-09): someone who works with customer
    records (the page lists customers' tickets) and leads at least one team of the organisation
    (team lead or deputy, area management, management). Administrators without a casework role
    and providers may not. The page and the navigation both ask this (issue 9, defect 4)."""
    if not scope.may_see_customers or not scope.is_lead:
        return False
    return scope.visible_teams().exists()


def detect_violations(*, today: dt.date | None = None) -> int:
    """Open tickets past their deadline count once per missed deadline (TKT-04)."""
    today = today or clock.today()
    overdue = Ticket.objects.filter(
        item__status=Status.OPEN, item__due_date__lt=today
    ).select_related("item")
    created = 0
    for ticket in overdue.iterator(chunk_size=500):
        due = ticket.item.due_date
        assert due is not None
        _violation, was_created = Violation.objects.get_or_create(
            ticket=ticket,
            due_date=due,
            defaults={
                "organisation_id": ticket.organisation_id,
                "user_id": ticket.item.assignee_id,
                "detected_at": clock.now(),
            },
        )
        created += was_created
    return created


def raise_overrun_flags(*, today: dt.date | None = None) -> int:
    """Flag case workers with repeated overruns to their TL (TKT-11)."""
    today = today or clock.today()
    raised = 0
    for organisation in Organisation.objects.all():
        rules, _version = rules_in_force(organisation, TicketRules, on=today)
        since = today - dt.timedelta(days=rules.violation_window_days)
        counts = Counter(
            Violation.objects.filter(
                organisation=organisation, due_date__gt=since, user__isnull=False
            ).values_list("user_id", flat=True)
        )
        for user_id, count in counts.items():
            if count < rules.violation_threshold:
                continue
            last_talk = (
                OverrunFlag.objects.filter(organisation=organisation, user_id=user_id)
                .order_by("-raised_at")
                .first()
            )
            if last_talk is not None and last_talk.talk_at is None:
                continue  # already flagged, talk pending
            if last_talk is not None and last_talk.talk_at is not None:
                # After a talk, count only what was missed since then.
                talk_day = clock.local_date(last_talk.talk_at)
                count = Violation.objects.filter(
                    organisation=organisation, user_id=user_id, due_date__gt=max(since, talk_day)
                ).count()
                if count < rules.violation_threshold:
                    continue
            with transaction.atomic():
                flag = OverrunFlag.objects.create(
                    organisation=organisation,
                    user_id=user_id,
                    raised_at=clock.now(),
                    violation_count=count,
                    window_days=rules.violation_window_days,
                )
                _notify_lead_of(flag)
            raised += 1
    return raised


def _lead_for(user: User, organisation: Organisation) -> User | None:
    membership = (
        Membership.objects.filter(user=user, organisation=organisation, team__isnull=False)
        .select_related("team")
        .first()
    )
    return team_lead_of(membership.team) if membership and membership.team else None


def _notify_lead_of(flag: OverrunFlag) -> None:
    lead = _lead_for(flag.user, flag.organisation)
    if lead is not None:
        notify(
            user=lead,
            organisation=flag.organisation,
            kind=Notification.Kind.OVERRUN_FLAGGED,
            params={"title": str(flag.user), "count": flag.violation_count},
        )


@transaction.atomic
def record_overrun_talk(*, actor: User, scope: Scope, flag: OverrunFlag, note: str) -> OverrunFlag:
    """The TL records that the talk took place, which clears the flag (TKT-11)."""
    if flag.organisation_id != scope.organisation.id or not scope.leads_person(flag.user):
        raise Forbidden(_("Only the team lead records this talk."))
    note = (note or "").strip()
    if not note:
        raise InvalidInput(
            _("Please note the result of the talk."), errors={"note": _("Required.")}
        )
    updated = OverrunFlag.objects.filter(id=flag.id, talk_at__isnull=True).update(
        talk_at=clock.now(), talk_note=note, talk_by=actor
    )
    if updated != 1:
        raise Conflict(_("The talk has already been recorded."))
    flag.refresh_from_db()
    record(actor=actor, organisation=scope.organisation, action="ticket.overrun_talk", obj=flag)
    return flag


def purge_completions(*, today: dt.date | None = None) -> int:
    """Delete completion records after the retention period; history stays (TKT-10)."""
    today = today or clock.today()
    deleted = 0
    for organisation in Organisation.objects.all():
        rules, _version = rules_in_force(organisation, TicketRules, on=today)
        cutoff = clock.start_of_day(months_before(today, rules.retention_months))
        count, _detail = Completion.objects.filter(
            organisation=organisation, completed_at__lt=cutoff
        ).delete()
        deleted += count
    return deleted


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier, or the last day of a shorter month."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def draw_spot_checks(*, month: dt.date, seed: int | None = None) -> int:
    """Offer the TL a random sample of last month's Integration completions (TKT-12)."""
    first = month.replace(day=1)
    next_month = fristen.add_months(first, 1)
    drawn = 0
    for organisation in Organisation.objects.all():
        rules, _version = rules_in_force(organisation, TicketRules, on=next_month)
        completions = (
            Completion.objects.filter(
                organisation=organisation,
                area=TicketArea.INTEGRATION,
                completed_at__gte=clock.start_of_day(first),
                completed_at__lt=clock.start_of_day(next_month),
            )
            .select_related("ticket__item")
            .order_by("id")
        )
        by_team: dict[int, list[Completion]] = {}
        for completion in completions:
            team_id = completion.ticket.item.team_id
            if team_id is not None:
                by_team.setdefault(team_id, []).append(completion)
        for team_id, pool in by_team.items():
            if SpotCheck.objects.filter(team_id=team_id, month=first).exists():
                continue  # this month was drawn already
            size = min(
                len(pool),
                max(rules.spot_check_minimum, math.ceil(rules.spot_check_share * len(pool))),
            )
            rng = random.Random(
                seed if seed is not None else f"{organisation.id}-{team_id}-{first}"
            )
            for completion in rng.sample(pool, size):
                SpotCheck.objects.create(
                    organisation=organisation,
                    ticket=completion.ticket,
                    team_id=team_id,
                    month=first,
                    drawn_at=clock.now(),
                    resolution=completion.resolution,
                )
                drawn += 1
    return drawn


@transaction.atomic
def record_spot_check(
    *, actor: User, scope: Scope, spot_check: SpotCheck, result: str, note: str = ""
) -> SpotCheck:
    """The TL records the result of one spot check (TKT-12)."""
    if spot_check.organisation_id != scope.organisation.id or not scope.may_lead_team(
        spot_check.team_id
    ):
        raise Forbidden(_("Only the team lead records spot checks."))
    if result not in SpotCheck.Result.values:
        raise InvalidInput(
            _("The result must be “ok” or “not_ok”."), errors={"result": _("Unknown.")}
        )
    note = (note or "").strip()
    if result == SpotCheck.Result.NOT_OK and not note:
        raise InvalidInput(_("Please note what was not in order."), errors={"note": _("Required.")})
    updated = SpotCheck.objects.filter(id=spot_check.id, checked_at__isnull=True).update(
        result=result, note=note, checked_at=clock.now(), checked_by=actor
    )
    if updated != 1:
        raise Conflict(_("This spot check has already been recorded."))
    spot_check.refresh_from_db()
    record(
        actor=actor,
        organisation=scope.organisation,
        action="ticket.spot_check",
        obj=spot_check,
        new={"result": result},
    )
    return spot_check
