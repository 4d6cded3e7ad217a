"""Who may hold social data through an assignment (issue 9, defect 2; § 35 SGB I).

A customer's contact person, an absence deputy and a standing deputy see customers' social
data. Only active staff with a casework role in the same organisation may be chosen; the write
paths refuse others (:mod:`anliegen.customers.actions`, :mod:`anliegen.org.actions`). Rows that
were written before, through the admin or an import, are found here and reported by
``manage.py check_assignments``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from anliegen.core import clock
from anliegen.customers.models import Customer
from anliegen.org.models import Absence, Membership, Organisation, User
from anliegen.org.roles import CASEWORK_ROLES


@dataclass(frozen=True)
class BadAssignment:
    """One assignment to somebody without a casework role in the organisation."""

    kind: str
    """``contact_person``, ``absence_deputy`` or ``standing_deputy``."""
    organisation: str
    """The organisation's slug."""
    holder: str
    """Whose assignment: the customer number, or the username of the absent person."""
    assignee: str
    """Username of the person assigned."""
    ref: int
    """Id of the customer, absence or user row."""

    def describe(self) -> str:
        """A German line for the report."""
        what = {
            "contact_person": "Ansprechperson von Kunde/Kundin",
            "absence_deputy": "Abwesenheitsvertretung von",
            "standing_deputy": "Ständige Vertretung von",
        }[self.kind]
        return (
            f"{self.organisation}: {what} {self.holder} ist {self.assignee} "
            "— ohne Rolle in der Fallbearbeitung dieser Organisation."
        )


def _caseworkers() -> dict[int, set[int]]:
    """Organisation id → ids of its active staff with a casework role."""
    eligible: dict[int, set[int]] = defaultdict(set)
    rows = Membership.objects.filter(role__in=list(CASEWORK_ROLES), user__is_active=True)
    for organisation_id, user_id in rows.values_list("organisation_id", "user_id"):
        eligible[organisation_id].add(user_id)
    return eligible


def bad_assignments(*, today: dt.date | None = None) -> list[BadAssignment]:
    """Every contact person, absence deputy (of an absence not yet over) and standing deputy
    who is not active staff with a casework role in the organisation concerned."""
    today = today or clock.today()
    eligible = _caseworkers()
    slugs = dict(Organisation.objects.values_list("id", "slug"))
    found: list[BadAssignment] = []
    customers = (
        Customer.objects.filter(contact_person__isnull=False)
        .values_list(
            "id",
            "organisation_id",
            "customer_number",
            "contact_person_id",
            "contact_person__username",
        )
        .order_by("organisation_id", "customer_number")
    )
    for customer_id, org_id, number, person_id, username in customers.iterator():
        if person_id not in eligible[org_id]:
            found.append(
                BadAssignment("contact_person", slugs[org_id], number, username, customer_id)
            )
    absences = (
        Absence.objects.filter(deputy__isnull=False, end__gte=today)
        .select_related("user", "deputy")
        .order_by("organisation_id", "start", "id")
    )
    for absence in absences:
        assert absence.deputy is not None
        if absence.deputy_id not in eligible[absence.organisation_id]:
            found.append(
                BadAssignment(
                    "absence_deputy",
                    slugs[absence.organisation_id],
                    absence.user.username,
                    absence.deputy.username,
                    absence.pk,
                )
            )
    memberships: dict[int, set[int]] = defaultdict(set)
    for user_id, org_id in Membership.objects.values_list("user_id", "organisation_id"):
        memberships[user_id].add(org_id)
    for user in User.objects.filter(deputy__isnull=False).select_related("deputy").order_by("id"):
        assert user.deputy is not None
        for org_id in sorted(memberships[user.pk]):
            if user.deputy_id not in eligible[org_id]:
                found.append(
                    BadAssignment(
                        "standing_deputy",
                        slugs[org_id],
                        user.username,
                        user.deputy.username,
                        user.pk,
                    )
                )
    return found
