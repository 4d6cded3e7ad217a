"""Which work items an actor may see and act on (FND-03, FND-07). The only place that says so."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.core.errors import Forbidden, NotFound
from anliegen.org.roles import Role
from anliegen.org.scope import Scope, deputised_user_ids
from anliegen.work.models import Kind, WorkItem

#: Reactions that only management and its office may see (KRM-02): complaints about a member of
#: staff's conduct (Dienstaufsichtsbeschwerden) and petitions. Kinds of ``reactions.Reaction``.
CONFIDENTIAL_REACTION_KINDS = ("conduct_complaint", "petition")
#: The roles that see them.
CONFIDENTIAL_ROLES = frozenset({Role.MANAGEMENT, Role.MANAGEMENT_OFFICE})


def sees_confidential(scope: Scope) -> bool:
    return scope.is_superuser or scope.has_role(*CONFIDENTIAL_ROLES)


#: A reaction item that may be confidential: its reaction is of a confidential kind, or there is
#: no reaction behind it at all (deny by default, issue 14 fault 6: nothing tells what it is).
MAYBE_CONFIDENTIAL = Q(kind=Kind.REACTION) & (
    Q(reaction__isnull=True) | Q(reaction__kind__in=CONFIDENTIAL_REACTION_KINDS)
)


def without_confidential(scope: Scope, items: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """Drop confidential reactions for everyone but management and its office (KRM-02), also
    where the actor is org-wide (admin) or deputises for a member of management. Deny by
    default: a reaction item is shown only if its reaction exists and is not confidential."""
    if sees_confidential(scope):
        return items
    return items.exclude(MAYBE_CONFIDENTIAL)


def responsible_ids(scope: Scope) -> set[int]:
    """The actor and everyone they deputise for today."""
    return {scope.user.id} | deputised_user_ids(scope.user, scope.organisation)


def items_visible_to(scope: Scope) -> QuerySet[WorkItem]:
    items = without_confidential(scope, WorkItem.objects.filter(organisation=scope.organisation))
    if scope.org_wide:
        return items
    return items.filter(
        Q(assignee_id__in=responsible_ids(scope)) | Q(team__in=scope.visible_teams())
    )


def get_item_for(scope: Scope, item_id: int) -> WorkItem:
    try:
        return (
            items_visible_to(scope).select_related("customer", "team", "assignee").get(id=item_id)
        )
    except (WorkItem.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Work item not found.")) from None


def ensure_may_act(scope: Scope, item: WorkItem) -> None:
    """The assignee, their deputy, the team's leads and management may act on an item."""
    if item.organisation_id != scope.organisation.id:
        raise NotFound(_("Work item not found."))
    if (
        item.kind == Kind.REACTION
        and not sees_confidential(scope)
        and WorkItem.objects.filter(MAYBE_CONFIDENTIAL, id=item.id).exists()
    ):
        raise NotFound(_("Work item not found."))
    if scope.org_wide or item.assignee_id in responsible_ids(scope):
        return
    if item.team_id is not None and scope.may_lead_team(item.team_id):
        return
    raise Forbidden(_("You are not responsible for this item."))
