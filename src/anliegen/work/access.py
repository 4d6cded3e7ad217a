"""Which work items an actor may see and act on (FND-03, FND-07). The only place that says so."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.core.errors import Forbidden, NotFound
from anliegen.org.scope import Scope, deputised_user_ids
from anliegen.work.models import WorkItem


def responsible_ids(scope: Scope) -> set[int]:
    """The actor and everyone they deputise for today."""
    return {scope.user.id} | deputised_user_ids(scope.user, scope.organisation)


def items_visible_to(scope: Scope) -> QuerySet[WorkItem]:
    items = WorkItem.objects.filter(organisation=scope.organisation)
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
    if scope.org_wide or item.assignee_id in responsible_ids(scope):
        return
    if item.team_id is not None and scope.may_lead_team(item.team_id):
        return
    raise Forbidden(_("You are not responsible for this item."))
