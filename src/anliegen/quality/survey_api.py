"""API of the surveys (QS-04, CONTRACT.md): create a wave with tokens, answer with a token
(no authentication), close, results."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from anliegen.api.context import actor, codes, org_scope
from anliegen.api.inputs import required_text
from anliegen.api.problems import error_responses
from anliegen.core.errors import Forbidden

from . import access, survey_actions, survey_results
from .models import Survey

router = Router(tags=["quality"])


class QuestionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = required_text(max_length=300)


class SurveyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = required_text(max_length=200)
    audience: codes(Survey.Audience)  # type: ignore[valid-type]
    site: int | None = None
    channel: str = Field("", max_length=60, description="e.g. `Eingangszone`, `Telefon`")
    service: str = Field("", max_length=60, description="e.g. `Leistung`, `Vermittlung`")
    questions: list[QuestionIn] = Field(
        max_length=50,
        json_schema_extra={"minItems": 1},  # at least one: the action says so
    )
    tokens: int = Field(ge=0, le=survey_actions.MAX_TOKENS)


class SurveyOut(Schema):
    id: int
    title: str
    audience: str
    site: int | None
    channel: str
    service: str
    wave: int
    status: str = Field(description="`open` or `closed`")
    opened_on: dt.date
    closed_on: dt.date | None
    responses: int


class SurveyCreatedOut(SurveyOut):
    tokens: list[str] = Field(description="single-use tokens, shown only now")


def survey_out(survey: Survey) -> SurveyOut:
    return SurveyOut(
        id=survey.pk,
        title=survey.title,
        audience=survey.audience,
        site=survey.site_id,
        channel=survey.channel,
        service=survey.service,
        wave=survey.wave,
        status=survey.status,
        opened_on=survey.opened_on,
        closed_on=survey.closed_on,
        responses=survey.responses,
    )


@router.post(
    "/orgs/{org}/surveys",
    response={201: SurveyCreatedOut, **error_responses(401, 403, 404, 422)},
    summary="Start a survey wave with single-use tokens (QS-04)",
    description=(
        "Management, GF office, administrators. Answers are on a scale of 1–5. The tokens are "
        "returned once and stored only as digests; no token is ever linked to an answer."
    ),
)
def create_survey(request: HttpRequest, org: str, payload: SurveyIn) -> Status[SurveyCreatedOut]:
    survey, tokens = survey_actions.create_survey(
        actor=actor(request),
        scope=org_scope(request, org),
        title=payload.title,
        audience=payload.audience,
        site_id=payload.site,
        channel=payload.channel,
        service=payload.service,
        questions=[q.text for q in payload.questions],
        tokens=payload.tokens,
    )
    return Status(201, SurveyCreatedOut(**survey_out(survey).model_dump(), tokens=tokens))


@router.get(
    "/orgs/{org}/surveys",
    response={200: list[SurveyOut], **error_responses(401, 403, 404)},
    summary="The survey waves of the organisation (QS-04)",
)
def list_surveys(request: HttpRequest, org: str) -> list[SurveyOut]:
    scope = org_scope(request, org)
    if not access.may_view(scope):
        raise Forbidden()
    return [survey_out(s) for s in Survey.objects.filter(organisation=scope.organisation)]


class AnswersIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: list[int] = Field(max_length=50, description="one value 1–5 per question, in order")


class Received(Schema):
    received: bool = True


@router.post(
    "/surveys/{token}/answers",
    auth=None,
    response={201: Received, **error_responses(404, 410, 422)},
    summary="Answer a survey with a single-use token (QS-04, no authentication)",
    description=(
        "A used token or a closed survey: 410; an unknown token: 404; a value outside 1–5: "
        "422 — and nothing is counted. No address, user agent or time is stored."
    ),
)
def answer(request: HttpRequest, token: str, payload: AnswersIn) -> Status[Received]:
    survey_actions.submit_answers(token=token, answers=payload.answers)
    return Status(201, Received())


@router.post(
    "/orgs/{org}/surveys/{survey_id}/close",
    response={200: SurveyOut, **error_responses(401, 403, 404, 409)},
    summary="Close a survey wave; its results appear (QS-04)",
)
def close(request: HttpRequest, org: str, survey_id: int) -> SurveyOut:
    scope = org_scope(request, org)
    survey = survey_actions.get_survey_for(scope, survey_id)
    return survey_out(survey_actions.close_survey(actor=actor(request), scope=scope, survey=survey))


class QuestionResultOut(Schema):
    text: str
    mean: float | None = Field(description="null while open or where a cell is suppressed")
    counts: dict[str, int | None] | None = Field(
        description="answers per value 1–5; null while open or with fewer than 5 answers; "
        "a suppressed cell (fewer than 5, or complementary) is null"
    )


class ResultsOut(Schema):
    responses: int = Field(description="participants so far")
    status: str
    wave: int
    questions: list[QuestionResultOut]


def results_out(result: survey_results.WaveResult) -> ResultsOut:
    return ResultsOut(
        responses=result.survey.responses,
        status=result.survey.status,
        wave=result.survey.wave,
        questions=[
            QuestionResultOut(
                text=q.text,
                mean=q.result.mean if q.result else None,
                counts=(
                    {str(k): v for k, v in q.result.counts.items()}
                    if q.result and q.result.counts is not None
                    else None
                ),
            )
            for q in result.questions
        ],
    )


@router.get(
    "/orgs/{org}/surveys/{survey_id}/results",
    response={200: ResultsOut, **error_responses(401, 404)},
    summary="Results of a survey wave (QS-04)",
    description=(
        "Only once the wave is closed. Fewer than 5 answers behind a figure: null, with "
        "complementary suppression so that no total minus the shown cells reveals a small "
        "group."
    ),
)
def results(request: HttpRequest, org: str, survey_id: int) -> ResultsOut:
    survey = survey_actions.get_survey_for(org_scope(request, org), survey_id)
    return results_out(survey_results.wave_result(survey))
