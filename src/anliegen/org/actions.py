"""Every change to staff settings: absences and deputies (FND-03)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.org.models import Absence, Membership, User
from anliegen.org.scope import Scope, staff_of

MAX_ABSENCE_DAYS = 366


def _may_manage(scope: Scope, person: User) -> bool:
    """A person manages their own absences; their team lead and management may too."""
    if person.id == scope.user.id or scope.org_wide:
        return True
    teams = Membership.objects.filter(
        user=person, organisation=scope.organisation, team__isnull=False
    ).values_list("team_id", flat=True)
    return any(scope.may_lead_team(team_id) for team_id in teams)


def _check_deputy(scope: Scope, person: User, deputy: User | None) -> None:
    if deputy is None:
        return
    if deputy.id == person.id:
        raise InvalidInput(_("Nobody can be their own deputy."), errors={"deputy": _("Same person.")})
    if not staff_of(scope.organisation).filter(id=deputy.id).exists():
        raise InvalidInput(
            _("The deputy is not a member of this organisation."), errors={"deputy": _("Unknown.")}
        )


@transaction.atomic
def record_absence(
    *,
    actor: User,
    scope: Scope,
    person: User,
    start: dt.date,
    end: dt.date,
    deputy: User | None = None,
    note: str = "",
) -> Absence:
    if not _may_manage(scope, person):
        raise Forbidden(_("You may not record absences for this person."))
    if end < start:
        raise InvalidInput(_("The absence ends before it starts."), errors={"end": _("Before the start.")})
    if (end - start).days > MAX_ABSENCE_DAYS:
        raise InvalidInput(_("An absence may last at most one year."), errors={"end": _("Too long.")})
    _check_deputy(scope, person, deputy)
    overlapping = Absence.objects.select_for_update().filter(
        user=person, organisation=scope.organisation, start__lte=end, end__gte=start
    )
    if overlapping.exists():
        raise InvalidInput(
            _("This person already has an absence in that period."), errors={"start": _("Overlaps.")}
        )
    absence = Absence.objects.create(
        user=person,
        organisation=scope.organisation,
        start=start,
        end=end,
        deputy=deputy,
        note=note.strip()[:200],
    )
    record(
        actor=actor,
        organisation=scope.organisation,
        action="absence.created",
        obj=absence,
        new={"user": person.id, "start": start.isoformat(), "end": end.isoformat(), "deputy": deputy.id if deputy else None},
    )
    return absence


@transaction.atomic
def delete_absence(*, actor: User, scope: Scope, absence: Absence) -> None:
    if absence.organisation_id != scope.organisation.id or not _may_manage(scope, absence.user):
        raise Forbidden(_("You may not change this absence."))
    record(
        actor=actor,
        organisation=scope.organisation,
        action="absence.deleted",
        obj=absence,
        old={"user": absence.user_id, "start": absence.start.isoformat(), "end": absence.end.isoformat()},
    )
    absence.delete()


@transaction.atomic
def set_standing_deputy(*, actor: User, scope: Scope, person: User, deputy: User | None) -> User:
    if not _may_manage(scope, person):
        raise Forbidden(_("You may not change the deputy of this person."))
    _check_deputy(scope, person, deputy)
    old = person.deputy_id
    User.objects.filter(id=person.id).update(deputy=deputy)
    person.deputy = deputy
    record(
        actor=actor,
        organisation=scope.organisation,
        action="staff.deputy_set",
        obj=person,
        old={"deputy": old},
        new={"deputy": deputy.id if deputy else None},
    )
    return person
