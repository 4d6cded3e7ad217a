"""The participants' page of a survey (``/portal/befragung/<token>/``, no login, QS-04). It reads
nothing about the participant: no address, no user agent, no cookie of its own."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from anliegen.core.errors import DomainError, InvalidInput

from . import survey_actions
from .forms import AnswerForm
from .models import SurveyQuestion


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# The token in the URL is the credential; there is no session to protect from cross-site posts.
@csrf_exempt
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        survey = survey_actions.survey_of_token(token)
    except DomainError as exc:
        response = render(
            request,
            "quality/public_survey_closed.html",
            {"message": exc.message},
            status=exc.status,
        )
        return _no_store(response)
    questions = list(
        SurveyQuestion.objects.filter(survey=survey)
        .order_by("position")
        .values_list("text", flat=True)
    )
    form = AnswerForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            survey_actions.submit_answers(token=token, answers=form.answers())
        except InvalidInput as exc:
            for key, text in exc.errors.items():
                name = f"q{int(key.split('.')[1]) + 1}" if key.startswith("answers.") else None
                form.add_error(name if name in form.fields else None, text)
            status = 422
        except DomainError as exc:
            response = render(
                request,
                "quality/public_survey_closed.html",
                {"message": exc.message},
                status=exc.status,
            )
            return _no_store(response)
        else:
            return _no_store(
                render(request, "quality/public_survey_thanks.html", {"survey": survey})
            )
    context = {"survey": survey, "form": form, "organisation": survey.organisation}
    return _no_store(render(request, "quality/public_survey.html", context, status=status))
