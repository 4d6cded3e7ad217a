"""Small helpers shared by the ticket pages."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from anliegen.core.errors import InvalidInput
from anliegen.org.models import Team, User
from anliegen.org.scope import Scope
from anliegen.web.views.base import apply_errors


def ensure_casework(scope: Scope) -> None:
    """Providers and other roles without casework see no tickets at all: 404."""
    if not scope.may_see_customers:
        raise Http404(_("Ticket not found."))


def show_errors(
    form: forms.Form, exc: InvalidInput, *, field_map: dict[str, str] | None = None
) -> None:
    """An action's ``InvalidInput`` on the form. With one field error the full sentence of the
    message goes next to that field (clearer than the short field text); otherwise as
    :func:`anliegen.web.views.base.apply_errors`."""
    field_map = field_map or {}
    if len(exc.errors) == 1 and exc.message:
        key = next(iter(exc.errors))
        name = field_map.get(key, key)
        if name in form.fields:
            form.add_error(name, exc.message)
            return
    apply_errors(form, exc, field_map=field_map)


def members_of(team: Team) -> QuerySet[User]:
    """The active members of a team: whom its lead may give tickets to (TKT-05)."""
    return (
        User.objects.filter(memberships__team=team, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
