"""Survey results (QS-04): only for closed waves, every figure protected by
:mod:`anliegen.quality.suppression`; a series of waves for the results over time. One grouped
query per page, read from the index (survey, question, value)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from .models import Survey, SurveyAnswer, SurveyQuestion
from .suppression import QuestionResult, protect


@dataclass(frozen=True)
class QuestionLine:
    position: int
    text: str
    result: QuestionResult | None  # None while the wave is open


@dataclass(frozen=True)
class WaveResult:
    survey: Survey
    questions: list[QuestionLine]

    @property
    def published(self) -> bool:
        return self.survey.status == Survey.Status.CLOSED


def series_of(survey: Survey) -> QuerySet[Survey]:
    """Every wave of the survey's series, oldest first."""
    return Survey.objects.filter(
        organisation_id=survey.organisation_id,
        title=survey.title,
        audience=survey.audience,
        site=survey.site,
        channel=survey.channel,
        service=survey.service,
    ).order_by("wave", "id")


def results_for(surveys: Sequence[Survey]) -> list[WaveResult]:
    closed = [s.pk for s in surveys if s.status == Survey.Status.CLOSED]
    counts: dict[tuple[int, int], dict[int, int]] = {}
    rows = (
        SurveyAnswer.objects.filter(survey_id__in=closed)
        .values_list("survey_id", "question_id", "value")
        .annotate(n=Count("*"))
        .order_by()
    )
    for survey_id, question_id, value, n in rows:
        counts.setdefault((survey_id, question_id), {})[value] = n
    questions: dict[int, list[SurveyQuestion]] = {}
    for question in SurveyQuestion.objects.filter(survey__in=surveys).order_by("position"):
        questions.setdefault(question.survey_id, []).append(question)
    return [
        WaveResult(
            survey=survey,
            questions=[
                QuestionLine(
                    position=q.position,
                    text=q.text,
                    result=protect(counts.get((survey.pk, q.pk), {}))
                    if survey.pk in closed
                    else None,
                )
                for q in questions.get(survey.pk, [])
            ],
        )
        for survey in surveys
    ]


def wave_result(survey: Survey) -> WaveResult:
    return results_for([survey])[0]
