"""Abwesenheiten: my absences and (for leads) the team's, recording and deleting them, and my
standing deputy (FND-03). The rules are in ``org.actions``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from anliegen.core import clock
from anliegen.core.errors import InvalidInput
from anliegen.org.actions import delete_absence, record_absence, set_standing_deputy
from anliegen.org.models import Absence, User
from anliegen.org.roles import CASEWORK_ROLES
from anliegen.org.scope import Scope, staff_of
from anliegen.web.forms import AbsenceForm, StandingDeputyForm
from anliegen.web.views.base import apply_errors, org_view, redirect


def _team_people(scope: Scope) -> QuerySet[User]:
    """The people whose absences the actor manages besides their own (leads and management)."""
    if not scope.is_lead:
        return User.objects.none()
    return (
        User.objects.filter(memberships__team__in=scope.visible_teams(), is_active=True)
        .exclude(id=scope.user.id)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _visible_absences(scope: Scope) -> QuerySet[Absence]:
    people = Q(user=scope.user) | Q(user__in=_team_people(scope))
    return Absence.objects.filter(people, organisation=scope.organisation)


def _forms(
    scope: Scope, absence_form: AbsenceForm | None, deputy_form: StandingDeputyForm | None
) -> tuple[AbsenceForm, StandingDeputyForm]:
    staff = list(staff_of(scope.organisation, roles=CASEWORK_ROLES))  # eligible deputies
    others = [u for u in staff if u.id != scope.user.id]
    people = [scope.user, *_team_people(scope)]
    absence_form = absence_form or AbsenceForm(
        people=people, staff=staff, initial={"person": str(scope.user.pk)}
    )
    deputy_form = deputy_form or StandingDeputyForm(
        staff=others, initial={"deputy": str(scope.user.deputy_id or "")}
    )
    return absence_form, deputy_form


def _page(
    request: HttpRequest,
    scope: Scope,
    absence_form: AbsenceForm | None = None,
    deputy_form: StandingDeputyForm | None = None,
) -> HttpResponse:
    absence_form, deputy_form = _forms(scope, absence_form, deputy_form)
    today = clock.today()
    current = _visible_absences(scope).filter(end__gte=today).select_related("user", "deputy")
    context: dict[str, Any] = {
        "section": "abwesenheiten",
        "mine": current.filter(user=scope.user).order_by("start"),
        "team": current.exclude(user=scope.user).order_by("start", "user__last_name")
        if scope.is_lead
        else None,
        "absence_form": absence_form,
        "deputy_form": deputy_form,
        "today": today,
    }
    return render(request, "web/absences/index.html", context)


@org_view
def absences(request: HttpRequest, scope: Scope) -> HttpResponse:
    if request.method != "POST":
        return _page(request, scope)
    staff = list(staff_of(scope.organisation, roles=CASEWORK_ROLES))  # eligible deputies
    people = [scope.user, *_team_people(scope)]
    form = AbsenceForm(request.POST, people=people, staff=staff)
    if form.is_valid():
        data = form.cleaned_data
        by_id = {str(u.pk): u for u in staff} | {str(p.pk): p for p in people}
        try:
            record_absence(
                actor=scope.user,
                scope=scope,
                person=by_id[data["person"]],
                start=data["start"],
                end=data["end"],
                deputy=by_id.get(data["deputy"]) if data["deputy"] else None,
                note=data["note"],
            )
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The absence was recorded."))
            return redirect(request, reverse("web:absences", args=[scope.organisation.slug]))
    return _page(request, scope, absence_form=form)


def _absence_for(scope: Scope, absence_id: int) -> Absence:
    absence = (
        _visible_absences(scope).select_related("user", "deputy").filter(id=absence_id).first()
    )
    if absence is None:
        raise Http404(_("Absence not found."))
    return absence


@org_view
def absence_delete(request: HttpRequest, scope: Scope, absence_id: int) -> HttpResponse:
    """Delete an absence after a confirmation page."""
    absence = _absence_for(scope, absence_id)
    if request.method == "POST":
        delete_absence(actor=scope.user, scope=scope, absence=absence)
        messages.success(request, _("The absence was deleted."))
        return redirect(request, reverse("web:absences", args=[scope.organisation.slug]))
    return render(
        request,
        "web/absences/confirm_delete.html",
        {"section": "abwesenheiten", "absence": absence},
    )


@org_view
def standing_deputy(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Set my standing deputy (used whenever an absence names none)."""
    url = reverse("web:absences", args=[scope.organisation.slug])
    if request.method != "POST":
        return redirect(request, url)
    eligible = staff_of(scope.organisation, roles=CASEWORK_ROLES)
    others = [u for u in eligible if u.id != scope.user.id]
    form = StandingDeputyForm(request.POST, staff=others)
    if form.is_valid():
        deputy = next((u for u in others if str(u.pk) == form.cleaned_data["deputy"]), None)
        try:
            set_standing_deputy(actor=scope.user, scope=scope, person=scope.user, deputy=deputy)
        except InvalidInput as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your standing deputy was saved."))
            return redirect(request, url)
    return _page(request, scope, deputy_form=form)
