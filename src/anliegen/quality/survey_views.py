"""Survey pages (QS-04): the waves, a new wave with its access codes and invitation letters,
closing, and the results over waves (tables beside charts, CSV/XLSX). The participants' page is
:mod:`anliegen.quality.public_survey`."""

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
from anliegen.letters.pdf import PDF_CONTENT_TYPE, PdfUnavailable, docx_to_pdf
from anliegen.org.models import Site
from anliegen.org.scope import Scope
from anliegen.web.charts import Series, line_chart
from anliegen.web.export import FORMATS, Column, export_response
from anliegen.web.views.base import apply_errors, org_view, redirect

from . import access, invitations, survey_actions, survey_results
from .forms import SurveyForm
from .models import Survey, SurveyToken

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _list_url(scope: Scope) -> str:
    return reverse("quality:surveys", args=[scope.organisation.slug])


def _sites(scope: Scope) -> list[Site]:
    return list(Site.objects.filter(organisation=scope.organisation))


def public_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("quality:answer", args=[token]))


@org_view
def survey_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    """``qualitaet/befragungen/``: the waves; management creates a new one (POST)."""
    if not access.may_view(scope):
        raise Http404(_("Page not found."))
    may_manage = access.may_manage_surveys(scope)
    form = SurveyForm(request.POST or None, sites=_sites(scope))
    if request.method == "POST" and may_manage and form.is_valid():
        data = form.cleaned_data
        try:
            survey, tokens = survey_actions.create_survey(
                actor=scope.user,
                scope=scope,
                title=data["title"],
                audience=data["audience"],
                site_id=int(data["site"]) if data["site"] else None,
                channel=data["channel"],
                service=data["service"],
                questions=[q for q in data["questions"].splitlines() if q.strip()],
                tokens=data["tokens"],
            )
        except InvalidInput as exc:
            apply_errors(form, exc, field_map={"site_id": "site"})
        else:
            return _codes_page(request, scope, survey, tokens)
    surveys = Survey.objects.filter(organisation=scope.organisation).select_related("site")
    context: dict[str, Any] = {
        "section": "qualitaet",
        "surveys": surveys.order_by("title", "wave"),
        "form": form if may_manage else None,
    }
    status = 422 if request.method == "POST" and form.errors else 200
    return render(request, "quality/surveys.html", context, status=status)


def _codes_page(
    request: HttpRequest, scope: Scope, survey: Survey, tokens: list[str], *, status: int = 201
) -> HttpResponse:
    """The access codes, shown once (they are stored only as digests), with their QR codes and
    the form that makes the invitation letters from them."""
    codes = [(t, public_link(request, t)) for t in tokens]
    context: dict[str, Any] = {
        "section": "qualitaet",
        "survey": survey,
        "codes": [(t, link, invitations.qr_svg(link)) for t, link in codes[:200]],
        "more": max(0, len(codes) - 200),
        "tokens_text": "\n".join(tokens),
    }
    response = render(request, "quality/survey_codes.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@org_view
def invitation_letters(request: HttpRequest, scope: Scope, survey_id: int) -> HttpResponse:
    """The invitation letters (DOCX, one page per code) for codes of this wave still unused."""
    survey = survey_actions.get_survey_for(scope, survey_id)
    if not access.may_manage_surveys(scope):
        raise Http404(_("Page not found."))
    tokens = [t.strip() for t in request.POST.get("tokens", "").split() if t.strip()]
    digests = {survey_actions.digest(t): t for t in tokens}
    valid = set(
        SurveyToken.objects.filter(survey=survey, used=False, digest__in=digests).values_list(
            "digest", flat=True
        )
    )
    if not tokens or len(tokens) > invitations.MAX_LETTERS or len(valid) != len(digests):
        messages.error(
            request,
            _("Letters are made only for unused access codes of this survey, at most %(n)s.")
            % {"n": invitations.MAX_LETTERS},
        )
        return redirect(request, _list_url(scope))
    links = [(t, public_link(request, t)) for t in dict.fromkeys(tokens)]
    body = invitations.letters_docx(scope.organisation, survey, links)
    extension, content_type = "docx", DOCX_TYPE
    if request.POST.get("format") == "pdf":
        # Converted now and not stored: the codes exist in clear only in the creator's hands.
        try:
            body, extension, content_type = docx_to_pdf(body), "pdf", PDF_CONTENT_TYPE
        except PdfUnavailable as exc:  # the codes page again, so that no code is lost
            messages.error(request, exc.message)
            return _codes_page(request, scope, survey, list(dict.fromkeys(tokens)), status=503)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="einladungen-{survey.pk}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@org_view
def close(request: HttpRequest, scope: Scope, survey_id: int) -> HttpResponse:
    survey = survey_actions.get_survey_for(scope, survey_id)
    survey_actions.close_survey(actor=scope.user, scope=scope, survey=survey)
    messages.success(request, _("The survey was closed; its results are shown."))
    return redirect(request, reverse("quality:survey", args=[scope.organisation.slug, survey.pk]))


def _count_of(value: int) -> Callable[[Any], int | None]:
    def count(row: Any) -> int | None:
        result = row[1].result
        return result.counts.get(value) if result and result.counts is not None else None

    return count


EXPORT_COLUMNS = [
    Column(gettext_lazy("Wave"), lambda row: row[0].survey.wave, 8),
    Column(gettext_lazy("Closed on"), lambda row: row[0].survey.closed_on, 12),
    Column(gettext_lazy("Responses"), lambda row: row[0].survey.responses, 10),
    Column(gettext_lazy("Question"), lambda row: row[1].text, 40),
    Column(gettext_lazy("Mean"), lambda row: row[1].result.mean if row[1].result else None, 8),
    *(Column(str(value), _count_of(value), 6) for value in (1, 2, 3, 4, 5)),
]


@org_view
def survey_detail(request: HttpRequest, scope: Scope, survey_id: int) -> HttpResponse:
    """``qualitaet/befragungen/<id>/``: the wave and the results of its series over waves."""
    survey = survey_actions.get_survey_for(scope, survey_id)
    waves = survey_results.results_for(list(survey_results.series_of(survey)))
    published = [w for w in waves if w.published]
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        rows = [(w, q) for w in published for q in w.questions]
        return export_response(
            rows, EXPORT_COLUMNS, fmt=str(fmt), name=f"befragung-{survey.pk}", title=survey.title
        )
    current = next(w for w in waves if w.survey.pk == survey.pk)
    chart = None
    if published:
        positions = sorted({q.position for w in published for q in w.questions})
        series = [
            Series(
                _("Question %(n)s") % {"n": position},
                [
                    next(
                        (q.result.mean for q in w.questions if q.position == position and q.result),
                        None,
                    )
                    for w in published
                ],
            )
            for position in positions
        ]
        chart = line_chart(
            [_("Wave %(n)s") % {"n": w.survey.wave} for w in published],
            series,
            title=_("Mean per question over the waves"),
            description=_("Means on the scale 1–5; suppressed figures are left out."),
            maximum=5,
        )
    context: dict[str, Any] = {
        "section": "qualitaet",
        "survey": survey,
        "current": current,
        "waves": published,
        "chart": chart,
        "may_manage": access.may_manage_surveys(scope),
    }
    return render(request, "quality/survey_detail.html", context)
