"""What a person keeps for their worklists (issue 9): the chosen order per list, saved views
(personal or shared with a team, with ``@me``), and the daily digest opt-out."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core.errors import Forbidden, InvalidInput, NotFound
from anliegen.org.models import Team, User
from anliegen.org.scope import Scope
from anliegen.work.models import SavedView, WorkPreference
from anliegen.work.queries import SORTS

#: Query parameters a saved view keeps; anything else in the query string is dropped.
VIEW_PARAMS = ("q", "kind", "light", "sort", "member")
ME = "@me"


def preference_of(user: User) -> WorkPreference | None:
    return WorkPreference.objects.filter(user=user).first()


def sort_for(user: User, list_key: str) -> str | None:
    """The order this person last chose for ``list_key`` (``postkorb``, ``team``)."""
    preference = preference_of(user)
    sort = preference.sorts.get(list_key) if preference else None
    return sort if sort in SORTS else None


def remember_sort(*, actor: User, list_key: str, sort: str) -> None:
    """Keep the chosen order server-side (one row per person; a repeat writes nothing)."""
    if sort not in SORTS:
        return
    with transaction.atomic():
        preference, _created = WorkPreference.objects.select_for_update().get_or_create(user=actor)
        if preference.sorts.get(list_key) != sort:
            preference.sorts = {**preference.sorts, list_key: sort}
            preference.save(update_fields=["sorts"])


def wants_digest(user: User) -> bool:
    preference = preference_of(user)
    return preference.digest if preference else True


@transaction.atomic
def set_digest(*, actor: User, scope: Scope, enabled: bool) -> WorkPreference:
    """Opt in or out of the daily digest e-mail."""
    preference, _created = WorkPreference.objects.select_for_update().get_or_create(user=actor)
    if preference.digest != enabled:
        old = {"digest": preference.digest}
        preference.digest = enabled
        preference.save(update_fields=["digest"])
        record(
            actor=actor,
            organisation=scope.organisation,
            action="work.digest_preference",
            obj=preference,
            old=old,
            new={"digest": enabled},
        )
    return preference


# --- Saved views -------------------------------------------------------------------------------


def clean_query(query: str) -> dict[str, str]:
    """The filter parameters of a query string that a view keeps (first value of each)."""
    kept: dict[str, str] = {}
    for key, value in parse_qsl(query.lstrip("?"), keep_blank_values=False):
        if key in VIEW_PARAMS and key not in kept and len(value) <= 100:
            kept[key] = value
    return kept


def _with_me(filters: dict[str, str], actor: User) -> dict[str, str]:
    """The saver's own id in the responsible filter is kept as ``@me``, so a shared view shows
    everyone their own items."""
    if filters.get("member") == str(actor.id):
        return {**filters, "member": ME}
    return filters


def views_for(scope: Scope, team: Team | None) -> QuerySet[SavedView]:
    """The views offered on a list: my personal views of this list, and the team's shared ones
    (on a team list)."""
    mine = Q(owner=scope.user, team__isnull=True) if team is None else Q(pk__in=[])
    shared = Q(team=team) if team is not None else Q(pk__in=[])
    return SavedView.objects.filter(organisation=scope.organisation).filter(mine | shared)


@transaction.atomic
def save_view(
    *, actor: User, scope: Scope, name: str, query: str, team: Team | None = None
) -> SavedView:
    """Save the current filters and order as a named view; ``team`` shares it with the team
    (team leads only). The responsible person may be ``@me``."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Please name the view."), errors={"name": _("Required.")})
    if team is not None and not scope.may_lead_team(team.id):
        raise Forbidden(_("Only the team lead may share views with the team."))
    try:
        with transaction.atomic():
            view = SavedView.objects.create(
                organisation=scope.organisation,
                owner=actor,
                team=team,
                name=name[:80],
                filters=_with_me(clean_query(query), actor),
            )
    except IntegrityError:
        raise InvalidInput(
            _("A view with this name exists already."),
            errors={"name": _("A view with this name exists already.")},
        ) from None
    record(
        actor=actor,
        organisation=scope.organisation,
        action="work.view_saved",
        obj=view,
        new={"name": view.name, "team": team.id if team else None, "filters": view.filters},
    )
    return view


@transaction.atomic
def delete_view(*, actor: User, scope: Scope, view_id: int) -> None:
    view = SavedView.objects.filter(id=view_id, organisation=scope.organisation).first()
    if view is None:
        raise NotFound(_("View not found."))
    if view.owner_id != actor.id and not (view.team_id and scope.may_lead_team(view.team_id)):
        raise Forbidden(_("Only whoever saved the view may delete it."))
    record(
        actor=actor,
        organisation=scope.organisation,
        action="work.view_deleted",
        obj=view,
        old={"name": view.name},
    )
    view.delete()


def view_query(view: SavedView, user: User) -> str:
    """The query string of a view for whoever opens it: ``@me`` becomes their own id."""
    filters = {k: (str(user.id) if v == ME else v) for k, v in view.filters.items()}
    return urlencode(filters)


def get_view_for(scope: Scope, view_id: int, team: Team | None) -> SavedView:
    view = views_for(scope, team).filter(id=view_id).first()
    if view is None:
        raise NotFound(_("View not found."))
    return view
