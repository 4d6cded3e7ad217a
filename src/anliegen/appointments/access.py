"""Whose calendar the actor may plan in (KON-06, and every procedure that books appointments).

The case worker themselves, whoever deputises for them today, the leads of their teams (area
management for the teams of their areas) and management; roles without customer access see no
calendar at all. The same people see the appointments.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from anliegen.core.errors import NotFound
from anliegen.org.models import Membership, User
from anliegen.org.scope import Scope
from anliegen.work.access import responsible_ids


def ensure_casework(scope: Scope) -> None:
    """Providers and other roles without casework see no calendar at all: 404."""
    if not scope.may_see_customers:
        raise Http404(_("Customer not found."))


def staff_of_teams(scope: Scope) -> list[User]:
    """Active members of the teams the actor leads or oversees, by name."""
    return list(
        User.objects.filter(memberships__team__in=scope.visible_teams(), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def may_plan(scope: Scope, case_worker: User) -> bool:
    if not scope.may_see_customers:
        return False
    if scope.org_wide or case_worker.id in responsible_ids(scope):
        return True
    return Membership.objects.filter(
        user=case_worker, team__in=list(scope.visible_teams())
    ).exists()


def ensure_may_plan(scope: Scope, case_worker: User) -> None:
    """The actor may plan for the case worker: themselves, as deputy, as their lead, or as
    management; NotFound otherwise."""
    if not may_plan(scope, case_worker):
        raise NotFound(_("Member of staff not found."))
