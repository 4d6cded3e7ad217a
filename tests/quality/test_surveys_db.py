"""QS-04: surveys — single-use tokens, anonymity by design, results only for closed waves,
suppression, used and unknown tokens."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from anliegen.audit.models import AuditEntry
from anliegen.quality.models import Survey, SurveyAnswer, SurveyToken

QUESTIONS = [{"text": "Wie zufrieden sind Sie mit der Beratung?"}, {"text": "Wartezeit?"}]


def create(api, world, tokens=12, **extra):  # type: ignore[no-untyped-def]
    body = {"title": "Kundenbefragung", "audience": "customers", "questions": QUESTIONS}
    body.update(extra, tokens=tokens)
    response = api.post(f"/orgs/{world.org.slug}/surveys", body, user=world.gf)
    assert response.status_code == 201, response.content
    return response.json()


def answer(api, token, values):  # type: ignore[no-untyped-def]
    return api.post(f"/surveys/{token}/answers", {"answers": values})


def test_answer_rows_hold_no_token_user_or_time(api, world):
    """QS-04 anonymity by design: the answer table has only wave, question and value; the
    token table only a digest and a flag — nothing links the two."""
    survey = create(api, world, tokens=3)
    assert answer(api, survey["tokens"][0], [4, 5]).status_code == 201
    answer_columns = {f.column for f in SurveyAnswer._meta.get_fields() if hasattr(f, "column")}
    assert answer_columns == {"id", "survey_id", "question_id", "value"}
    token_columns = {f.column for f in SurveyToken._meta.get_fields() if hasattr(f, "column")}
    assert token_columns == {"id", "survey_id", "digest", "used"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM quality_surveyanswer")
        rows = cursor.fetchall()
    assert len(rows) == 2
    flat = " ".join(str(v) for row in rows for v in row)
    for token in survey["tokens"]:
        assert token not in flat
    # The clear token is stored nowhere; the audit log has no trace of answering.
    assert not SurveyToken.objects.filter(digest__in=survey["tokens"]).exists()
    assert not AuditEntry.objects.filter(action__contains="answer").exists()
    created = str(AuditEntry.objects.get(action="quality.survey_created").new)
    assert all(token not in created for token in survey["tokens"])


def test_no_address_or_user_agent_is_read(api, world, monkeypatch):
    """QS-04: the answer path never reads REMOTE_ADDR or the user agent."""
    survey = create(api, world, tokens=1)
    response = api.client.post(
        f"/api/v1/surveys/{survey['tokens'][0]}/answers",
        data={"answers": [3, 3]},
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Spion/1.0",
    )
    assert response.status_code == 201
    dump = " ".join(
        str(v)
        for model in (SurveyAnswer, SurveyToken, Survey, AuditEntry)
        for row in model.objects.values()
        for v in row.values()
    )
    assert "203.0.113.9" not in dump
    assert "Spion" not in dump


def test_used_token_is_refused_and_not_counted_twice(api, world):
    """QS-04: a used token gets a clear German message (410); the answer counts once."""
    survey = create(api, world, tokens=2)
    token = survey["tokens"][0]
    assert answer(api, token, [5, 5]).status_code == 201
    again = answer(api, token, [1, 1])
    assert again.status_code == 410
    assert again.json()["detail"] == (
        "Dieser Zugangscode wurde bereits verwendet. Ihre Antworten wurden einmal gezählt."
    )
    assert SurveyAnswer.objects.count() == 2
    assert Survey.objects.get(pk=survey["id"]).responses == 1


def test_unknown_token_is_404(api, world):
    create(api, world, tokens=1)
    response = answer(api, "gibt-es-nicht", [1, 2])
    assert response.status_code == 404
    assert "unbekannt" in response.json()["detail"]
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize("values", [[0, 3], [6, 3], [3], [3, 3, 3]])
def test_answer_outside_the_scale_changes_nothing(api, world, values):
    """QS-04 bad input: outside 1–5 or the wrong number → 422, the token stays unused."""
    survey = create(api, world, tokens=1)
    response = answer(api, survey["tokens"][0], values)
    assert response.status_code == 422
    assert not SurveyAnswer.objects.exists()
    assert not SurveyToken.objects.filter(used=True).exists()
    assert answer(api, survey["tokens"][0], [2, 2]).status_code == 201


def test_results_only_after_closing_with_suppression(api, world):
    """QS-04: null while open; after closing, a question with a cell under 5 is suppressed
    completely, a question with every cell ≥ 5 is shown with its mean."""
    survey = create(api, world, tokens=30)
    slug = world.org.slug
    # Question 1: five answers of each value; question 2: 3 × value 1, the rest value 4/5.
    for n, token in enumerate(survey["tokens"][:25]):
        second = 1 if n < 3 else (4 if n < 14 else 5)
        assert answer(api, token, [n % 5 + 1, second]).status_code == 201
    open_results = api.get(f"/orgs/{slug}/surveys/{survey['id']}/results", user=world.gf).json()
    assert open_results["responses"] == 25
    assert all(q["mean"] is None and q["counts"] is None for q in open_results["questions"])
    assert api.post(f"/orgs/{slug}/surveys/{survey['id']}/close", user=world.gf).status_code == 200
    closed = api.get(f"/orgs/{slug}/surveys/{survey['id']}/results", user=world.gf).json()
    first, second = closed["questions"]
    assert first["counts"] == {"1": 5, "2": 5, "3": 5, "4": 5, "5": 5}
    assert first["mean"] == 3.0
    assert second["counts"] == {"1": None, "2": None, "3": None, "4": None, "5": None}
    assert second["mean"] is None
    # Answering a closed wave: 410, nothing counted.
    assert answer(api, survey["tokens"][29], [1, 1]).status_code == 410
    assert Survey.objects.get(pk=survey["id"]).responses == 25


def test_fewer_than_five_responses_show_nothing(api, world):
    survey = create(api, world, tokens=4)
    for token in survey["tokens"]:
        answer(api, token, [5, 5])
    api.post(f"/orgs/{world.org.slug}/surveys/{survey['id']}/close", user=world.gf)
    results = api.get(f"/orgs/{world.org.slug}/surveys/{survey['id']}/results", user=world.gf)
    assert all(q["counts"] is None and q["mean"] is None for q in results.json()["questions"])


def test_waves_of_a_series_are_numbered(api, world):
    assert create(api, world, tokens=0)["wave"] == 1
    assert create(api, world, tokens=0)["wave"] == 2
    assert create(api, world, tokens=0, site=world.site.pk)["wave"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": " "}, "title"),
        ({"questions": []}, "questions"),
        ({"questions": [{"text": ""}]}, "questions"),
        ({"site": 999999}, "site"),
    ],
)
def test_bad_surveys_change_nothing(api, world, body, field):
    payload = {"title": "T", "audience": "customers", "questions": QUESTIONS, "tokens": 3}
    payload.update(body)
    response = api.post(f"/orgs/{world.org.slug}/surveys", payload, user=world.gf)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Survey.objects.exists()
    assert not SurveyToken.objects.exists()


def test_only_management_runs_surveys(api, world, other):
    body = {"title": "T", "audience": "employees", "questions": QUESTIONS, "tokens": 1}
    assert api.post(f"/orgs/{world.org.slug}/surveys", body, user=world.tl).status_code == 403
    assert api.post(f"/orgs/{world.org.slug}/surveys", body, user=world.office).status_code == 201
    survey = Survey.objects.get()
    path = f"/orgs/{other.org.slug}/surveys/{survey.pk}/results"
    assert api.get(path, user=other.gf).status_code == 404
    close = api.post(f"/orgs/{world.org.slug}/surveys/{survey.pk}/close", user=world.tl)
    assert close.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_same_token_twice_at_once_counts_once(api, world):
    """QS-04, NFR-03: two submissions with one token at the same moment: exactly one counts."""
    survey = create(api, world, tokens=1)
    token = survey["tokens"][0]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt() -> None:
        from anliegen.core.errors import DomainError
        from anliegen.quality.survey_actions import submit_answers

        try:
            barrier.wait()
            submit_answers(token=token, answers=[3, 4])
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(str(exc.status))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["410", "ok"]
    assert SurveyAnswer.objects.count() == 2
    assert Survey.objects.get(pk=survey["id"]).responses == 1
