"""Who may book, see and change callbacks (SOC-05), and the lookups that apply it: the service
centre's staff for every OS team of the region, OS staff for their own teams. The one place of
these checks; the write path, the API, the pages and the portal all ask here."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import log_customer_view
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.models import Organisation, Team, User
from anliegen.org.scope import Scope, scope_for
from anliegen.servicecenter import queries
from anliegen.servicecenter.callbacks.models import Callback


def acting_scope(
    scope: Scope | None, actor: User | None, organisation: Organisation
) -> Scope | None:
    """The scope a write is checked against: the one given, else the actor's; ``None`` for a
    write without a person (the portal, jobs) — then no permission check applies."""
    if scope is not None:
        return scope
    if actor is not None and actor.is_authenticated:
        return scope_for(actor, organisation)
    return None


def may_see_calendar(scope: Scope) -> bool:
    """The OS calendar: the OS teams (the same check as their special inbox)."""
    return queries.may_see_inbox(scope)


def may_book_any(scope: Scope) -> bool:
    """Whether the actor may book callbacks for any team: the booking pages and blocks."""
    return queries.is_sc_staff(scope) or may_see_calendar(scope)


def may_book(scope: Scope, team: Team) -> bool:
    """SC staff for every OS team of the region; OS staff for their own teams. Rescheduling and
    cancelling ask the same."""
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


def get_callback_of_item(scope: Scope, item_id: int) -> Callback:
    """The callback of work item ``item_id`` if the actor sees it (the work kind's page)."""
    try:
        return callbacks_visible_to(scope).get(item_id=item_id)
    except (Callback.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Callback not found.")) from None


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


def ensure_may_change(scope: Scope | None, callback: Callback) -> None:
    """Cancelling and rescheduling: 404 outside the region, 403 for another team; no check
    without a scope (the portal, jobs)."""
    if scope is None:
        return
    if callback.organisation_id != scope.organisation.id:
        raise NotFound(_("Callback not found."))
    if not may_book(scope, callback.team):
        raise Forbidden(_("You may not change callbacks of this team."))


def ensure_may_record(scope: Scope | None, callback: Callback) -> None:
    """Recording attempts: 404 outside the region, 403 unless the OS staff of the team."""
    if scope is None:
        return
    if callback.organisation_id != scope.organisation.id:
        raise NotFound(_("Callback not found."))
    if not may_record(scope, callback):
        raise Forbidden(_("Only the operative service records callback attempts."))
