"""Who may book, see and change callbacks (SOC-05), and the lookups that apply it: the service
centre's staff for every OS team of the region, OS staff for their own teams."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import log_customer_view
from anliegen.core.errors import InvalidInput, NotFound
from anliegen.org.models import Organisation, Team, User
from anliegen.org.scope import Scope, scope_for
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks.models import Callback


def _scope(scope: Scope | None, by: User | None, organisation: Organisation) -> Scope | None:
    if scope is not None:
        return scope
    if by is not None and by.is_authenticated:
        return scope_for(by, organisation)
    return None


def may_book(scope: Scope, team: Team) -> bool:
    """SC staff for every OS team of the region; OS staff for their own teams."""
    return queries.is_sc_staff(scope) or team.id in queries.os_team_ids(scope)


def may_record(scope: Scope, callback: Callback) -> bool:
    """OS staff of the callback's team (and the region's management) record attempts."""
    return callback.team_id in queries.os_team_ids(scope)


def callbacks_visible_to(scope: Scope) -> QuerySet[Callback]:
    """The callbacks of the OS teams the actor works in or leads; the service centre's staff see
    the region's callbacks (they cancel and move them when the customer calls)."""
    callbacks = Callback.objects.filter(organisation=scope.organisation).select_related(
        "item", "team", "place", "customer", "created_by"
    )
    if scope.org_wide or queries.is_sc_staff(scope):
        return callbacks
    return callbacks.filter(Q(team_id__in=queries.os_team_ids(scope)) | Q(created_by=scope.user))


def get_callback_for(scope: Scope, callback_id: object, *, via: str | None = None) -> Callback:
    """A visible callback; with ``via`` the view of the customer's record is logged."""
    try:
        callback = callbacks_visible_to(scope).get(id=int(str(callback_id)))
    except (Callback.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("Callback not found.")) from None
    if via is not None:
        log_customer_view(actor=scope.user, customer=callback.customer, via=via, purpose="callback")
    return callback


def os_team_or_error(organisation: Organisation, team: Team | int | str | None) -> Team:
    """An OS team of the region, or a German 422."""
    team_id = team.id if isinstance(team, Team) else team
    found = None
    if isinstance(team_id, int) or (isinstance(team_id, str) and team_id.isdigit()):
        found = (
            queries.os_teams(organisation)
            .select_related("area__site", "organisation")
            .filter(id=int(team_id))
            .first()
        )
    if found is None:
        message = _("This team is no operative-service team of the region.")
        raise InvalidInput(message, errors={"team": message})
    return found
