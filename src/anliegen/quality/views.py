"""Pages of the quality standards: the overview "Qualitätsstandards" with the deviations
(QS-01, QS-07) and its export. Writes go through :mod:`anliegen.quality.actions`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from anliegen.core.errors import InvalidInput
from anliegen.org.models import Site
from anliegen.org.scope import Scope
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.views.base import apply_errors, org_view, redirect

from . import access, actions, overview
from .forms import DeviationForm
from .models import Deviation
from .standard import decimal_text


def ensure_may_view(scope: Scope) -> None:
    if not access.may_view(scope):
        raise Http404(_("Page not found."))


def _state_of(index: int) -> Callable[[overview.SiteRow], str]:
    def value(row: overview.SiteRow) -> str:
        return row.cells[index][1].label

    return value


def _text_of(index: int) -> Callable[[overview.SiteRow], str]:
    def value(row: overview.SiteRow) -> str:
        return row.cells[index][1].text

    return value


def _export_columns(board: overview.Overview) -> list[Column]:
    columns = [Column(gettext_lazy("Site"), lambda row: row.site.name, 36)]
    for index, standard in enumerate(board.standards):
        columns.append(Column(f"{standard.code} {standard.label}", _state_of(index), 18))
        columns.append(Column(f"{standard.code} {_('Details')}", _text_of(index), 40))
    return columns


def _overview_url(scope: Scope) -> str:
    return reverse("quality:overview", args=[scope.organisation.slug])


def _deviations(scope: Scope) -> list[Deviation]:
    rows = (
        Deviation.objects.filter(organisation=scope.organisation)
        .select_related("site", "proposed_by")
        .prefetch_related("consents__user")
        .order_by("-proposed_at", "-id")
    )
    result = []
    for deviation in rows:
        sides = {c.side for c in deviation.consents.all()}
        deviation.consented_sides = sides  # type: ignore[attr-defined]
        deviation.may_consent = (  # type: ignore[attr-defined]
            deviation.status == Deviation.Status.PROPOSED
            and all(c.user_id != scope.user.pk for c in deviation.consents.all())
            and any(s not in sides for s in access.sides_of(scope, deviation.site))
        )
        result.append(deviation)
    return result


@org_view
def quality_overview(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``qualitaet/``: every standard × every site, the opening-hours rules, the deviations."""
    ensure_may_view(scope)
    board = overview.build_overview(scope.organisation)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            board.rows,
            _export_columns(board),
            fmt=str(fmt),
            name="qualitaetsstandards",
            title=_("Quality standards"),
        )
    return _render(request, scope, board, DeviationForm(sites=[r.site for r in board.rows]))


def _render(
    request: HttpRequest,
    scope: Scope,
    board: overview.Overview,
    form: DeviationForm,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "section": "qualitaet",
        "board": board,
        "checks": [(check, decimal_text(check.weekly_hours)) for check in board.checks],
        "deviations": _deviations(scope),
        "form": form if access.may_consent_any(scope) else None,
    }
    return render(request, "quality/overview.html", context, status=status)


@require_POST
@org_view
def propose(request: HttpRequest, scope: Scope) -> HttpResponse:
    """Propose a deviation (QS-07); errors are shown on the form, nothing is stored."""
    ensure_may_view(scope)
    sites = list(Site.objects.filter(organisation=scope.organisation))
    form = DeviationForm(request.POST, sites=sites)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.propose_deviation(
                actor=scope.user,
                scope=scope,
                site_id=int(data["site"]),
                rule=data["rule"],
                reason=data["reason"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        except InvalidInput as exc:
            apply_errors(form, exc, field_map={"site_id": "site"})
        else:
            messages.success(request, _("The deviation was proposed; both sides must consent."))
            return redirect(request, _overview_url(scope) + "#abweichungen")
    board = overview.build_overview(scope.organisation)
    return _render(request, scope, board, form, status=422)


@require_POST
@org_view
def consent(request: HttpRequest, scope: Scope, deviation_id: int) -> HttpResponse:
    """Consent to a deviation (QS-07); refusals come back as a German message."""
    ensure_may_view(scope)
    deviation = actions.consent_deviation(actor=scope.user, scope=scope, deviation_id=deviation_id)
    if deviation.status == Deviation.Status.AGREED:
        messages.success(request, _("Both sides consented: the deviation is agreed."))
    else:
        messages.success(request, _("Your consent was recorded; the other side must consent."))
    return redirect(request, _overview_url(scope) + "#abweichungen")
