"""The one write path of surveys (QS-04): create a wave with its single-use tokens, answer,
close.

Anonymity by design (as LimeSurvey's anonymised mode): a token is stored only as its SHA-256
digest with a ``used`` flag; an answer row holds the wave, the question and the value. No row
links a token to an answer, no answer carries a time (the wave is the finest time), and no
address or user agent is read. Answering is not audited for the same reason — the audit log
would time-stamp each answer; the survey's counter of responses is all that is kept.

A token is spent by a conditional ``UPDATE … WHERE used = false``: of two concurrent answers
with the same token exactly one counts.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from anliegen.audit.actions import record
from anliegen.core import clock
from anliegen.core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound
from anliegen.org.models import Site, User
from anliegen.org.scope import Scope

from . import access
from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyToken
from .suppression import SCALE

MAX_TOKENS = 20000
MAX_QUESTIONS = 50


class Gone(DomainError):
    """The token was used, or the survey is closed: 410."""

    status = 410


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_tokens(survey: Survey, count: int) -> list[str]:
    tokens = [secrets.token_urlsafe(12) for _n in range(count)]
    SurveyToken.objects.bulk_create(
        (SurveyToken(survey=survey, digest=digest(t)) for t in tokens), batch_size=2000
    )
    return tokens


def get_survey_for(scope: Scope, survey_id: int) -> Survey:
    survey = Survey.objects.filter(organisation=scope.organisation, pk=survey_id).first()
    if survey is None or not access.may_view(scope):
        raise NotFound(_("Survey not found."))
    return survey


def _survey_dict(survey: Survey) -> dict[str, Any]:
    return {
        "title": survey.title,
        "audience": survey.audience,
        "site": survey.site_id,
        "channel": survey.channel,
        "service": survey.service,
        "wave": survey.wave,
        "status": survey.status,
    }


@transaction.atomic
def create_survey(
    *,
    actor: User,
    scope: Scope,
    title: str,
    audience: str,
    questions: Sequence[str],
    tokens: int,
    site_id: int | None = None,
    channel: str = "",
    service: str = "",
) -> tuple[Survey, list[str]]:
    """A new wave; the next wave number of its series (title, audience, site, channel,
    service). Returns the wave and its tokens — shown once, never stored in clear."""
    if not access.may_manage_surveys(scope):
        raise Forbidden(_("Only the management may run surveys."))
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the survey a title.")
    if audience not in Survey.Audience.values:
        errors["audience"] = _("Choose customers or employees.")
    texts = [(q or "").strip() for q in questions]
    if not texts or len(texts) > MAX_QUESTIONS:
        errors["questions"] = _("Ask between 1 and %(n)s questions.") % {"n": MAX_QUESTIONS}
    elif any(not t for t in texts):
        errors["questions"] = _("Every question needs a text.")
    if not 0 <= tokens <= MAX_TOKENS:
        errors["tokens"] = _("Issue between 0 and %(n)s tokens.") % {"n": MAX_TOKENS}
    site = None
    if site_id is not None:
        site = Site.objects.filter(organisation=scope.organisation, pk=site_id).first()
        if site is None:
            errors["site"] = _("Choose a site.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    series = Survey.objects.filter(
        organisation=scope.organisation,
        title=title,
        audience=audience,
        site=site,
        channel=channel.strip(),
        service=service.strip(),
    )
    survey = Survey.objects.create(
        organisation=scope.organisation,
        title=title,
        audience=audience,
        site=site,
        channel=channel.strip(),
        service=service.strip(),
        wave=series.count() + 1,
        opened_on=clock.today(),
        created_by=actor,
    )
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, position=n, text=text) for n, text in enumerate(texts, 1)
    )
    issued = new_tokens(survey, tokens)
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.survey_created",
        obj=survey,
        new={**_survey_dict(survey), "questions": texts, "tokens": tokens},
    )
    return survey, issued


@transaction.atomic
def issue_tokens(*, actor: User, scope: Scope, survey: Survey, count: int) -> list[str]:
    """More tokens for an open wave (e.g. a second letter run)."""
    if not access.may_manage_surveys(scope):
        raise Forbidden(_("Only the management may run surveys."))
    if survey.status != Survey.Status.OPEN:
        raise Conflict(_("The survey is closed."))
    if not 1 <= count <= MAX_TOKENS:
        message = _("Issue between 1 and %(n)s tokens.") % {"n": MAX_TOKENS}
        raise InvalidInput(message, errors={"count": message})
    issued = new_tokens(survey, count)
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.survey_tokens_issued",
        obj=survey,
        new={"tokens": count},
    )
    return issued


@transaction.atomic
def close_survey(*, actor: User, scope: Scope, survey: Survey) -> Survey:
    if not access.may_manage_surveys(scope):
        raise Forbidden(_("Only the management may run surveys."))
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    closed = Survey.objects.filter(pk=survey.pk, status=Survey.Status.OPEN).update(
        status=Survey.Status.CLOSED, closed_on=clock.today()
    )
    if not closed:
        raise Conflict(_("The survey is already closed."))
    survey.refresh_from_db()
    record(
        actor=actor,
        organisation=scope.organisation,
        action="quality.survey_closed",
        obj=survey,
        new=_survey_dict(survey),
    )
    return survey


def survey_of_token(token: str) -> Survey:
    """The wave a token belongs to (for showing the questions); German 404/410 otherwise."""
    row = SurveyToken.objects.filter(digest=digest(token or "")).select_related("survey").first()
    if row is None:
        raise NotFound(_("This access code is unknown. Please check the link or code."))
    if row.used:
        raise Gone(_("This access code has already been used. Your answers were counted once."))
    if row.survey.status != Survey.Status.OPEN:
        raise Gone(_("This survey is closed. Thank you for your interest."))
    return row.survey


@transaction.atomic
def submit_answers(*, token: str, answers: Sequence[object]) -> None:
    """Record one participant's answers (one value 1–5 per question, in order) and spend the
    token. Bad input (422) spends nothing; a used token (410) or an unknown one (404) counts
    nothing."""
    survey = survey_of_token(token)
    # Lock the wave: closing waits for answers in flight, answers wait for a closing.
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.OPEN:
        raise Gone(_("This survey is closed. Thank you for your interest."))
    questions = list(SurveyQuestion.objects.filter(survey=survey).order_by("position"))
    errors: dict[str, str] = {}
    if len(answers) != len(questions):
        errors["answers"] = _("Answer each of the %(n)s questions.") % {"n": len(questions)}
    else:
        for n, value in enumerate(answers):
            if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
                errors[f"answers.{n}"] = _("Choose a value from 1 to 5.")
    if errors:
        raise InvalidInput(next(iter(errors.values())), errors=errors)
    spent = SurveyToken.objects.filter(digest=digest(token), used=False).update(used=True)
    if not spent:
        raise Gone(_("This access code has already been used. Your answers were counted once."))
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(survey=survey, question=question, value=int(value))  # type: ignore[call-overload]
        for question, value in zip(questions, answers, strict=True)
    )
    Survey.objects.filter(pk=survey.pk).update(responses=F("responses") + 1)
