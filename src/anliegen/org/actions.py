"""Every change to staff settings: absences and deputies (FND-03)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core.errors import Forbidden, InvalidInput
from anliegen.core.text import ensure_plain, markup_errors
from anliegen.org.models import (
    Absence,
    Area,
    Membership,
    Organisation,
    ServiceRelation,
    Skill,
    Team,
    User,
)
from anliegen.org.roles import AREA_ROLES, CASEWORK_ROLES, Role
from anliegen.org.scope import Scope, staff_of

MAX_ABSENCE_DAYS = 366


def _may_manage(scope: Scope, person: User) -> bool:
    """A person manages their own absences; their team lead and management may too."""
    return person.id == scope.user.id or scope.leads_person(person)


def _check_deputy(scope: Scope, person: User, deputy: User | None) -> None:
    if deputy is None:
        return
    if deputy.id == person.id:
        raise InvalidInput(
            _("Nobody can be their own deputy."), errors={"deputy": _("Same person.")}
        )
    if not staff_of(scope.organisation).filter(id=deputy.id).exists():
        raise InvalidInput(
            _("The deputy is not a member of this organisation."), errors={"deputy": _("Unknown.")}
        )
    if not staff_of(scope.organisation, roles=CASEWORK_ROLES).filter(id=deputy.id).exists():
        # Issue 9, defect 2: a deputy sees the person's customers' social data (§ 35 SGB I).
        message = _("Only staff with a casework role in this organisation can be a deputy.")
        raise InvalidInput(message, errors={"deputy": message})


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
        raise InvalidInput(
            _("The absence ends before it starts."), errors={"end": _("Before the start.")}
        )
    if (end - start).days > MAX_ABSENCE_DAYS:
        raise InvalidInput(
            _("An absence may last at most one year."), errors={"end": _("Too long.")}
        )
    ensure_plain(note=note)
    _check_deputy(scope, person, deputy)
    overlapping = Absence.objects.select_for_update().filter(
        user=person, organisation=scope.organisation, start__lte=end, end__gte=start
    )
    if overlapping.exists():
        raise InvalidInput(
            _("This person already has an absence in that period."),
            errors={"start": _("Overlaps.")},
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
        new={
            "user": person.id,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "deputy": deputy.id if deputy else None,
        },
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
        old={
            "user": absence.user_id,
            "start": absence.start.isoformat(),
            "end": absence.end.isoformat(),
        },
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


# --- Creating staff (FND-02): CSV import and the demo installation ----------------------------

#: Roles held for the whole organisation: no team, no area.
ORG_LEVEL_ROLES = frozenset({Role.MANAGEMENT, Role.MANAGEMENT_OFFICE, Role.PROVIDER, Role.ADMIN})
MIN_FTE, MAX_FTE = Decimal("0.05"), Decimal("1.00")


def _staff_errors(
    *,
    organisation: Organisation,
    username: str,
    first_name: str,
    last_name: str,
    role: str,
    team: Team | None,
    area: Area | None,
    email: str,
    fte: Decimal,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = _("The user name is required.")
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = _(
                "The user name may contain only letters, digits and the characters . @ + - _."
            )
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = _("The user name “%(username)s” is already taken.") % {
                    "username": username
                }
    if not first_name:
        errors["first_name"] = _("The first name is required.")
    if not last_name:
        errors["last_name"] = _("The last name is required.")
    if role not in Role.values:
        errors["role"] = _("Unknown role “%(value)s”. Allowed: %(allowed)s.") % {
            "value": role,
            "allowed": ", ".join(Role.values),
        }
    elif role in ORG_LEVEL_ROLES:
        if team is not None or area is not None:
            errors["team"] = _("This role is held for the whole organisation, not for a team.")
    elif role in AREA_ROLES:
        if area is None:
            errors["area"] = _("This role needs an area.")
    elif team is None:
        errors["team"] = _("This role needs a team.")
    if team is not None and team.organisation_id != organisation.id:
        errors["team"] = _("The team does not belong to this organisation.")
    if area is not None and area.organisation_id != organisation.id:
        errors["area"] = _("The area does not belong to this organisation.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("The e-mail address is invalid.")
    if not (MIN_FTE <= fte <= MAX_FTE):
        errors["fte"] = _("The working-time share must lie between 0.05 and 1.")
    return errors


@transaction.atomic
def create_staff_member(
    *,
    actor: User | None,
    scope: Scope | None,
    organisation: Organisation,
    username: str,
    first_name: str,
    last_name: str,
    role: str,
    team: Team | None = None,
    area: Area | None = None,
    email: str = "",
    fte: Decimal = MAX_FTE,
    skills: Iterable[Skill] = (),
    password_hash: str | None = None,
) -> User:
    """Create a member of staff holding one role in ``organisation`` (FND-02).

    Only administrators may (``scope=None`` is the installation itself: management commands).
    ``password_hash`` is an already hashed password (``make_password``); without one the
    account has no usable password until one is set.
    """
    if scope is not None and (
        scope.organisation.id != organisation.id or not scope.may_change_settings
    ):
        raise Forbidden(_("Only administrators may create staff."))
    username, first_name, last_name = username.strip(), first_name.strip(), last_name.strip()
    email = email.strip()
    errors = _staff_errors(
        organisation=organisation,
        username=username,
        first_name=first_name,
        last_name=last_name,
        role=role,
        team=team,
        area=area,
        email=email,
        fte=fte,
    )
    errors = {**markup_errors(first_name=first_name, last_name=last_name), **errors}
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, fte=fte)
    if password_hash:
        user.password = password_hash
    else:
        user.set_unusable_password()
    user.save()
    skill_list = list(skills)
    if skill_list:
        user.skills.set(skill_list)
    Membership.objects.create(user=user, organisation=organisation, team=team, area=area, role=role)
    record(
        actor=actor,
        organisation=organisation,
        action="staff.created",
        obj=user,
        new={
            "username": username,
            "role": role,
            "team": team.id if team else None,
            "area": area.id if area else None,
            "fte": str(fte),
            "skills": sorted(s.code for s in skill_list),
        },
    )
    return user


# --- Which organisations a service-centre region serves (SOC-01, TKT-01) -----------------------

SERVABLE_KINDS = (Organisation.Kind.JOBCENTER, Organisation.Kind.AGENCY)


def _ensure_may_set_serving(scope: Scope) -> None:
    if scope.organisation.kind != Organisation.Kind.SERVICE_CENTRE:
        raise InvalidInput(
            _("Only a service-centre region serves other organisations."),
            errors={"organisation": _("Not a service-centre region.")},
        )
    if not scope.may_change_settings:
        raise Forbidden(_("You may not change which organisations this region serves."))


@transaction.atomic
def add_served_organisation(*, actor: User, scope: Scope, served: Organisation) -> ServiceRelation:
    """The region of ``scope`` serves ``served`` from now on: its agents send tickets there."""
    _ensure_may_set_serving(scope)
    if served.kind not in SERVABLE_KINDS:
        raise InvalidInput(
            _("A service-centre region serves job centres and employment agencies only."),
            errors={"served": _("Not a job centre or agency.")},
        )
    relation, created = ServiceRelation.objects.get_or_create(
        service_centre=scope.organisation, served=served
    )
    if created:
        record(
            actor=actor,
            organisation=scope.organisation,
            action="organisation.serves",
            obj=relation,
            new={"served": served.slug},
        )
    return relation


@transaction.atomic
def remove_served_organisation(*, actor: User, scope: Scope, served: Organisation) -> bool:
    """The region no longer serves ``served``; tickets sent earlier stay where they are."""
    _ensure_may_set_serving(scope)
    relation = ServiceRelation.objects.filter(
        service_centre=scope.organisation, served=served
    ).first()
    if relation is None:
        return False
    record(
        actor=actor,
        organisation=scope.organisation,
        action="organisation.serves_no_longer",
        obj=relation,
        old={"served": served.slug},
    )
    relation.delete()
    return True
