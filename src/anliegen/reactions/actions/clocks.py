"""The two clocks of a reaction (KRM-04): acknowledgement and resolution, from the rules in
force, counted with the calendar of the lead team's site; reset when the kind changes."""

from __future__ import annotations

import datetime as dt

from anliegen import fristen
from anliegen.org.models import Organisation, Site, Team
from anliegen.reactions.actions.common import store_report_facts
from anliegen.reactions.models import (
    ACKNOWLEDGEMENT,
    RESOLUTION,
    Reaction,
    ReactionKind,
)
from anliegen.rules.models import RuleSet
from anliegen.rules.queries import rules_in_force
from anliegen.rules.schemas import ReactionRules, WorkRules
from anliegen.work import actions as work_actions
from anliegen.work.calendars import calendar_for, main_site
from anliegen.work.models import Deadline, WorkItem

# --- Clocks (KRM-04) ------------------------------------------------------------------------


def clock_specs(
    organisation: Organisation, *, kind: str, channel: str, received_day: dt.date, site: Site
) -> tuple[list[work_actions.DeadlineSpec], RuleSet | None]:
    """The clocks under the reaction rules in force on the day of receipt: the acknowledgement
    (working days, written channels only) and the resolution (calendar days, §193 BGB). Petitions
    follow their own procedure and get neither (KRM-02)."""
    rules, rule_set = rules_in_force(organisation, ReactionRules, on=received_day)
    if kind == ReactionKind.PETITION:
        return [], rule_set
    calendar, calendar_rules = calendar_for(organisation, site=site, on=received_day)
    specs = []
    if channel in rules.acknowledgement_channels:
        specs.append(
            work_actions.DeadlineSpec(
                ACKNOWLEDGEMENT,
                fristen.due_in_working_days(
                    received_day, rules.acknowledgement_working_days, calendar
                ),
            )
        )
    specs.append(
        work_actions.DeadlineSpec(
            RESOLUTION,
            fristen.due_in_calendar_days(
                received_day,
                rules.resolution_calendar_days,
                calendar,
                roll_forward=calendar_rules.roll_forward,
            ),
        )
    )
    return specs, rule_set


def _site(organisation: Organisation, team: Team | None) -> Site:
    return team.area.site if team is not None else main_site(organisation)


def _reset_clocks(reaction: Reaction, item: WorkItem) -> None:
    """After a change of kind: the clocks the new kind has under the rules of the day of receipt
    (met clocks stay as they are), and the item's due date mirrors them."""
    specs, _rule_set = clock_specs(
        reaction.organisation,
        kind=reaction.kind,
        channel=reaction.channel,
        received_day=item.start_date,
        site=_site(reaction.organisation, reaction.lead_team),
    )
    wanted = {s.code: s for s in specs}
    existing = {d.code: d for d in item.deadlines.all()}
    for code, deadline in existing.items():
        if code not in wanted and deadline.met_at is None:
            deadline.delete()
    work_rules, _version = rules_in_force(reaction.organisation, WorkRules, on=item.start_date)
    Deadline.objects.bulk_create(
        Deadline(
            item=item,
            code=spec.code,
            due_date=spec.due_date,
            amber_from=fristen.amber_date(item.start_date, spec.due_date, work_rules.amber_share),
        )
        for code, spec in wanted.items()
        if code not in existing
    )
    first = item.deadlines.filter(met_at__isnull=True).order_by("due_date").first()
    item.due_date = first.due_date if first else None
    item.amber_from = first.amber_from if first else None
    store_report_facts(reaction)
